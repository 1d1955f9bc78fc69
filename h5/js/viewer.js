// A full-screen image viewer (tap anywhere or 【关闭】 to close).

import { html, setHtml } from './ui.js';

/** Opens `src` full screen with a caption; focus returns to the opener on close. */
export function openImage(src, caption = '') {
  const opener = document.activeElement;
  const el = document.createElement('div');
  el.className = 'viewer';
  el.setAttribute('role', 'dialog');
  el.setAttribute('aria-modal', 'true');
  el.setAttribute('aria-label', caption || '查看图片');
  setHtml(el, html`
    <button type="button" class="viewer__close js-viewer-close">关闭</button>
    <img class="viewer__img" src="${src}" alt="${caption}">
    ${caption ? html`<p class="viewer__caption">${caption}</p>` : ''}`);

  const close = () => {
    document.removeEventListener('keydown', onKey, true);
    window.removeEventListener('popstate', close);
    el.remove();
    if (opener && opener.isConnected) opener.focus({ preventScroll: true });
  };
  const onKey = (event) => {
    if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault();
      if (event.key === 'Escape') close();
    }
  };
  el.addEventListener('click', close);
  document.addEventListener('keydown', onKey, true);
  window.addEventListener('popstate', close);
  document.body.append(el);
  el.querySelector('.js-viewer-close').focus({ preventScroll: true });
}
