// Shared by the 用印 pages: the stamp-request endpoints, the id rules, sizes, the file checks the server also
// makes, and the request → enterprise memory that lets a page opened afresh (back from the licence app) find
// its way back.

import { get } from '../api.js';
import { html } from '../ui.js';
import { emptyHtml } from '../views.js';
import { esealHash } from './eseal-shared.js';

const REQUEST_RE = /^[\w-]{1,64}$/;
const ENT_RE = /^[\w-]{1,64}$/;

export const LIMIT_BYTES = 20 * 1024 * 1024;
export const LIMIT_PAGES = 200;
// The server's own words for the same refusals (it decides; these spare a pointless upload).
export const NOT_PDF = '文件不是PDF格式，请上传PDF文件';
export const TOO_LARGE = '文件超过20MB，请压缩后再上传';

const base = (id) => `/api/stamp-requests/${encodeURIComponent(id)}`;

/** Every stamp-request address the H5 uses, in one place. */
export const stampApi = {
  upload: '/api/stamp-requests',
  seals: '/api/stamp-seals',
  request: base,
  page: (id, number, width) => `${base(id)}/pages/${number}?w=${width}`,
  confirm: (id) => `${base(id)}/confirm`,
  code: (id) => `${base(id)}/code`,
  complete: (id) => `${base(id)}/complete`,
  file: (id) => `${base(id)}/file`,
  verification: (id) => `${base(id)}/verification`,
  logs: (sealId) => `/api/seals/${encodeURIComponent(sealId)}/stamp-logs`,
  logsCsv: (sealId) => `/api/seals/${encodeURIComponent(sealId)}/stamp-logs.csv`,
};

/** The request id from ?request=, or null. */
export function requestId(ctx) {
  const value = ctx.query.get('request');
  return value && REQUEST_RE.test(value) ? value : null;
}

export function loadRequest(id) {
  return get(stampApi.request(id));
}

/** A hash of a 用印 page for a request (the enterprise named when known, so that back has a way on). */
export function stampHash(path, request, ent) {
  const query = new URLSearchParams();
  if (request) query.set('request', request);
  if (ent) query.set('ent', ent);
  return `#/eseal/stamp${path}?${query.toString()}`;
}

/** 用印's first page (选择文件) for the enterprise, or 证照卡包 when it is not known. */
export function uploadHash(ent, request) {
  if (!ent) return '#/cards';
  return request ? `${esealHash('/stamp', ent)}&request=${encodeURIComponent(request)}` : esealHash('/stamp', ent);
}

/** 1.2 MB, 356 KB: a file size as people read it. */
export function formatSize(bytes) {
  const n = Number(bytes) || 0;
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(n >= 10 * 1024 * 1024 ? 0 : 1)} MB`;
  return `${Math.max(1, Math.round(n / 1024))} KB`;
}

/**
 * The client's first look at a chosen file: the server's message when it is plainly not acceptable — a type
 * other than PDF (or, with no type given, another extension), or over 20 MB. Anything else the server judges.
 */
export function fileProblem(file) {
  const name = file.name || '';
  const pdfName = /\.pdf$/i.test(name);
  // Some phones' pickers give no type, or a generic one, for a PDF: its name then decides.
  const generic = !file.type || file.type === 'application/octet-stream';
  const otherType = generic ? !pdfName && /\.[a-z0-9]{1,8}$/i.test(name) : file.type !== 'application/pdf';
  if (otherType) return NOT_PDF;
  if (file.size > LIMIT_BYTES) return TOO_LARGE;
  return null;
}

// The request id → enterprise id, kept for this tab (the pages after the licence app name only the request).
const KEY = 'eseal.stamp.';

export function rememberRequest(request, ent) {
  try {
    if (request && ent) sessionStorage.setItem(KEY + request, String(ent));
  } catch {
    // Private mode or full storage: the pages then lead back to 证照卡包.
  }
}

export function requestEnterprise(request, data) {
  const known = data && data.enterprise_id != null ? String(data.enterprise_id) : null;
  if (known && ENT_RE.test(known)) return known;
  try {
    const value = sessionStorage.getItem(KEY + request);
    return value && ENT_RE.test(value) ? value : null;
  } catch {
    return null;
  }
}

// What was placed on a request (seals chosen, placements, 骑缝章), kept for this tab until it is signed.
const DRAFT_KEY = 'eseal.stamp.draft.';

export function keepDraft(request, draft) {
  try {
    sessionStorage.setItem(DRAFT_KEY + request, JSON.stringify(draft));
  } catch {
    // Private mode or full storage: the placements then last only while the page is open.
  }
}

export function readDraft(request) {
  try {
    return JSON.parse(sessionStorage.getItem(DRAFT_KEY + request) || 'null');
  } catch {
    return null;
  }
}

export function forgetDraft(request) {
  try {
    sessionStorage.removeItem(DRAFT_KEY + request);
  } catch {
    // nothing kept
  }
}

/** The enterprise from ?ent=, else the one remembered for the request. */
export function enterpriseOf(ctx, request, data) {
  const ent = ctx.query.get('ent');
  if (ent && ENT_RE.test(ent)) return ent;
  return request ? requestEnterprise(request, data) : null;
}

/** A request that is gone (expired, someone else's, never made): say so and lead to 选择文件. */
export function requestGoneHtml(message, ent) {
  return emptyHtml({
    iconName: 'stamp',
    title: '无法继续用印',
    hint: message || '未找到该用印文件，请重新选择文件',
    action: html`<a class="btn btn--primary btn--inline" href="${uploadHash(ent)}">${ent ? '重新选择文件' : '返回证照卡包'}</a>`,
  });
}

const STEPS = ['选择文件', '放置印章', '确认用印'];

/** The three steps of 用印, the current one marked. */
export function stepsHtml(current) {
  return html`
    <ol class="stamp-steps" aria-label="用印步骤">
      ${STEPS.map((label, i) => html`
        <li class="stamp-steps__item ${i === current ? 'stamp-steps__item--current' : ''} ${i < current ? 'stamp-steps__item--done' : ''}"
          ${i === current ? html`aria-current="step"` : ''}>
          <span class="stamp-steps__no">${i + 1}</span><span class="stamp-steps__label">${label}</span>
        </li>`)}
    </ol>`;
}
