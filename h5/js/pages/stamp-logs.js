// 用印记录: every use of one seal, newest first, 20 at a time — document, page and position, who (masked when it
// was someone else), when (the signature timestamp), the document's SHA-256 before and after; 【导出CSV】 for the
// principal. The rows are append-only and hash-chained on the server.

import { get, withQuery } from '../api.js';
import { html, setHtml, toast } from '../ui.js';
import { emptyHtml, formatDateTime, sameOriginUrl } from '../views.js';
import { enterpriseId, loadInto, noEnterpriseHtml } from './eseal-shared.js';
import { stampApi } from './stamp-shared.js';

const ID_RE = /^\d{1,12}$/;

function whereText(item) {
  if (item.kind === 'riding' || item.page == null) return `骑缝章（每页右侧，距页面顶部${item.y_mm}毫米）`;
  return `第${item.page}页（距左侧${item.x_mm}毫米、距顶部${item.y_mm}毫米）`;
}

function itemHtml(item) {
  return html`
    <li class="stamp-log">
      <div class="stamp-log__hd">
        <p class="stamp-log__doc">${item.document_name}</p>
        <span class="stamp-log__seq">第${item.seq}次</span>
      </div>
      <p class="stamp-log__meta">位置：${whereText(item)}</p>
      <p class="stamp-log__meta">用印人：${item.operator}${item.access === 'grant' ? html` <span class="tag tag--grant">授权使用</span>` : ''}</p>
      <p class="stamp-log__meta">用印时间：<time datetime="${item.signed_at}">${formatDateTime(item.signed_at)}</time></p>
      <p class="stamp-log__meta stamp-log__hash">用印前SHA-256：${item.sha256_before}</p>
      <p class="stamp-log__meta stamp-log__hash">用印后SHA-256：${item.sha256_after}</p>
    </li>`;
}

function moreHtml(state) {
  if (state.page >= state.pages) return html`<p class="list-end">共${state.total}条记录，已全部加载</p>`;
  return html`<div class="btn-area"><button type="button" class="btn btn--default js-more">加载更多</button></div>`;
}

function exportHtml(state) {
  const url = sameOriginUrl(state.csvUrl);
  if (!url) return '';
  return html`<a class="link-btn stamp-logs__csv js-csv" href="${url}" download="用印记录.csv">导出CSV</a>`;
}

function template(state, items) {
  return html`
    <div class="stamp-logs__hd">
      <h2 class="cells__title stamp-logs__title">本印章的用印记录（${state.total}条）</h2>
      ${exportHtml(state)}
    </div>
    <ul class="cells stamp-log-list js-list">${items.map(itemHtml)}</ul>
    <div class="js-more-area">${moreHtml(state)}</div>
    <p class="page-tip">用印记录只增不改，每条记录都包含上一条记录的摘要。</p>`;
}

const fetchPage = (state, number) => get(withQuery(stampApi.logs(state.sealId), { page: number }));

function accept(state, data, number) {
  state.page = number;
  state.pages = Number(data.pages) || number;
  state.total = Number(data.total) || 0;
  state.csvUrl = data.csv_url || null;
}

async function load(state) {
  const { root, ctx } = state;
  return loadInto(root, ctx, async () => {
    const data = (await fetchPage(state, 1)) || {};
    if (!ctx.alive()) return;
    const items = data.items || [];
    accept(state, data, 1);
    if (!items.length) {
      setHtml(root, emptyHtml({ iconName: 'list', title: '暂无用印记录', hint: '使用本印章用印后，记录将在此显示' }));
      return;
    }
    setHtml(root, template(state, items));
  }, (message) => noEnterpriseHtml(message));
}

async function more(state, button) {
  const { root, ctx } = state;
  button.disabled = true;
  button.textContent = '加载中…';
  try {
    const data = (await fetchPage(state, state.page + 1)) || {};
    if (!ctx.alive()) return;
    accept(state, data, state.page + 1);
    root.querySelector('.js-list').insertAdjacentHTML('beforeend', (data.items || []).map((item) => String(itemHtml(item))).join(''));
    setHtml(root.querySelector('.js-more-area'), moreHtml(state));
  } catch (error) {
    if (!ctx.alive()) return;
    button.disabled = false;
    button.textContent = '加载更多';
    toast(error.message || '加载失败，请重试', { type: 'fail' });
  }
}

export function render(root, ctx) {
  const seal = ctx.query.get('seal');
  if (!enterpriseId(ctx) || !seal || !ID_RE.test(seal)) {
    setHtml(root, noEnterpriseHtml('未找到该印章，请从“印章详情”中进入'));
    return undefined;
  }
  const state = { root, ctx, sealId: seal, page: 1, pages: 1, total: 0, csvUrl: null };
  root.addEventListener('click', (event) => {
    const button = event.target.closest('.js-more');
    if (button && !button.disabled) more(state, button);
    else if (event.target.closest('.js-retry')) load(state);
  });
  return load(state);
}
