// 印章预览 (下载印章): every seal of the enterprise with its image and state; 开始下载 when filed.

import { get } from '../api.js';
import { icon } from '../icons.js';
import { html, raw, setHtml, toast } from '../ui.js';
import { errorHtml, formatDate, loadingHtml, sameOriginUrl } from '../views.js';
import { openImage } from '../viewer.js';
import { enterpriseHeader, enterpriseId, isFinal, noEnterpriseHtml } from './eseal-shared.js';

export const NOT_FILED_NOTICE = '印章备案未完成，请等待实物印章备案完成后再开始下载。';
const STATUS_TONE = { pending: 'pending', carved: 'carved', filed: 'filed' };

/** 【开始下载】: the single entry point of the download flow (wired in a later issue). */
export function startDownload(/* ctx, data */) {
  toast('下载功能即将开放');
}

function sealImage(seal) {
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

function footer(downloadable) {
  if (downloadable) {
    return html`<div class="btn-area seal-actions"><button type="button" class="btn btn--primary js-download">开始下载</button></div>`;
  }
  return html`<p class="notice js-not-filed" role="note">${NOT_FILED_NOTICE}</p>`;
}

function template(data) {
  const items = data.items || [];
  return html`
    ${data.enterprise ? enterpriseHeader(data.enterprise) : ''}
    <h2 class="cells__title">电子印章（${items.length}枚）</h2>
    ${items.length
      ? html`<ul class="cells seal-list">${items.map(sealHtml)}</ul>`
      : html`<p class="cells seal-list__empty">暂无印章信息</p>`}
    ${footer(Boolean(data.downloadable))}`;
}

async function load(root, ctx, id, page) {
  setHtml(root, loadingHtml());
  try {
    const data = await get(`/api/enterprises/${encodeURIComponent(id)}/seals`);
    if (!ctx.alive()) return;
    page.data = data;
    setHtml(root, template(data));
  } catch (error) {
    setHtml(root, isFinal(error) ? noEnterpriseHtml(error.message) : errorHtml(error));
  }
}

export function render(root, ctx) {
  const id = enterpriseId(ctx);
  if (!id) {
    setHtml(root, noEnterpriseHtml());
    return undefined;
  }
  const page = { data: null };
  root.addEventListener('click', (event) => {
    const target = event.target;
    const enlarge = target.closest('.js-enlarge');
    if (enlarge) openImage(enlarge.dataset.src, enlarge.dataset.name);
    else if (target.closest('.js-download')) startDownload(ctx, page.data);
    else if (target.closest('.js-retry')) load(root, ctx, id, page);
  });
  return load(root, ctx, id, page);
}
