// 登录: phone number + SMS code; the footer leads a visitor to 印章验真 (public).

import { post, withQuery } from '../api.js';
import { showDemoCode } from '../demo-code.js';
import { CODE_RE, PHONE_RE, clearFieldErrors, fieldErrorId, showFieldErrors } from '../forms.js';
import { icon } from '../icons.js';
import { safeNext } from '../router.js';
import { setMe } from '../session.js';
import { html, raw, setHtml, showLoading, toast } from '../ui.js';

let countdownTimer = 0;

function template() {
  return html`
    <div class="login">
      <div class="login__brand">
        <span class="login__emblem">${raw(icon('building'))}</span>
        <p class="login__name">广州市企业开办一网通平台</p>
        <p class="login__slogan">企业开办 一网通办</p>
      </div>
      <form class="js-form" novalidate>
        <div class="cells form">
          <div class="form-cell">
            <label class="form-cell__label" for="login-phone">手机号</label>
            <div class="form-cell__control">
              <input class="form-cell__input js-phone" id="login-phone" name="phone" type="tel" inputmode="numeric"
                autocomplete="tel" maxlength="11" placeholder="请输入手机号" aria-describedby="${fieldErrorId('phone')}">
            </div>
            <p class="form-cell__error js-field-error" data-for="phone" id="${fieldErrorId('phone')}" hidden></p>
          </div>
          <div class="form-cell form-cell--action-first">
            <label class="form-cell__label" for="login-code">验证码</label>
            <!-- first in the document, drawn at the right: Tab goes 手机号 → 获取验证码 → 验证码, as they are used -->
            <div class="form-cell__ft">
              <button type="button" class="vcode-btn js-send">获取验证码</button>
            </div>
            <div class="form-cell__control">
              <input class="form-cell__input js-code" id="login-code" name="code" type="text" inputmode="numeric"
                autocomplete="one-time-code" maxlength="6" placeholder="6位验证码" aria-describedby="${fieldErrorId('code')}">
            </div>
            <p class="form-cell__error js-field-error" data-for="code" id="${fieldErrorId('code')}" hidden></p>
          </div>
        </div>
        <div class="notice notice--info login__demo js-demo" role="status" hidden></div>
        <div class="btn-area">
          <button type="submit" class="btn btn--primary js-login" disabled>登录</button>
        </div>
      </form>
      <p class="login__footer"><a class="login__footer-link" href="#/verify">印章验真</a></p>
    </div>`;
}

function stopCountdown() {
  clearInterval(countdownTimer);
  countdownTimer = 0;
}

function startCountdown(button, seconds) {
  stopCountdown();
  let left = seconds;
  const tick = () => {
    if (left <= 0) {
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
  countdownTimer = setInterval(tick, 1000);
}

function demoCode(root, phone) {
  return showDemoCode(root.querySelector('.js-demo'), withQuery('/api/dev/sms-outbox', { phone }), 'login');
}

async function sendCode(root) {
  const phone = root.querySelector('.js-phone').value.trim();
  const button = root.querySelector('.js-send');
  clearFieldErrors(root);
  if (!PHONE_RE.test(phone)) {
    showFieldErrors(root, { phone: '请输入正确的11位手机号' });
    root.querySelector('.js-phone').focus();
    return;
  }
  button.disabled = true;
  try {
    const result = await post('/api/auth/sms-codes', { phone });
    toast('验证码已发送', { type: 'success' });
    startCountdown(button, (result && result.resend_after) || 60);
    root.querySelector('.js-code').focus();
    await demoCode(root, phone);
  } catch (error) {
    if (error.status === 429) {
      toast(error.message);
      startCountdown(button, error.retryAfter || 60);
      await demoCode(root, phone);
      return;
    }
    button.disabled = false;
    if (!showFieldErrors(root, error.fields).length) toast(error.message, { type: 'fail' });
  }
}

async function login(root, ctx) {
  const phone = root.querySelector('.js-phone').value.trim();
  const code = root.querySelector('.js-code').value.trim();
  clearFieldErrors(root);
  if (!PHONE_RE.test(phone)) {
    showFieldErrors(root, { phone: '请输入正确的11位手机号' });
    return;
  }
  if (!CODE_RE.test(code)) {
    showFieldErrors(root, { code: '请输入6位验证码' });
    return;
  }
  const hide = showLoading('登录中');
  try {
    const me = await post('/api/auth/login', { phone, code });
    hide();
    setMe(me);
    stopCountdown();
    toast('登录成功', { type: 'success', duration: 1200 });
    ctx.router.reset(safeNext(ctx.query.get('next')));
  } catch (error) {
    hide();
    if (!showFieldErrors(root, error.fields).length) toast(error.message, { type: 'fail', duration: 2500 });
  }
}

function syncButton(root) {
  const phone = root.querySelector('.js-phone');
  const code = root.querySelector('.js-code');
  phone.value = phone.value.replace(/\D/g, '');
  code.value = code.value.replace(/\D/g, '');
  root.querySelector('.js-login').disabled = !(PHONE_RE.test(phone.value) && CODE_RE.test(code.value));
}

export function render(root, ctx) {
  setHtml(root, template());
  root.addEventListener('input', () => syncButton(root));
  root.addEventListener('click', (event) => {
    if (event.target.closest('.js-send')) sendCode(root);
  });
  root.addEventListener('submit', (event) => {
    event.preventDefault();
    login(root, ctx);
  });
}

export function destroy() {
  stopCountdown();
}
