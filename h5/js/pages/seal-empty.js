// Shared by 查看已下载印章 and 管理印章: the held-seal list, its selectable rows and its empty state.

import { get } from '../api.js';
import { html } from '../ui.js';
import { emptyHtml, formatDateTime } from '../views.js';
import { enterpriseHeader, esealHash, loadEnterprise, sealImage, statusTag } from './eseal-shared.js';

/** The enterprise and the seals this user holds for it: { enterprise, items }. */
export async function loadHeld(id) {
  const [enterprise, wallet] = await Promise.all([
    loadEnterprise(id),
    get(`/api/enterprises/${encodeURIComponent(id)}/wallet`),
  ]);
  return { enterprise, items: (wallet && wallet.items) || [] };
}

/** 暂无已下载印章 with 【去下载印章】, under the enterprise header. */
export function walletEmptyHtml(enterprise, id, hint = '下载印章后可在此查看') {
  return html`
    ${enterpriseHeader(enterprise)}
    ${emptyHtml({
      iconName: 'stamp',
      title: '暂无已下载印章',
      hint,
      action: html`<a class="btn btn--primary btn--inline" href="${esealHash('/download', id)}">去下载印章</a>`,
    })}`;
}

/**
 * One held seal as a selectable row: the picture (tap to enlarge) and a label holding a
 * radio or checkbox (class js-pick, value = receipt id), so the whole text part selects it.
 */
export function pickRowHtml(item, type) {
  const seal = item.seal || {};
  const inputId = `pick-${item.receipt_id}`;
  return html`
    <li class="seal pick">
      ${sealImage(seal)}
      <label class="pick__label" for="${inputId}">
        <span class="seal__bd">
          <span class="seal__name">${seal.name} ${statusTag(seal)}</span>
          ${seal.code ? html`<span class="seal__meta">印章编码：<span class="nowrap">${seal.code}</span></span>` : ''}
          <span class="seal__meta">下载时间：${formatDateTime(item.received_at)}</span>
        </span>
        <input class="pick__input pick__input--${type} js-pick" type="${type}" name="seal" id="${inputId}" value="${item.receipt_id}">
      </label>
    </li>`;
}

/** The receipt ids of the checked rows under `root`. */
export function pickedIds(root) {
  return [...root.querySelectorAll('.js-pick:checked')].map((input) => input.value);
}
