// 授权用印 (the principal, from 查看详情): whom this seal is authorised to — masked, the period, 授权中 / 未生效 /
// 已过期 / 已撤销 — with 【撤销授权】 for a grant in force or to come, and 【新增授权】 (the form) while the seal may
// be granted; when it may not, the reason instead.

import { get, post } from '../api.js';
import { icon } from '../icons.js';
import { alertDialog, confirmDialog, html, raw, setHtml, showLoading, toast } from '../ui.js';
import { emptyHtml, formatDate, formatDateTime, sameOriginUrl } from '../views.js';
import { enterpriseId, esealHash, loadInto, noEnterpriseHtml, statusTag } from './eseal-shared.js';

const ID_RE = /^\d{1,12}$/;
const TONE = { active: 'filed', pending: 'pending', expired: 'muted', revoked: 'revoked' };
const REVOCABLE = new Set(['active', 'pending']);

/** The seal's grants (GET /api/seals/<id>/grants): seal, grantable, not_grantable_reason, dates, items. */
export function loadGrants(sealId) {
  return get(`/api/seals/${encodeURIComponent(sealId)}/grants`);
}

export function grantsHash(ent, sealId, path = '') {
  return `${esealHash(`/grants${path}`, ent)}&seal=${encodeURIComponent(sealId)}`;
}

/** A grant: the grantee masked, the period and its state; `actions` (html) under it. */
export function grantItemHtml(grant, actions = '') {
  return html`
    <li class="receipt grant">
      <div class="receipt__hd">
        <p class="receipt__who">${grant.grantee_name_masked}<span class="receipt__role">授权使用</span></p>
        <span class="tag tag--${TONE[grant.state] || 'muted'}">${grant.state_label}</span>
      </div>
      <p class="receipt__meta">手机号码：<span class="nowrap">${grant.phone_masked}</span></p>
      <p class="receipt__meta">授权期限：${formatDate(grant.starts_on)} 至 ${formatDate(grant.ends_on)}</p>
      ${grant.created_at ? html`<p class="receipt__meta">授权时间：${formatDateTime(grant.created_at)}</p>` : ''}
      ${grant.revoked_at ? html`<p class="receipt__meta">撤销时间：${formatDateTime(grant.revoked_at)}${grant.revoke_reason_label ? `（${grant.revoke_reason_label}）` : ''}</p>` : ''}
      ${actions}
    </li>`;
}

function revokeHtml(grant) {
  if (!REVOCABLE.has(grant.state)) return '';
  return html`
    <div class="grant__actions">
      <button type="button" class="btn btn--warn btn--inline grant__revoke js-revoke" data-grant="${grant.id}"
        data-name="${grant.grantee_name_masked}">撤销授权</button>
    </div>`;
}

function template(state, data) {
  const seal = data.seal || {};
  const items = data.items || [];
  const picture = sameOriginUrl(seal.thumb_url) || sameOriginUrl(seal.image_url);
  return html`
    <div class="grant-seal">
      <span class="seal-chip__img grant-seal__img">${picture ? html`<img src="${picture}" alt="${seal.name}印模">` : raw(icon('stamp'))}</span>
      <div class="grant-seal__bd">
        <p class="grant-seal__name">${seal.name} ${statusTag(seal)}</p>
        <p class="grant-seal__hint">授权实名认证的人员在授权期限内使用本印章用印，可随时撤销。</p>
      </div>
    </div>
    ${data.grantable
      ? html`<div class="btn-area"><a class="btn btn--primary" href="${grantsHash(state.ent, state.sealId, '/new')}">新增授权</a></div>`
      : html`<p class="notice js-not-grantable" role="status">${data.not_grantable_reason || '该印章当前不能授权使用'}</p>`}
    ${items.length ? html`
      <h2 class="cells__title">授权记录（${items.length}条）</h2>
      <ul class="cells receipt-list js-grants">${items.map((grant) => grantItemHtml(grant, revokeHtml(grant)))}</ul>`
    : emptyHtml({ iconName: 'list', title: '暂无授权', hint: '授权后，被授权人可在“查看已下载印章”中看到本印章并用印' })}`;
}

async function load(state) {
  const { root, ctx } = state;
  return loadInto(root, ctx, async () => {
    const data = (await loadGrants(state.sealId)) || {};
    if (!ctx.alive()) return;
    state.sealName = (data.seal && data.seal.name) || '';
    setHtml(root, template(state, data));
  }, (message) => noEnterpriseHtml(message));
}

async function revoke(state, button) {
  const ok = await confirmDialog({
    title: '撤销授权',
    body: `撤销后，${button.dataset.name}将立即不能使用${state.sealName || '该印章'}用印。确定撤销授权吗？`,
    cancelText: '取消',
    confirmText: '撤销授权',
    danger: true,
  });
  if (!ok || !state.ctx.alive()) return;
  const hide = showLoading('正在撤销');
  try {
    await post(`/api/grants/${encodeURIComponent(button.dataset.grant)}/revoke`, {});
    hide();
    if (!state.ctx.alive()) return;
    toast('已撤销授权', { type: 'success' });
    await load(state);
  } catch (error) {
    hide();
    if (!state.ctx.alive()) return;
    await alertDialog({ title: '无法撤销', body: error.message || '请稍后重试' });
    load(state);
  }
}

export function render(root, ctx) {
  const ent = enterpriseId(ctx);
  const sealId = ctx.query.get('seal');
  if (!ent || !sealId || !ID_RE.test(sealId)) {
    setHtml(root, noEnterpriseHtml('未找到该印章，请从“印章详情”中进入'));
    return undefined;
  }
  const state = { root, ctx, ent, sealId, sealName: '' };
  root.addEventListener('click', (event) => {
    const button = event.target.closest('.js-revoke');
    if (button) revoke(state, button);
    else if (event.target.closest('.js-retry')) load(state);
  });
  return load(state);
}
