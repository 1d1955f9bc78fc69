// Helpers shared by the 电子印章 pages: the ?ent= parameter, the enterprise header, states.

import { get } from '../api.js';
import { icon } from '../icons.js';
import { html, raw, setHtml } from '../ui.js';
import { emptyHtml, errorHtml, loadingHtml, sameOriginUrl } from '../views.js';

/** The enterprise id from ?ent=, or null when missing or malformed. */
export function enterpriseId(ctx) {
  const value = ctx.query.get('ent');
  return value && /^[\w-]{1,64}$/.test(value) ? value : null;
}

/** The enterprise id from ?ent=; when the address names none, the notice is drawn and null returned. */
export function enterpriseIdOrNotice(root, ctx) {
  const id = enterpriseId(ctx);
  if (!id) setHtml(root, noEnterpriseHtml());
  return id;
}

/**
 * A page's body: 加载中…, then `show()` fetches and draws it. A refusal that will not change (404/403) draws
 * `finalHtml(message)`, anything else an error with 重试 (class js-retry); nothing once the route moved on.
 */
export async function loadInto(root, ctx, show, finalHtml = noEnterpriseHtml) {
  setHtml(root, loadingHtml());
  try {
    await show();
  } catch (error) {
    if (ctx.alive()) setHtml(root, isFinal(error) ? finalHtml(error.message) : errorHtml(error));
  }
}

// The jump to the licence app (下载 and 用印 alike): its notice, and only an http(s) address followed.
export const JUMP_TITLE = '即将打开“电子营业执照”小程序';

export function jumpTarget(value) {
  try {
    const url = new URL(String(value || ''), window.location.href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** A hash inside the e-seal module for this enterprise. */
export function esealHash(path, id) {
  return `#/eseal${path}?ent=${encodeURIComponent(id)}`;
}

export function loadEnterprise(id) {
  return get(`/api/enterprises/${encodeURIComponent(id)}`);
}

/** The blue header naming the enterprise the module is working on. */
export function enterpriseHeader(enterprise) {
  return html`
    <div class="ent-head">
      <span class="ent-head__icon">${raw(icon('building'))}</span>
      <div class="ent-head__bd">
        <p class="ent-head__name">${enterprise.name}</p>
        ${enterprise.credit_code ? html`<p class="ent-head__code">统一社会信用代码：<span class="nowrap">${enterprise.credit_code}</span></p>` : ''}
      </div>
    </div>`;
}

/** No or an unknown enterprise: say so and lead back to 证照卡包. */
export function noEnterpriseHtml(message = '未找到该企业的电子印章信息') {
  return emptyHtml({
    iconName: 'stamp',
    title: '无法查看电子印章',
    hint: message,
    action: html`<a class="btn btn--primary btn--inline" href="#/cards">返回证照卡包</a>`,
  });
}

/** The answer to a failed enterprise load: 404/403 are final, others may be retried. */
export function isFinal(error) {
  return error.status === 404 || error.status === 403;
}

// One colour per seal state wherever a seal is shown (印章预览, 查看已下载印章, 管理印章, 印章详情).
const STATUS_TONE = {
  pending: 'pending', carved: 'carved', filed: 'filed', suspended: 'suspended', revoked: 'revoked',
};

/** The seal's state as a tag: 待刻制, 已刻制, 已备案 … */
export function statusTag(seal) {
  if (!seal.status_label) return '';
  return html`<span class="tag tag--${STATUS_TONE[seal.status] || 'muted'}">${seal.status_label}</span>`;
}

/** 已下载: the seal is in this user's wallet. */
export function heldTag() {
  return html`<span class="tag tag--held">已下载</span>`;
}

/** A seal's picture: a button that enlarges it (class js-enlarge), or a placeholder without one. */
export function sealImage(seal) {
  const full = sameOriginUrl(seal.image_url);
  if (!full) {
    return html`<span class="seal__placeholder" role="img" aria-label="${seal.name}暂无印模">${raw(icon('stamp'))}</span>`;
  }
  const thumb = sameOriginUrl(seal.thumb_url) || full;
  return html`
    <button type="button" class="seal__image js-enlarge" data-src="${full}" data-name="${seal.name}" aria-label="放大查看${seal.name}印模">
      <img src="${thumb}" alt="${seal.name}印模">
    </button>`;
}

/** A small, static seal picture with its name under it (the 下载 summary and the 下载结果 list). */
export function sealChip(seal) {
  const thumb = sameOriginUrl(seal.thumb_url) || sameOriginUrl(seal.image_url);
  return html`
    <li class="seal-chip">
      <span class="seal-chip__img">${thumb ? html`<img src="${thumb}" alt="${seal.name}印模">` : raw(icon('stamp'))}</span>
      <span class="seal-chip__name">${seal.name}</span>
    </li>`;
}

// The download session id → enterprise, kept for this tab so that 下载结果 can lead back to 印章预览.
const DOWNLOAD_KEY = 'eseal.download.';

export function rememberDownload(downloadId, enterprise) {
  try {
    sessionStorage.setItem(DOWNLOAD_KEY + downloadId, String(enterprise));
  } catch {
    // Private mode or full storage: 下载结果 then leads to 证照卡包 instead.
  }
}

export function downloadEnterprise(downloadId) {
  try {
    const value = sessionStorage.getItem(DOWNLOAD_KEY + downloadId);
    return value && /^[\w-]{1,64}$/.test(value) ? value : null;
  } catch {
    return null;
  }
}

// 《印章下载声明》 agreed for an enterprise, kept for this tab: back from the licence app to 下载印章 finds
// the box still ticked (the page may be loaded afresh rather than restored from the page cache).
const AGREE_KEY = 'eseal.agreed.';

export function rememberAgreement(enterprise, version, agreed) {
  try {
    if (agreed) sessionStorage.setItem(AGREE_KEY + enterprise, String(version || ''));
    else sessionStorage.removeItem(AGREE_KEY + enterprise);
  } catch {
    // Private mode or full storage: the declaration is agreed again after a reload.
  }
}

/** True when this tab agreed to this version of the declaration for the enterprise. */
export function agreedBefore(enterprise, version) {
  try {
    const value = sessionStorage.getItem(AGREE_KEY + enterprise);
    return value !== null && value === String(version || '');
  } catch {
    return false;
  }
}
