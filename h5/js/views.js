// Building blocks shared by pages: loading, empty and error states; dates.

import { icon } from './icons.js';
import { html, raw } from './ui.js';

/** A list/page loading state. */
export function loadingHtml(text = '加载中…') {
  return html`<div class="loading" role="status">${raw(icon('spinner'))}<span>${text}</span></div>`;
}

/** An honest empty state: icon, title, hint and an optional action (an `html` fragment). */
export function emptyHtml({ iconName = 'empty', title, hint = '', action = '' }) {
  return html`
    <div class="empty">
      <span class="empty__icon">${raw(icon(iconName))}</span>
      <p class="empty__title">${title}</p>
      ${hint ? html`<p class="empty__hint">${hint}</p>` : ''}
      ${action ? html`<div class="empty__actions">${action}</div>` : ''}
    </div>`;
}

/** A failed load with the server's message and a 【重试】 button (class js-retry). */
export function errorHtml(error, title = '加载失败') {
  return emptyHtml({
    iconName: 'empty',
    title,
    hint: (error && error.message) || '请稍后重试',
    action: html`<button type="button" class="btn btn--default btn--inline js-retry">重试</button>`,
  });
}

function pad(n) {
  return String(n).padStart(2, '0');
}

function toDate(value) {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** 2024-03-01 (dates as the server sent them when they are plain dates). */
export function formatDate(value) {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const date = toDate(value);
  if (!date) return value || '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** 2024-03-01 14:05 in the browser's time zone. */
export function formatDateTime(value) {
  const date = toDate(value);
  if (!date) return value || '';
  return `${formatDate(date)} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Only same-origin image URLs are shown; anything else yields null. */
export function sameOriginUrl(value) {
  if (typeof value !== 'string' || !value) return null;
  try {
    const url = new URL(value, window.location.href);
    return url.origin === window.location.origin ? url.pathname + url.search : null;
  } catch {
    return null;
  }
}
