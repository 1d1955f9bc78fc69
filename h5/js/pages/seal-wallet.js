// 查看已下载印章: the seals this user downloaded for the enterprise (tap a picture to enlarge it).

import { get } from '../api.js';
import { html, setHtml } from '../ui.js';
import { emptyHtml, errorHtml, formatDateTime, loadingHtml } from '../views.js';
import { openImage } from '../viewer.js';
import {
  enterpriseHeader, enterpriseId, esealHash, isFinal, loadEnterprise, noEnterpriseHtml, sealImage,
} from './eseal-shared.js';

function itemHtml(item) {
  const seal = item.seal || {};
  return html`
    <li class="seal">
      ${sealImage(seal)}
      <div class="seal__bd">
        <p class="seal__name">${seal.name}${seal.status_label ? html` <span class="tag tag--muted">${seal.status_label}</span>` : ''}</p>
        ${seal.code ? html`<p class="seal__meta">印章编码：<span class="nowrap">${seal.code}</span></p>` : ''}
        <p class="seal__meta">下载时间：${formatDateTime(item.received_at)}</p>
      </div>
    </li>`;
}

function template(enterprise, items, id) {
  if (!items.length) {
    return html`
      ${enterpriseHeader(enterprise)}
      ${emptyHtml({
        iconName: 'stamp',
        title: '暂无已下载印章',
        hint: '下载印章后可在此查看',
        action: html`<a class="btn btn--primary btn--inline" href="${esealHash('/download', id)}">去下载印章</a>`,
      })}`;
  }
  return html`
    ${enterpriseHeader(enterprise)}
    <h2 class="cells__title">已下载印章（${items.length}枚）</h2>
    <ul class="cells seal-list">${items.map(itemHtml)}</ul>`;
}

async function load(root, ctx, id) {
  setHtml(root, loadingHtml());
  try {
    const path = `/api/enterprises/${encodeURIComponent(id)}`;
    const [enterprise, wallet] = await Promise.all([loadEnterprise(id), get(`${path}/wallet`)]);
    if (!ctx.alive()) return;
    setHtml(root, template(enterprise, (wallet && wallet.items) || [], id));
  } catch (error) {
    setHtml(root, isFinal(error) ? noEnterpriseHtml(error.message) : errorHtml(error));
  }
}

export function render(root, ctx) {
  const id = enterpriseId(ctx);
  if (!id) {
    setHtml(root, noEnterpriseHtml());
    return undefined;
  }
  root.addEventListener('click', (event) => {
    const enlarge = event.target.closest('.js-enlarge');
    if (enlarge) openImage(enlarge.dataset.src, enlarge.dataset.name);
    else if (event.target.closest('.js-retry')) load(root, ctx, id);
  });
  return load(root, ctx, id);
}
