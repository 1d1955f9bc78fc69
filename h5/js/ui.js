// Shared UI pieces: escaping, toasts, loading, dialogs. No page logic here.

import { icon } from './icons.js';

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Escapes any value for use in HTML text or a quoted attribute. */
export function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"'`]/g, (ch) => ESCAPES[ch]);
}

class SafeHtml {
  constructor(text) {
    this.text = text;
  }

  toString() {
    return this.text;
  }
}

/** Marks a trusted, already-built HTML fragment (icons, nested `html` results). */
export function raw(text) {
  return new SafeHtml(String(text));
}

function interpolate(value) {
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(interpolate).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(value);
}

/** Tagged template: every interpolated value is escaped unless wrapped in raw()/html. */
export function html(strings, ...values) {
  let out = strings[0];
  values.forEach((value, i) => {
    out += interpolate(value) + strings[i + 1];
  });
  return new SafeHtml(out);
}

/** Replaces the children of `el` with an `html` fragment. */
export function setHtml(el, fragment) {
  el.innerHTML = String(fragment);
}

function overlayRoot() {
  let root = document.querySelector('.js-overlays');
  if (!root) {
    root = document.createElement('div');
    root.className = 'overlays js-overlays';
    document.body.append(root);
  }
  return root;
}

// ---- Toasts ------------------------------------------------------------

let toastEl = null;
let toastTimer = 0;

function hideToast() {
  clearTimeout(toastTimer);
  if (toastEl) toastEl.remove();
  toastEl = null;
}

/**
 * Shows a toast. type: 'text' (default), 'success', 'fail' or 'loading'.
 * Returns a function that hides it (loading toasts stay until hidden).
 */
export function toast(text, { type = 'text', duration = 2000 } = {}) {
  hideToast();
  const el = document.createElement('div');
  el.className = `toast toast--${type}`;
  el.setAttribute('role', type === 'fail' ? 'alert' : 'status');
  const mask = type === 'loading' ? html`<div class="toast__mask"></div>` : '';
  const iconHtml = type === 'text' ? '' : html`<span class="toast__icon">${raw(icon(type === 'loading' ? 'spinner' : type))}</span>`;
  setHtml(el, html`${mask}<div class="toast__box">${iconHtml}<p class="toast__text"></p></div>`);
  el.querySelector('.toast__text').textContent = text;
  overlayRoot().append(el);
  toastEl = el;
  const mine = el;
  const hide = () => {
    if (toastEl === mine) hideToast();
  };
  if (type !== 'loading') toastTimer = setTimeout(hide, duration);
  return hide;
}

/** A blocking loading toast; call the returned function to hide it. */
export function showLoading(text = '加载中') {
  return toast(text, { type: 'loading' });
}

// ---- Dialogs -----------------------------------------------------------

let dialogSeq = 0;
const openDialogs = new Set();

function focusables(box) {
  return [...box.querySelectorAll('button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])')]
    .filter((el) => !el.disabled);
}

/**
 * Shows a modal overlay `el` whose focusable parts live in `box`; `onClick(event, close)` handles clicks.
 * Escape cancels (resolves `cancelValue`), Tab stays inside, focus returns to the opener on close.
 */
function openModal(el, box, { focus, cancelValue = false, onClick }) {
  return new Promise((resolve) => {
    const previous = document.activeElement;
    const close = (result) => {
      if (!openDialogs.delete(close)) return;
      document.removeEventListener('keydown', onKey, true);
      el.remove();
      if (previous && previous.isConnected && typeof previous.focus === 'function') previous.focus({ preventScroll: true });
      resolve(result);
    };
    const onKey = (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        close(cancelValue);
      } else if (event.key === 'Tab') {
        const items = focusables(box);
        if (!items.length) return;
        const first = items[0];
        const last = items[items.length - 1];
        if (event.shiftKey && document.activeElement === first) {
          event.preventDefault();
          last.focus();
        } else if (!event.shiftKey && document.activeElement === last) {
          event.preventDefault();
          first.focus();
        }
      }
    };
    el.addEventListener('click', (event) => onClick(event, close));
    document.addEventListener('keydown', onKey, true);
    openDialogs.add(close);
    overlayRoot().append(el);
    focus.focus({ preventScroll: true });
  });
}

/**
 * Opens a modal dialog and resolves true (confirm) or false (cancel).
 * body may be a string (shown as text) or an `html` fragment.
 */
export function dialog({ title = '', body = '', confirmText = '确定', cancelText = '取消', showCancel = true, danger = false } = {}) {
  const id = `dialog-${++dialogSeq}`;
  const el = document.createElement('div');
  el.className = 'dialog';
  setHtml(el, html`
    <div class="dialog__mask js-dialog-cancel"></div>
    <div class="dialog__box" role="dialog" aria-modal="true" aria-labelledby="${id}-title" aria-describedby="${id}-body">
      <h2 class="dialog__title" id="${id}-title"></h2>
      <div class="dialog__body" id="${id}-body"></div>
      <div class="dialog__ft">
        ${showCancel ? html`<button type="button" class="dialog__btn dialog__btn--default js-dialog-cancel">${cancelText}</button>` : ''}
        <button type="button" class="dialog__btn ${danger ? 'dialog__btn--warn' : 'dialog__btn--primary'} js-dialog-ok">${confirmText}</button>
      </div>
    </div>`);
  const titleEl = el.querySelector('.dialog__title');
  if (title) titleEl.textContent = title;
  else titleEl.hidden = true;
  const bodyEl = el.querySelector('.dialog__body');
  if (body instanceof SafeHtml) setHtml(bodyEl, body);
  else bodyEl.textContent = body;
  if (!body) bodyEl.hidden = true;

  return openModal(el, el.querySelector('.dialog__box'), {
    focus: el.querySelector('.js-dialog-ok'),
    onClick(event, close) {
      if (event.target.closest('.js-dialog-ok')) close(true);
      else if (event.target.closest('.js-dialog-cancel')) close(!showCancel);
    },
  });
}

/**
 * A full-height sheet for long text (a declaration) or a choice: title, scrolling body and one button.
 * body is an `html` fragment; resolves when closed (by the button, 【关闭】 or Escape): false when closed,
 * else true, or what `collect(sheetElement)` read from it (the choices made in it).
 */
export function sheet({ title, body, confirmText = '确定', collect = null }) {
  const id = `sheet-${++dialogSeq}`;
  const el = document.createElement('div');
  el.className = 'sheet';
  setHtml(el, html`
    <div class="sheet__box" role="dialog" aria-modal="true" aria-labelledby="${id}-title">
      <div class="sheet__hd">
        <h2 class="sheet__title" id="${id}-title"></h2>
        <button type="button" class="sheet__close js-sheet-close">关闭</button>
      </div>
      <div class="sheet__body" tabindex="0">${body}</div>
      <div class="sheet__ft"><button type="button" class="btn btn--primary js-sheet-ok">${confirmText}</button></div>
    </div>`);
  el.querySelector('.sheet__title').textContent = title;
  return openModal(el, el.querySelector('.sheet__box'), {
    focus: el.querySelector('.sheet__body'),
    onClick(event, close) {
      if (event.target.closest('.js-sheet-ok')) close(collect ? collect(el) : true);
      else if (event.target.closest('.js-sheet-close')) close(false);
    },
  });
}

/** 【取消】/【确定】 confirmation. */
export function confirmDialog(options) {
  return dialog({ showCancel: true, ...options });
}

/** A single-button notice; resolves when dismissed. */
export function alertDialog(options) {
  return dialog({ confirmText: '我知道了', ...options, showCancel: false });
}

/** Closes open dialogs (as cancelled) when the page changes under them. */
export function closeDialogs() {
  [...openDialogs].forEach((close) => close(false));
}
