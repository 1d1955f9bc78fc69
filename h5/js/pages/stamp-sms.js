// 短信验证: a seal used under 授权用印 is confirmed with a fresh SMS code sent to the grantee's own phone
// (instead of the licence password): 获取验证码 again after a countdown, as at 登录; then 【确认用印】.

import { post } from '../api.js';
import { showDemoCode } from '../demo-code.js';
import { CODE_RE, clearFieldErrors, fieldErrorId, showFieldErrors } from '../forms.js';
import { html, setHtml, showLoading, toast } from '../ui.js';
import { loadInto } from './eseal-shared.js';
import { rememberSmsPhone, smsSent } from './stamp-confirm.js';
import {
  enterpriseOf,
  loadRequest,
  requestGoneHtml,
  requestId,
  stampApi,
  stampHash,
  stepsHtml,
} from './stamp-shared.js';

const RESEND_SECONDS = 60;
let timer = 0;

function stopCountdown() {
  clearInterval(timer);
  timer = 0;
}

function countdown(button, seconds) {
  stopCountdown();
  let left = Math.ceil(seconds);
  const tick = () => {
    if (!button.isConnected || left <= 0) {
      stopCountdown();
      button.disabled = false;
      button.textContent = '重新获取';
      return;
    }
    button.disabled = true;
    button.textContent = `${left}秒后重新获取`;
    left -= 1;
  };
  tick();
  timer = setInterval(tick, 1000);
}

function template(state) {
  const { doc, sent } = state;
  return html`
    ${stepsHtml(2)}
    <p class="page-tip">您使用的是授权使用的印章，需通过短信验证码确认本次用印。</p>
    <div class="notice notice--info js-demo" role="status" hidden></div>
    <div class="cells form">
      <div class="cell info-cell"><span class="info-cell__label">用印文件</span><span class="info-cell__value">${doc.name}</span></div>
      <div class="cell info-cell"><span class="info-cell__label">手机号</span>
        <span class="info-cell__value nowrap js-phone">${(sent && sent.phone) || '本人手机号'}</span></div>
    </div>
    <form class="js-form" novalidate>
      <div class="cells form">
        <div class="form-cell form-cell--action-first">
          <label class="form-cell__label" for="stamp-code">验证码</label>
          <div class="form-cell__ft"><button type="button" class="vcode-btn js-send">获取验证码</button></div>
          <div class="form-cell__control">
            <input class="form-cell__input js-code" id="stamp-code" name="code" type="text" inputmode="numeric"
              autocomplete="one-time-code" maxlength="6" placeholder="6位验证码" aria-describedby="${fieldErrorId('code')}">
          </div>
          <p class="form-cell__error js-field-error" data-for="code" id="${fieldErrorId('code')}" hidden></p>
        </div>
      </div>
      <p class="page-tip js-sent" role="status">${sent ? `验证码已发送至${sent.phone}，5分钟内有效` : ''}</p>
      <div class="btn-area">
        <button type="submit" class="btn btn--primary js-submit" disabled>确认用印</button>
      </div>
    </form>`;
}

function demoCode(root) {
  return showDemoCode(root.querySelector('.js-demo'), '/api/dev/sms-outbox/mine', 'stamp');
}

async function resend(state) {
  const button = state.root.querySelector('.js-send');
  button.disabled = true;
  try {
    const result = await post(stampApi.code(state.request), {});
    if (!state.ctx.alive()) return;
    rememberSmsPhone(state.request, result && result.phone_masked);
    state.root.querySelector('.js-sent').textContent = `验证码已发送至${result.phone_masked}，5分钟内有效`;
    toast('验证码已发送', { type: 'success' });
    countdown(button, RESEND_SECONDS);
    state.root.querySelector('.js-code').focus();
    demoCode(state.root);
  } catch (error) {
    if (!state.ctx.alive()) return;
    if (error.status === 429) {
      toast(error.message);
      countdown(button, error.retryAfter || RESEND_SECONDS);
      return;
    }
    button.disabled = false;
    toast(error.message, { type: 'fail' });
  }
}

async function submit(state) {
  const input = state.root.querySelector('.js-code');
  const code = input.value.trim();
  clearFieldErrors(state.root);
  if (!CODE_RE.test(code)) {
    showFieldErrors(state.root, { code: '请输入6位验证码' });
    return;
  }
  const hide = showLoading('正在用印');
  try {
    await post(stampApi.complete(state.request), { code });
    hide();
    if (!state.ctx.alive()) return;
    stopCountdown();
    state.ctx.router.replace(stampHash('/result', state.request, state.ent));
  } catch (error) {
    hide();
    if (!state.ctx.alive()) return;
    if (!showFieldErrors(state.root, error.fields).length) toast(error.message, { type: 'fail', duration: 2500 });
  }
}

async function load(state) {
  const { root, ctx, request } = state;
  return loadInto(root, ctx, async () => {
    const doc = await loadRequest(request);
    if (!ctx.alive()) return;
    if (doc.status === 'signed') {
      ctx.router.replace(stampHash('/result', request, state.ent));
      return;
    }
    if (doc.mode !== 'sms' || doc.status !== 'confirming') {
      setHtml(root, requestGoneHtml('尚未确认用印，请先点击【确认用印】', state.ent));
      return;
    }
    state.doc = doc;
    state.sent = smsSent(request);
    setHtml(root, template(state));
    const left = state.sent ? RESEND_SECONDS - (Date.now() - state.sent.at) / 1000 : 0;
    if (left > 0) countdown(root.querySelector('.js-send'), left);
    if (state.sent) demoCode(root);
  }, (message) => requestGoneHtml(message, state.ent));
}

export function render(root, ctx) {
  const request = requestId(ctx);
  const state = { root, ctx, request, ent: enterpriseOf(ctx, request), doc: null, sent: null };
  if (!request) {
    setHtml(root, requestGoneHtml('未找到该用印文件，请先选择文件', state.ent));
    return undefined;
  }
  root.addEventListener('input', (event) => {
    const input = event.target.closest('.js-code');
    if (!input) return;
    input.value = input.value.replace(/\D/g, '');
    root.querySelector('.js-submit').disabled = !CODE_RE.test(input.value);
  });
  root.addEventListener('click', (event) => {
    if (event.target.closest('.js-send')) resend(state);
    else if (event.target.closest('.js-retry')) load(state);
  });
  root.addEventListener('submit', (event) => {
    event.preventDefault();
    submit(state);
  });
  return load(state);
}

export function destroy() {
  stopCountdown();
}
