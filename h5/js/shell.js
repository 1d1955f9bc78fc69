// The mini-program chrome around every page: navigation bar and bottom tab bar.

import { icon } from './icons.js';
import { closeDialogs, html, raw, setHtml } from './ui.js';

const TABS = [
  { key: 'home', hash: '#/home', label: '首页', icon: 'home' },
  { key: 'services', hash: '#/services', label: '办事', icon: 'services' },
  { key: 'cards', hash: '#/cards', label: '证照卡包', icon: 'wallet' },
];

/** Builds the nav bar and tab bar inside `app`; returns the shell used by the router. */
export function createShell(app, { onBack, onHome }) {
  setHtml(app, html`
    <header class="navbar">
      <div class="navbar__inner">
        <div class="navbar__left">
          <button type="button" class="navbar__btn js-nav-back" aria-label="返回" hidden>${raw(icon('back'))}</button>
          <button type="button" class="navbar__btn navbar__btn--home js-nav-home" aria-label="返回首页" hidden>${raw(icon('home'))}</button>
        </div>
        <h1 class="navbar__title js-nav-title" id="nav-title" tabindex="-1"></h1>
        <div class="navbar__capsule" aria-hidden="true"></div>
      </div>
    </header>
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
  const tabbar = app.querySelector('.js-tabbar');
  back.addEventListener('click', onBack);
  home.addEventListener('click', onHome);

  return {
    view: app.querySelector('.js-view'),

    update({ route, canGoBack }) {
      closeDialogs();
      title.textContent = route.title;
      back.hidden = !canGoBack;
      // A page opened without a previous one gets WeChat's "home" button instead.
      home.hidden = canGoBack || Boolean(route.tab) || Boolean(route.public);
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

    setTitle(text) {
      title.textContent = text;
    },

    focusTitle() {
      title.focus({ preventScroll: true });
    },
  };
}
