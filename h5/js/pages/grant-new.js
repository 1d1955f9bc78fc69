// 新增授权 (授权用印): the principal authorises a real-name-verified person — 手机号 + 姓名 as verified — to use the
// seal from 开始日期 to 结束日期 (not before today, not after the seal certificate's end) → 【确认授权】. The
// server decides; its reasons are shown under the fields they concern. Back (or done) leads to the grant list.

import { post } from '../api.js';
import { PHONE_RE, clearFieldErrors, fieldErrorId, focusFirstInvalid, showFieldErrors } from '../forms.js';
import { alertDialog, confirmDialog, html, setHtml, showLoading, toast } from '../ui.js';
import { emptyHtml, formatDate } from '../views.js';
import { enterpriseId, loadInto, noEnterpriseHtml } from './eseal-shared.js';
import { grantsHash, loadGrants } from './seal-grants.js';

const ID_RE = /^\d{1,12}$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const NAME_RE = /^[\u4e00-\u9fa5·]{2,20}$/;

function field({ name, label, type, placeholder, extra = '' }) {
  return html`
    <div class="form-cell">
      <label class="form-cell__label" for="grant-${name}">${label}</label>
      <div class="form-cell__control">
        <input class="form-cell__input" id="grant-${name}" name="${name}" type="${type}" placeholder="${placeholder}"
          aria-describedby="${fieldErrorId(name)}" ${extra}>
      </div>
      <p class="form-cell__error js-field-error" data-for="${name}" id="${fieldErrorId(name)}" hidden></p>
    </div>`;
}

function template(data) {
  const seal = data.seal || {};
  const min = data.min_starts_on || '';
  const max = data.max_ends_on || '';
  const range = html`min="${min}" ${max ? html`max="${max}"` : ''}`;
  return html`
    <p class="page-tip">授权使用：${seal.name}。被授权人须已登录一网通并完成实名认证，姓名与实名认证信息一致；授权期限内，被授权人通过短信验证码确认用印。</p>
    <form class="js-form" novalidate>
      <div class="cells form">
        ${field({ name: 'phone', label: '手机号', type: 'tel', placeholder: '被授权人手机号', extra: html`inputmode="numeric" maxlength="11" autocomplete="off"` })}
        ${field({ name: 'name', label: '姓名', type: 'text', placeholder: '被授权人真实姓名', extra: html`maxlength="20" autocomplete="off"` })}
        ${field({ name: 'starts_on', label: '开始日期', type: 'date', placeholder: 'YYYY-MM-DD', extra: html`${range} value="${min}"` })}
        ${field({ name: 'ends_on', label: '结束日期', type: 'date', placeholder: 'YYYY-MM-DD', extra: range })}
      </div>
      ${max ? html`<p class="page-tip">结束日期不能晚于印章证书有效期的截止日期（${formatDate(max)}）。</p>` : ''}
      <div class="btn-area">
        <button type="submit" class="btn btn--primary">确认授权</button>
      </div>
    </form>`;
}

/** The seal may not be granted now (停用, 注销, no certificate): why, and the way back to its grants. */
function refusedHtml(state, reason) {
  return emptyHtml({
    iconName: 'stamp',
    title: '无法授权',
    hint: reason || '该印章当前不能授权使用',
    action: html`<a class="btn btn--primary btn--inline" href="${grantsHash(state.ent, state.sealId)}">查看授权记录</a>`,
  });
}

function validate(values) {
  const fields = {};
  if (!PHONE_RE.test(values.phone)) fields.phone = '请输入正确的11位手机号';
  if (!NAME_RE.test(values.name)) fields.name = '请输入2至20个汉字的真实姓名';
  if (!DATE_RE.test(values.starts_on)) fields.starts_on = '请选择开始日期';
  if (!DATE_RE.test(values.ends_on)) fields.ends_on = '请选择结束日期';
  else if (DATE_RE.test(values.starts_on) && values.ends_on < values.starts_on) fields.ends_on = '结束日期不能早于开始日期';
  return fields;
}

async function submit(state) {
  const form = state.root.querySelector('.js-form');
  const values = {};
  ['phone', 'name', 'starts_on', 'ends_on'].forEach((name) => {
    values[name] = form.elements[name].value.trim();
  });
  clearFieldErrors(form);
  const invalid = validate(values);
  if (Object.keys(invalid).length) {
    showFieldErrors(form, invalid);
    focusFirstInvalid(form);
    return;
  }
  const ok = await confirmDialog({
    title: '确认授权',
    body: `授权${values.name}（${values.phone.slice(0, 3)}****${values.phone.slice(7)}）在${values.starts_on}至${values.ends_on}期间使用${state.sealName}用印？`,
    confirmText: '确认授权',
  });
  if (!ok || !state.ctx.alive()) return;
  const hide = showLoading('提交中');
  try {
    await post(`/api/seals/${encodeURIComponent(state.sealId)}/grants`, values);
    hide();
    if (!state.ctx.alive()) return;
    toast('授权成功', { type: 'success' });
    state.ctx.router.back(); // to the grant list (planted under this page when it was opened on its own)
  } catch (error) {
    hide();
    if (!state.ctx.alive()) return;
    if (showFieldErrors(form, error.fields).length) focusFirstInvalid(form);
    else await alertDialog({ title: '无法授权', body: error.message || '请稍后重试' });
  }
}

async function load(state) {
  const { root, ctx } = state;
  return loadInto(root, ctx, async () => {
    const data = (await loadGrants(state.sealId)) || {};
    if (!ctx.alive()) return;
    state.sealName = (data.seal && data.seal.name) || '该印章';
    if (!data.grantable) {
      setHtml(root, refusedHtml(state, data.not_grantable_reason));
      return;
    }
    setHtml(root, template(data));
  }, (message) => noEnterpriseHtml(message));
}

export function render(root, ctx) {
  const ent = enterpriseId(ctx);
  const sealId = ctx.query.get('seal');
  if (!ent || !sealId || !ID_RE.test(sealId)) {
    setHtml(root, noEnterpriseHtml('未找到该印章，请从“印章详情”中进入'));
    return undefined;
  }
  const state = { root, ctx, ent, sealId, sealName: '' };
  root.addEventListener('input', (event) => {
    if (event.target.name === 'phone') event.target.value = event.target.value.replace(/\D/g, '');
  });
  root.addEventListener('submit', (event) => {
    event.preventDefault();
    submit(state);
  });
  root.addEventListener('click', (event) => {
    if (event.target.closest('.js-retry')) load(state);
  });
  return load(state);
}
