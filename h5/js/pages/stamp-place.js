// 用印 · 放置印章: the document's pages, 选择印章, each chosen seal dragged onto a page at its true size, an
// optional 骑缝章, then 【确认用印】. What was placed is kept for the request in this tab, so that back from
// the licence app (?cancelled=1 when cancelled there) finds it as it was and it can be confirmed again.

import { html, setHtml } from '../ui.js';
import { emptyHtml } from '../views.js';
import { esealHash, loadInto } from './eseal-shared.js';
import { boardHtml, drawMarks, pageSizes, sizeBoard } from './stamp-board.js';
import { confirmStamp } from './stamp-confirm.js';
import { bindPlacing, restoreDraft } from './stamp-placing.js';
import { chipHtml, loadSeals } from './stamp-seals.js';
import {
  enterpriseOf,
  formatSize,
  loadRequest,
  rememberRequest,
  requestGoneHtml,
  requestId,
  stampHash,
  stepsHtml,
  uploadHash,
} from './stamp-shared.js';

let page = null;

function cancelledHtml() {
  return html`<p class="notice js-cancelled" role="status">您已取消电子营业执照身份验证，可调整印章后重新确认用印。</p>`;
}

function noSealsHtml(state) {
  return html`
    <div class="stamp-tray__empty">
      <p>暂无可使用的电子印章</p>
      <p class="stamp-tray__hint">请先下载本企业的电子印章，或由法定代表人（执行事务合伙人、负责人）授权使用</p>
      ${state.ent ? html`<a class="btn btn--default btn--inline" href="${esealHash('/download', state.ent)}">去下载印章</a>` : ''}
    </div>`;
}

/** The tray: the chosen seals as chips, 【选择印章】 to choose (again). */
export function trayHtml(state) {
  if (!state.seals.size) return noSealsHtml(state);
  const chosen = state.chosen.map((id) => state.seals.get(id)).filter(Boolean);
  return html`
    <div class="stamp-tray__hd">
      <span class="stamp-tray__title">${chosen.length ? `已选印章（${chosen.length}枚）` : '请选择需要加盖的印章'}</span>
      <button type="button" class="btn btn--default btn--inline stamp-tray__choose js-choose">${chosen.length ? '更换印章' : '选择印章'}</button>
    </div>
    ${chosen.length ? html`
      <ul class="stamp-tray__list">${chosen.map(chipHtml)}</ul>
      <p class="stamp-tray__hint">点击印章放在当前页，或按住印章拖动到文件页面上；印章按实际大小显示</p>` : ''}`;
}

/** The 骑缝章 row: a switch, and the seal used once it is on. */
export function ridingHtml(state) {
  const seal = state.riding && state.seals.get(state.riding.seal_id);
  const few = state.sizes.length < 2;
  return html`
    <label class="stamp-switch">
      <span class="stamp-switch__bd">加盖骑缝章
        <span class="stamp-switch__desc">${few ? '文件至少有2页时才可加盖骑缝章' : '在每一页右侧边缘各显示印章的一部分'}</span>
      </span>
      <input class="stamp-switch__input js-riding" type="checkbox" role="switch" ${seal ? 'checked' : ''}
        ${few || !state.seals.size ? 'disabled' : ''}>
    </label>
    ${seal ? html`
      <div class="stamp-riding__seal">
        <span>骑缝章：${seal.name}（上下拖动页面右侧的骑缝章可调整位置）</span>
        <button type="button" class="link-btn js-riding-seal">更换</button>
      </div>` : ''}`;
}

/** 已放置N枚印章 under the pages, beside 【确认用印】. */
export function countText(state) {
  const parts = [`已放置${state.placements.length}枚印章`];
  if (state.riding) parts.push('骑缝章1枚');
  return parts.join('，');
}

function template(state) {
  const { doc } = state;
  return html`
    ${stepsHtml(1)}
    ${state.cancelled ? cancelledHtml() : ''}
    <div class="stamp-docline">
      <span class="stamp-docline__name">${doc.name}</span>
      <span class="stamp-docline__meta">${formatSize(doc.size)} · 共${state.sizes.length}页</span>
    </div>
    <section class="stamp-tray js-tray" aria-label="选择印章">${trayHtml(state)}</section>
    <div class="cells stamp-riding js-riding-area">${ridingHtml(state)}</div>
    ${boardHtml(doc)}
    <div class="action-bar stamp-bar">
      <p class="stamp-bar__count js-count" aria-live="polite">${countText(state)}</p>
      <button type="button" class="btn btn--primary js-confirm">确认用印</button>
    </div>`;
}

/** Redraws the tray, the 骑缝章 row, the marks and the count (after a choice, an add or a removal). */
export function redraw(state) {
  const { root } = state;
  setHtml(root.querySelector('.js-tray'), trayHtml(state));
  setHtml(root.querySelector('.js-riding-area'), ridingHtml(state));
  drawMarks(root, state);
  root.querySelector('.js-count').textContent = countText(state);
}

function signedHtml(state) {
  return emptyHtml({
    iconName: 'stamp',
    title: '该文件已完成用印',
    hint: '可在用印结果中下载已盖章的文件',
    action: html`<a class="btn btn--primary btn--inline" href="${stampHash('/result', state.request, state.ent)}">查看用印结果</a>`,
  });
}

async function load(state) {
  const { root, ctx, request } = state;
  return loadInto(root, ctx, async () => {
    const doc = await loadRequest(request);
    state.ent = enterpriseOf(ctx, request, doc);
    rememberRequest(request, state.ent);
    // Opened afresh (back from the licence app): back leads to 选择文件 with this file.
    ctx.router.plantParent(uploadHash(state.ent, request));
    if (doc.status === 'signed') {
      setHtml(root, signedHtml(state));
      return;
    }
    const seals = await loadSeals(state.ent);
    if (!ctx.alive()) return;
    state.doc = doc;
    state.sizes = pageSizes(doc);
    state.seals = seals;
    restoreDraft(state);
    setHtml(root, template(state));
    sizeBoard(root, doc);
    drawMarks(root, state);
  }, (message) => requestGoneHtml(message, state.ent));
}

export function render(root, ctx) {
  const request = requestId(ctx);
  const state = {
    root, ctx, request, ent: enterpriseOf(ctx, request), cancelled: ctx.query.get('cancelled') === '1',
    doc: null, sizes: [], seals: new Map(), chosen: [], placements: [], riding: null, seq: 0, busy: false,
  };
  page = state;
  if (!request) {
    setHtml(root, requestGoneHtml('未找到该用印文件，请先选择文件', state.ent));
    return undefined;
  }
  bindPlacing(state, { redraw });
  root.addEventListener('click', (event) => {
    if (event.target.closest('.js-retry')) load(state);
    else if (event.target.closest('.js-confirm')) confirmStamp(state, () => page === state);
  });
  return load(state);
}

export function destroy() {
  if (page && page.hideLoading) page.hideLoading();
  page = null;
}
