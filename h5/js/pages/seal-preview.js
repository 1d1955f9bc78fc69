// 印章预览 (下载印章): every seal of the enterprise with its image and state; 开始下载 when filed.

import { get } from '../api.js';
import { html, setHtml } from '../ui.js';
import { formatDate } from '../views.js';
import { openImage } from '../viewer.js';
import { enterpriseHeader, enterpriseIdOrNotice, esealHash, loadInto, sealImage } from './eseal-shared.js';

export const NOT_FILED_NOTICE = '印章备案未完成，请等待实物印章备案完成后再开始下载。';
export const CANCELLED_NOTICE = '您已取消电子营业执照身份验证，可重新开始下载。';
const STATUS_TONE = { pending: 'pending', carved: 'carved', filed: 'filed' };

/** 【开始下载】: the single entry point of the download flow → the 下载印章 page (声明, 【下载】). */
export function startDownload(ctx, id) {
  ctx.router.navigate(esealHash('/declare', id));
}

function sealHtml(seal) {
  const tone = STATUS_TONE[seal.status] || 'muted';
  return html`
    <li class="seal">
      ${sealImage(seal)}
      <div class="seal__bd">
        <p class="seal__name">${seal.name} <span class="tag tag--${tone}">${seal.status_label || ''}</span></p>
        ${seal.code ? html`<p class="seal__meta">印章编码：${seal.code}</p>` : ''}
        ${seal.filed_at ? html`<p class="seal__meta">备案日期：${formatDate(seal.filed_at)}</p>` : ''}
      </div>
    </li>`;
}

function footer(downloadable, cancelled) {
  const notice = cancelled ? html`<p class="notice notice--info js-cancelled" role="status">${CANCELLED_NOTICE}</p>` : '';
  if (downloadable) {
    return html`${notice}<div class="btn-area seal-actions"><button type="button" class="btn btn--primary js-download">开始下载</button></div>`;
  }
  return html`${notice}<p class="notice js-not-filed" role="note">${NOT_FILED_NOTICE}</p>`;
}

function template(data, cancelled) {
  const items = data.items || [];
  return html`
    ${data.enterprise ? enterpriseHeader(data.enterprise) : ''}
    <h2 class="cells__title">电子印章（${items.length}枚）</h2>
    ${items.length
      ? html`<ul class="cells seal-list">${items.map(sealHtml)}</ul>`
      : html`<p class="cells seal-list__empty">暂无印章信息</p>`}
    ${footer(Boolean(data.downloadable), cancelled)}`;
}

async function load(root, ctx, id) {
  return loadInto(root, ctx, async () => {
    const data = await get(`/api/enterprises/${encodeURIComponent(id)}/seals`);
    if (!ctx.alive()) return;
    setHtml(root, template(data, ctx.query.get('cancelled') === '1'));
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
