// Shared by 查看已下载印章 and 管理印章: the held-seal list, its selectable rows and its empty state.

import { get } from '../api.js';
import { html } from '../ui.js';
import { emptyHtml, formatDate, formatDateTime } from '../views.js';
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

/** A row's value: the receipt id of a downloaded seal, g<id> for a seal used under a grant (授权使用). */
export function pickValue(item) {
  return item.access === 'grant' && item.grant ? `g${item.grant.id}` : String(item.receipt_id);
}

/** 授权使用 with its period and state (授权中, 未生效), for a seal granted to this user. */
function grantMetaHtml(item) {
  const grant = item.grant || {};
  return html`
    <span class="seal__meta">授权期限：${formatDate(grant.starts_on)} 至 ${formatDate(grant.ends_on)}</span>
    ${grant.state_label ? html`<span class="seal__meta">授权状态：${grant.state_label}</span>` : ''}`;
}

/**
 * One held seal as a selectable row: the picture (tap to enlarge) and a label holding a
 * radio or checkbox (class js-pick, value = pickValue(item)), so the whole text part selects it.
 */
export function pickRowHtml(item, type) {
  const seal = item.seal || {};
  const value = pickValue(item);
  const inputId = `pick-${value}`;
  const granted = item.access === 'grant';
  return html`
    <li class="seal pick">
      ${sealImage(seal)}
      <label class="pick__label" for="${inputId}">
        <span class="seal__bd">
          <span class="seal__name">${seal.name} ${statusTag(seal)}${granted ? html` <span class="tag tag--grant">${item.access_label || '授权使用'}</span>` : ''}</span>
          ${seal.code ? html`<span class="seal__meta">印章编码：<span class="nowrap">${seal.code}</span></span>` : ''}
          ${granted ? grantMetaHtml(item) : html`<span class="seal__meta">下载时间：${formatDateTime(item.received_at)}</span>`}
        </span>
        <input class="pick__input pick__input--${type} js-pick" type="${type}" name="seal" id="${inputId}" value="${value}">
      </label>
    </li>`;
}

/** The values (pickValue) of the checked rows under `root`. */
export function pickedIds(root) {
  return [...root.querySelectorAll('.js-pick:checked')].map((input) => input.value);
}
