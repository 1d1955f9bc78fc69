// 印章领用情况: who has received this seal, when, and whether they still hold it; and whom the principal
// authorised to use it (授权使用: masked, the period, 授权中 / 未生效 / 已过期 / 已撤销).

import { get } from '../api.js';
import { html, setHtml } from '../ui.js';
import { emptyHtml, formatDateTime } from '../views.js';
import { enterpriseId, loadInto, noEnterpriseHtml } from './eseal-shared.js';
import { grantItemHtml } from './seal-grants.js';

const ID_RE = /^[\w-]{1,64}$/;

function itemHtml(item) {
  const held = item.status === 'held';
  return html`
    <li class="receipt">
      <div class="receipt__hd">
        <p class="receipt__who">${item.holder_name_masked}${item.role ? html`<span class="receipt__role">${item.role}</span>` : ''}</p>
        <span class="tag ${held ? 'tag--filed' : 'tag--muted'}">${item.status_label || (held ? '持有中' : '已删除')}</span>
      </div>
      ${item.phone_masked ? html`<p class="receipt__meta">手机号码：<span class="nowrap">${item.phone_masked}</span></p>` : ''}
      <p class="receipt__meta">领用时间：${formatDateTime(item.received_at)}</p>
      ${!held && item.deleted_at ? html`<p class="receipt__meta">删除时间：${formatDateTime(item.deleted_at)}</p>` : ''}
    </li>`;
}

/** A seal no longer in use (已停用 / 已注销) says so above who received it. */
function sealStateHtml(seal) {
  if (!seal || (seal.status !== 'suspended' && seal.status !== 'revoked')) return '';
  return html`<p class="notice js-seal-state" role="status">该印章${seal.status_label}，不能下载或使用</p>`;
}

function template(data) {
  const items = data.items || [];
  const grants = data.grants || [];
  const name = (data.seal && data.seal.name) || '';
  if (!items.length && !grants.length) {
    return emptyHtml({ iconName: 'list', title: '暂无领用记录', hint: name ? `${name}尚未被领用` : '' });
  }
  return html`
    ${sealStateHtml(data.seal)}
    ${items.length ? html`
      <h2 class="cells__title">${name ? `${name}的领用信息` : '领用信息'}（${items.length}条）</h2>
      <ul class="cells receipt-list">${items.map(itemHtml)}</ul>` : ''}
    ${grants.length ? html`
      <h2 class="cells__title">授权使用（${grants.length}条）</h2>
      <ul class="cells receipt-list js-grants">${grants.map((grant) => grantItemHtml(grant))}</ul>` : ''}`;
}

async function load(root, ctx, sealId) {
  return loadInto(root, ctx, async () => {
    const data = await get(`/api/seals/${encodeURIComponent(sealId)}/receipts`);
    if (!ctx.alive()) return;
    setHtml(root, template(data || {}));
  });
}

export function render(root, ctx) {
  const sealId = ctx.query.get('seal');
  if (!enterpriseId(ctx) || !sealId || !ID_RE.test(sealId)) {
    setHtml(root, noEnterpriseHtml('未找到该印章，请从“印章详情”中进入'));
    return undefined;
  }
  root.addEventListener('click', (event) => {
    if (event.target.closest('.js-retry')) load(root, ctx, sealId);
  });
  return load(root, ctx, sealId);
}
