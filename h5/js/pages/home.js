// 首页 (tab): banner, 实名 status, service grid, account.

import { post } from '../api.js';
import { icon } from '../icons.js';
import { currentMe, setMe } from '../session.js';
import { confirmDialog, html, raw, setHtml, showLoading, toast } from '../ui.js';

const SERVICES = [
  { hash: '#/startup', label: '开办企业', icon: 'building', tone: 'blue' },
  { hash: '#/startups', label: '我的办件', icon: 'list', tone: 'green' },
  { hash: '#/cards', label: '证照卡包', icon: 'wallet', tone: 'orange' },
  { hash: '#/cards', label: '电子印章', icon: 'stamp', tone: 'red' },
];

function realnameCell(realname) {
  if (realname.status === 'verified') {
    return html`
      <div class="cell">
        <span class="cell__icon cell__icon--green">${raw(icon('idcard'))}</span>
        <div class="cell__bd">已实名认证<span class="cell__desc">${realname.name_masked || ''} ${realname.id_number_masked || ''}</span></div>
        <span class="cell__ft"><span class="tag tag--completed">已认证</span></span>
      </div>`;
  }
  const desc = realname.status === 'face_pending' ? '待完成人脸识别' : '实名认证后可办理企业开办、领取电子印章';
  return html`
    <a class="cell cell--access" href="#/realname">
      <span class="cell__icon cell__icon--orange">${raw(icon('idcard'))}</span>
      <div class="cell__bd">去实名认证<span class="cell__desc">${desc}</span></div>
      <span class="cell__ft"><span class="tag tag--submitted">未认证</span></span>
    </a>`;
}

function template(me) {
  const realname = (me && me.realname) || { status: 'none' };
  return html`
    <div class="banner">
      <p class="banner__title">广州市企业开办一网通平台</p>
      <p class="banner__sub">企业开办 一网通办 · 无介质电子礼包</p>
    </div>
    <div class="cells cells--inset home__status">${realnameCell(realname)}</div>
    <div class="cells cells--inset">
      <h2 class="section-title">企业服务</h2>
      <ul class="grid">
        ${SERVICES.map((item) => html`
          <li class="grid__item">
            <a class="grid__link" href="${item.hash}">
              <span class="grid__icon grid__icon--${item.tone}">${raw(icon(item.icon))}</span>
              <span class="grid__label">${item.label}</span>
            </a>
          </li>`)}
      </ul>
    </div>
    <div class="cells__title">账号</div>
    <div class="cells">
      <div class="cell">
        <span class="cell__icon">${raw(icon('phone'))}</span>
        <div class="cell__bd">登录手机号</div>
        <span class="cell__ft">${(me && me.phone_masked) || ''}</span>
      </div>
      <button type="button" class="cell cell--warn js-logout"><span class="cell__bd">退出登录</span></button>
    </div>`;
}

async function logout(ctx) {
  const ok = await confirmDialog({ title: '退出登录', body: '确定退出当前账号吗？', confirmText: '确定' });
  if (!ok) return;
  const hide = showLoading('正在退出');
  try {
    await post('/api/auth/logout', {});
    hide();
    setMe(null);
    ctx.router.reset('#/login');
  } catch (error) {
    hide();
    toast(error.message, { type: 'fail' });
  }
}

export function render(root, ctx) {
  setHtml(root, template(currentMe()));
  root.addEventListener('click', (event) => {
    if (event.target.closest('.js-logout')) logout(ctx);
  });
}
