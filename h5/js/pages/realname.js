// 实名认证: 姓名 + 身份证号, then the (simulated) face check.

import { post } from '../api.js';
import { ID_NUMBER_RE, clearFieldErrors, fieldErrorId, focusFirstInvalid, showFieldErrors } from '../forms.js';
import { icon } from '../icons.js';
import { safeNext } from '../router.js';
import { currentMe, realnameStatus, setRealnamePending } from '../session.js';
import { html, raw, setHtml, showLoading, toast } from '../ui.js';

/** The face step's hash, carrying `next` along. */
function faceHash(checkId, next) {
  const query = new URLSearchParams({ check: String(checkId) });
  if (next) query.set('next', next);
  return `#/realname/face?${query}`;
}

function formTemplate() {
  return html`
    <div class="realname">
      <div class="realname__intro">
        <span class="realname__icon">${raw(icon('idcard'))}</span>
        <p class="realname__lead">请填写本人真实身份信息</p>
        <p class="realname__hint">实名认证后可办理企业开办、领取电子印章</p>
      </div>
      <form class="js-form" novalidate>
        <div class="cells form">
          <div class="form-cell">
            <label class="form-cell__label" for="realname-name">姓名</label>
            <div class="form-cell__control">
              <input class="form-cell__input" id="realname-name" name="name" type="text" autocomplete="name"
                maxlength="30" placeholder="请输入真实姓名" aria-describedby="${fieldErrorId('name')}">
            </div>
            <p class="form-cell__error js-field-error" data-for="name" id="${fieldErrorId('name')}" hidden></p>
          </div>
          <div class="form-cell">
            <label class="form-cell__label" for="realname-id">身份证号</label>
            <div class="form-cell__control">
              <input class="form-cell__input js-id-number" id="realname-id" name="id_number" type="text"
                autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="18"
                placeholder="请输入18位身份证号" aria-describedby="${fieldErrorId('id_number')}">
            </div>
            <p class="form-cell__error js-field-error" data-for="id_number" id="${fieldErrorId('id_number')}" hidden></p>
          </div>
        </div>
        <p class="page-tip">您的身份信息仅用于实名认证，平台将严格保密。</p>
        <div class="btn-area">
          <button type="submit" class="btn btn--primary">下一步</button>
        </div>
      </form>
    </div>`;
}

function verifiedTemplate(realname) {
  return html`
    <div class="empty">
      <span class="empty__icon empty__icon--ok">${raw(icon('success'))}</span>
      <p class="empty__title">已完成实名认证</p>
      <p class="empty__hint">${realname.name_masked || ''} ${realname.id_number_masked || ''}</p>
      <div class="empty__actions"><a class="btn btn--primary btn--inline" href="#/home">返回首页</a></div>
    </div>`;
}

function validate(values) {
  const fields = {};
  if (!values.name) fields.name = '请输入姓名';
  if (!ID_NUMBER_RE.test(values.id_number)) fields.id_number = '请输入正确的18位身份证号';
  return fields;
}

async function submit(root, ctx) {
  const form = root.querySelector('.js-form');
  const values = {
    name: form.elements.name.value.trim(),
    id_number: form.elements.id_number.value.trim().toUpperCase(),
  };
  clearFieldErrors(form);
  const invalid = validate(values);
  if (Object.keys(invalid).length) {
    showFieldErrors(form, invalid);
    focusFirstInvalid(form);
    return;
  }
  const hide = showLoading('提交中');
  try {
    const check = await post('/api/realname', values);
    hide();
    setRealnamePending(check);
    ctx.router.replace(faceHash(check.check_id, ctx.query.get('next')));
  } catch (error) {
    hide();
    if (showFieldErrors(form, error.fields).length) focusFirstInvalid(form);
    else toast(error.message, { type: 'fail' });
  }
}

export function render(root, ctx) {
  const me = currentMe();
  const realname = (me && me.realname) || {};
  const next = ctx.query.get('next');
  if (realnameStatus() === 'verified') {
    if (next) {
      ctx.router.replace(safeNext(next));
      return;
    }
    setHtml(root, verifiedTemplate(realname));
    return;
  }
  if (realnameStatus() === 'face_pending' && realname.pending_check_id && !ctx.query.get('edit')) {
    ctx.router.replace(faceHash(realname.pending_check_id, next));
    return;
  }
  setHtml(root, formTemplate());
  root.addEventListener('input', (event) => {
    const input = event.target.closest('.js-id-number');
    if (input) input.value = input.value.replace(/[^\dXx]/g, '').toUpperCase();
  });
  root.addEventListener('submit', (event) => {
    event.preventDefault();
    submit(root, ctx);
  });
}
