// The mini-program chrome around every page: navigation bar and bottom tab bar.
// Inside WeChat's web view WeChat draws the title bar itself: the app's own bar is then only a hidden
// heading (document.title carries the page title), and an in-page 返回首页 stands in where WeChat's back
// would leave the app. Any browser shows a notice while the network is down.

import { icon } from './icons.js';
import { closeDialogs, html, raw, setHtml } from './ui.js';

const TABS = [
  { key: 'home', hash: '#/home', label: '首页', icon: 'home' },
  { key: 'services', hash: '#/services', label: '办事', icon: 'services' },
  { key: 'cards', hash: '#/cards', label: '证照卡包', icon: 'wallet' },
];

/** True in WeChat's built-in browser (its user agent names MicroMessenger). */
export function inWeChat() {
  return /MicroMessenger/i.test(navigator.userAgent || '');
}

/** Builds the nav bar and tab bar inside `app`; returns the shell used by the router. */
export function createShell(app, { onBack, onHome }) {
  const wechat = inWeChat();
  // The title comes first in the document so that the first Tab after a page change (focus is on the
  // title) reaches 返回; the grid still draws back on the left.
  setHtml(app, html`
    <header class="navbar ${wechat ? 'navbar--system' : ''}">
      <div class="navbar__inner">
        <h1 class="navbar__title js-nav-title" id="nav-title" tabindex="-1"></h1>
        <div class="navbar__left">
          <button type="button" class="navbar__btn js-nav-back" aria-label="返回" hidden>${raw(icon('back'))}</button>
          <button type="button" class="navbar__btn navbar__btn--home js-nav-home" aria-label="返回首页" hidden>${raw(icon('home'))}</button>
        </div>
        <div class="navbar__capsule" aria-hidden="true"></div>
      </div>
    </header>
    <p class="net-notice js-offline" role="status" hidden>网络连接已断开，请检查网络设置</p>
    <div class="inpage-nav js-inpage-nav" hidden>
      <button type="button" class="inpage-nav__btn js-inpage-home">${raw(icon('home'))}<span>返回首页</span></button>
    </div>
    <main class="view js-view"></main>
    <nav class="tabbar js-tabbar" aria-label="底部导航" hidden>
      ${TABS.map((tab) => html`
        <a class="tabbar__item js-tab" href="${tab.hash}" data-tab="${tab.key}">
          <span class="tabbar__icon">${raw(icon(tab.icon))}</span>
          <span class="tabbar__label">${tab.label}</span>
        </a>`)}
    </nav>`);

  const title = app.querySelector('.js-nav-title');
  const back = app.querySelector('.js-nav-back');
  const home = app.querySelector('.js-nav-home');
  const inpage = app.querySelector('.js-inpage-nav');
  const tabbar = app.querySelector('.js-tabbar');
  const offline = app.querySelector('.js-offline');
  back.addEventListener('click', onBack);
  home.addEventListener('click', onHome);
  app.querySelector('.js-inpage-home').addEventListener('click', onHome);
  const showNetwork = () => {
    offline.hidden = navigator.onLine !== false;
  };
  window.addEventListener('online', showNetwork);
  window.addEventListener('offline', showNetwork);
  showNetwork();

  let current = null;
  const showBack = (canGoBack) => {
    // A page opened without a previous one gets WeChat's "home" button instead.
    const wantsHome = !canGoBack && Boolean(current) && !current.tab && !current.public;
    back.hidden = wechat || !canGoBack;
    home.hidden = wechat || !wantsHome;
    inpage.hidden = !(wechat && wantsHome);
  };

  return {
    view: app.querySelector('.js-view'),

    update({ route, canGoBack }) {
      closeDialogs();
      current = route;
      title.textContent = route.title;
      showBack(canGoBack);
      const showTabs = Boolean(route.tab);
      tabbar.hidden = !showTabs;
      document.body.classList.toggle('has-tabbar', showTabs);
      tabbar.querySelectorAll('.js-tab').forEach((link) => {
        const active = link.dataset.tab === route.tab;
        link.classList.toggle('tabbar__item--active', active);
        if (active) link.setAttribute('aria-current', 'page');
        else link.removeAttribute('aria-current');
      });
    },

    /** A page below was planted after the page was drawn (see Router.plantParent). */
    setCanGoBack(canGoBack) {
      showBack(canGoBack);
    },

    setTitle(text) {
      title.textContent = text;
    },

    focusTitle() {
      title.focus({ preventScroll: true });
    },
  };
}
