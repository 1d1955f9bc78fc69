// 印章预览 (下载印章): every seal of the enterprise with its image and state; those already in this user's
// wallet are marked 已下载, and 开始下载 is offered once all are filed and only for what remains.

import { get } from '../api.js';
import { html, setHtml } from '../ui.js';
import { formatDate } from '../views.js';
import { openImage } from '../viewer.js';
import {
  enterpriseHeader, enterpriseIdOrNotice, esealHash, heldTag, loadInto, sealImage, statusTag,
} from './eseal-shared.js';

const NONE_IN_USE = '该企业的电子印章均已停用或注销，暂不能下载。';
export const NOT_FILED_NOTICE = '印章备案未完成，请等待实物印章备案完成后再开始下载。';
// The guide, 二(1): what to do after that notice.
export const GIFT_SMS_HINT = '请在收到领取大礼包短信后再次进行下载。';
export const ALL_HELD_NOTICE = '该企业的电子印章均已下载，可在“查看已下载印章”中查看。';
export const CANCELLED_NOTICE = '您已取消电子营业执照身份验证，可重新开始下载。';

/** { held: Set of seal ids in the wallet, remaining: the filed seals not in it } of a /seals answer. */
export function downloadState(data) {
  const held = new Set((data.downloaded_seal_ids || []).map(String));
  const items = data.items || [];
  const remaining = items.filter((seal) => seal.status === 'filed' && !held.has(String(seal.id)));
  return { held, remaining };
}

/** Every seal filed once and none in use any more: 已停用 or 已注销, nothing to download. */
function noneInUse(data) {
  const items = data.items || [];
  return items.length > 0 && items.every((seal) => seal.status === 'suspended' || seal.status === 'revoked');
}

function noneInUseHtml() {
  return html`<p class="notice js-none-in-use" role="note">${NONE_IN_USE}</p>`;
}

/** The notice for seals not filed yet: the guide's sentence and what to do next. */
export function notFiledHtml() {
  return html`<p class="notice js-not-filed" role="note">${NOT_FILED_NOTICE}${GIFT_SMS_HINT}</p>`;
}

/** Every seal is in the wallet already: say so and lead there. */
export function allHeldHtml(id) {
  return html`
    <p class="notice notice--info js-all-held" role="status">${ALL_HELD_NOTICE}</p>
    <div class="btn-area seal-actions">
      <a class="btn btn--primary" href="${esealHash('/wallet', id)}">查看已下载印章</a>
    </div>`;
}

/** 【开始下载】: the single entry point of the download flow → the 下载印章 page (声明, 【下载】). */
export function startDownload(ctx, id) {
  ctx.router.navigate(esealHash('/declare', id));
}

function sealHtml(seal, held) {
  return html`
    <li class="seal">
      ${sealImage(seal)}
      <div class="seal__bd">
        <p class="seal__name">${seal.name} ${statusTag(seal)}${held ? html` ${heldTag()}` : ''}</p>
        ${seal.code ? html`<p class="seal__meta">印章编码：${seal.code}</p>` : ''}
        ${seal.filed_at ? html`<p class="seal__meta">备案日期：${formatDate(seal.filed_at)}</p>` : ''}
      </div>
    </li>`;
}

function footer(data, id, cancelled) {
  const notice = cancelled ? html`<p class="notice notice--info js-cancelled" role="status">${CANCELLED_NOTICE}</p>` : '';
  if (!data.downloadable && noneInUse(data)) return html`${notice}${noneInUseHtml()}`;
  if (!data.downloadable) return html`${notice}${notFiledHtml()}`;
  const { held, remaining } = downloadState(data);
  if (!remaining.length) return allHeldHtml(id);
  const part = held.size
    ? html`<p class="page-tip js-remaining">已下载${held.size}枚，本次可下载其余${remaining.length}枚电子印章。</p>`
    : '';
  return html`
    ${notice}${part}
    <div class="btn-area seal-actions">
      <button type="button" class="btn btn--primary js-download">开始下载</button>
      ${held.size ? html`<a class="btn btn--default" href="${esealHash('/wallet', id)}">查看已下载印章</a>` : ''}
    </div>`;
}

function template(data, id, cancelled) {
  const items = data.items || [];
  const { held } = downloadState(data);
  return html`
    ${data.enterprise ? enterpriseHeader(data.enterprise) : ''}
    <h2 class="cells__title">电子印章（${items.length}枚）</h2>
    ${items.length
      ? html`<ul class="cells seal-list">${items.map((seal) => sealHtml(seal, held.has(String(seal.id))))}</ul>`
      : html`<p class="cells seal-list__empty">暂无印章信息</p>`}
    ${footer(data, id, cancelled)}`;
}

async function load(root, ctx, id) {
  return loadInto(root, ctx, async () => {
    const data = await get(`/api/enterprises/${encodeURIComponent(id)}/seals`);
    if (!ctx.alive()) return;
    setHtml(root, template(data, id, ctx.query.get('cancelled') === '1'));
  });
}

export function render(root, ctx) {
  const id = enterpriseIdOrNotice(root, ctx);
  if (!id) return undefined;
  root.addEventListener('click', (event) => {
    const target = event.target;
    const enlarge = target.closest('.js-enlarge');
    if (enlarge) openImage(enlarge.dataset.src, enlarge.dataset.name);
    else if (target.closest('.js-download')) startDownload(ctx, id);
    else if (target.closest('.js-retry')) load(root, ctx, id);
  });
  return load(root, ctx, id);
}
