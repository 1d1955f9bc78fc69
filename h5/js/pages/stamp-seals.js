// 选择印章: the seals this user may use now (GET /api/stamp-seals), each with its state, validity and whether it
// is the principal's own or 授权使用; chosen in a sheet, then dragged from the tray onto the pages.

import { get } from '../api.js';
import { icon } from '../icons.js';
import { html, raw, sheet } from '../ui.js';
import { formatDate, sameOriginUrl } from '../views.js';
import { stampApi } from './stamp-shared.js';

const TONE = { filed: 'filed', suspended: 'suspended', revoked: 'revoked', pending: 'pending', carved: 'carved' };

/** The usable seals: a Map seal_id → seal (for the enterprise in ?ent= when it has any). */
export async function loadSeals(ent) {
  const data = await get(stampApi.seals);
  const all = (data && data.seals) || [];
  const mine = ent ? all.filter((seal) => String(seal.enterprise_id) === String(ent)) : [];
  const list = mine.length ? mine : all;
  return new Map(list.map((seal) => [String(seal.seal_id), { ...seal, seal_id: String(seal.seal_id) }]));
}

/** The seal's state and, for a seal used under a grant, 授权使用. */
export function sealTags(seal) {
  return html`
    ${seal.status_text ? html`<span class="tag tag--${TONE[seal.status] || 'muted'}">${seal.status_text}</span>` : ''}
    ${seal.access === 'grant' ? html`<span class="tag tag--grant">授权使用</span>` : ''}`;
}

/** 有效期 (and, under a grant, until when it may be used). */
export function validityText(seal) {
  const from = formatDate(seal.valid_from);
  const to = formatDate(seal.valid_to);
  const period = from || to ? `有效期：${from || '—'} 至 ${to || '长期'}` : '';
  return seal.access === 'grant' && seal.grant_ends_on ? `${period}（授权至${formatDate(seal.grant_ends_on)}）` : period;
}

function thumb(seal) {
  const src = sameOriginUrl(seal.image_url);
  return html`<span class="seal__image stamp-seal__img">${src ? html`<img src="${src}" alt="${seal.name}印模">` : raw(icon('stamp'))}</span>`;
}

function rowHtml(seal, type, checked) {
  const id = `stamp-seal-${type}-${seal.seal_id}`;
  return html`
    <li class="seal pick">
      ${thumb(seal)}
      <label class="pick__label" for="${id}">
        <span class="seal__bd">
          <span class="seal__name">${seal.name} ${sealTags(seal)}</span>
          ${seal.enterprise_name ? html`<span class="seal__meta">${seal.enterprise_name}</span>` : ''}
          <span class="seal__meta">${validityText(seal)}</span>
          <span class="seal__meta">印章尺寸：${seal.width_mm} × ${seal.height_mm} 毫米</span>
        </span>
        <input class="pick__input pick__input--${type} js-seal-choice" type="${type}" name="stamp-seal" id="${id}"
          value="${seal.seal_id}" ${checked ? 'checked' : ''}>
      </label>
    </li>`;
}

/**
 * Opens 选择印章 over the page. multiple: checkboxes (the seals to place), else radios (the 骑缝章).
 * Resolves with the chosen seal ids, or null when closed without 【确定】.
 */
export async function chooseSeals(seals, { multiple = true, chosen = [], title = '选择印章' } = {}) {
  const type = multiple ? 'checkbox' : 'radio';
  const list = [...seals.values()];
  const result = await sheet({
    title,
    confirmText: '确定',
    body: html`
      <p class="stamp-seals__tip">${multiple ? '可选择一枚或多枚印章，确定后将印章拖动到文件页面上。' : '骑缝章加盖在每一页的右侧边缘，每页显示印章的一部分。'}</p>
      <ul class="cells seal-list pick-list stamp-seals">
        ${list.map((seal) => rowHtml(seal, type, chosen.includes(seal.seal_id)))}
      </ul>`,
    collect: (el) => [...el.querySelectorAll('.js-seal-choice:checked')].map((input) => input.value),
  });
  return Array.isArray(result) ? result : null;
}

/** A seal in the tray: tap to put it on the page in view, or drag it onto a page. */
export function chipHtml(seal) {
  const src = sameOriginUrl(seal.image_url);
  return html`
    <li class="stamp-tray__item">
      <button type="button" class="stamp-chip js-chip" data-seal="${seal.seal_id}"
        aria-label="${seal.name}：点击放在当前页，或拖动到文件页面上">
        <span class="stamp-chip__img">${src ? html`<img src="${src}" alt="" draggable="false">` : raw(icon('stamp'))}</span>
        <span class="stamp-chip__name">${seal.name}</span>
      </button>
    </li>`;
}
