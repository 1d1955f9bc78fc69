// 印章变动: the enterprise's seal events (备案完成, 下载, 删除 …), newest first, 20 at a time.
// Opened from one seal (?seal=), it shows that seal's events, with 全部印章 a tap away.

import { get, withQuery } from '../api.js';
import { html, setHtml, toast } from '../ui.js';
import { emptyHtml, formatDateTime } from '../views.js';
import { enterpriseIdOrNotice, loadInto } from './eseal-shared.js';

const PER_PAGE = 20;
const ID_RE = /^\d{1,12}$/;

function eventHtml(item) {
  return html`
    <li class="timeline__item">
      <span class="timeline__dot" aria-hidden="true"></span>
      <div class="timeline__bd">
        <p class="timeline__title">${item.kind_label || item.kind}<span class="timeline__seal">${item.seal_name}</span></p>
        ${item.detail ? html`<p class="timeline__detail">${item.detail}</p>` : ''}
        ${item.actor ? html`<p class="timeline__meta">操作人：${item.actor}</p>` : ''}
        <p class="timeline__meta"><time datetime="${item.created_at}">${formatDateTime(item.created_at)}</time></p>
      </div>
    </li>`;
}

function moreHtml(state) {
  if (state.page * PER_PAGE >= state.total) {
    return html`<p class="list-end">共${state.total}条记录，已全部加载</p>`;
  }
  return html`<div class="btn-area"><button type="button" class="btn btn--default js-more">加载更多</button></div>`;
}

/** 本印章 / 全部印章, when the page was opened from one seal. */
function filterHtml(state) {
  if (!state.sealId) return '';
  const option = (value, label) => html`
    <button type="button" class="segmented__btn js-filter" data-filter="${value}"
      aria-pressed="${state.filter === value ? 'true' : 'false'}">${label}</button>`;
  return html`
    <div class="segmented" role="group" aria-label="显示范围">
      ${option('seal', state.sealName ? `本印章（${state.sealName}）` : '本印章')}${option('all', '全部印章')}
    </div>`;
}

function headingHtml(state) {
  const one = state.filter === 'seal' && state.sealName;
  return html`<h2 class="cells__title">${one ? `${state.sealName}的相关变更信息` : '当前市场主体电子印章的相关变更信息'}</h2>`;
}

function page(state, number) {
  const path = `/api/enterprises/${encodeURIComponent(state.id)}/seal-events`;
  const sealId = state.filter === 'seal' ? state.sealId : null;
  return get(withQuery(path, { page: number, per_page: PER_PAGE, seal_id: sealId }));
}

async function load(state) {
  const { root, ctx } = state;
  return loadInto(root, ctx, async () => {
    const data = (await page(state, 1)) || {};
    if (!ctx.alive()) return;
    const items = data.items || [];
    state.page = 1;
    state.total = Number(data.total) || items.length;
    if (state.filter === 'seal' && items.length) state.sealName = items[0].seal_name;
    if (!items.length) {
      setHtml(root, html`
        ${filterHtml(state)}
        ${emptyHtml({ iconName: 'list', title: '暂无印章变动', hint: '印章备案、下载、删除等变动将在此显示' })}`);
      return;
    }
    setHtml(root, html`
      ${filterHtml(state)}
      ${headingHtml(state)}
      <ol class="timeline js-list">${items.map(eventHtml)}</ol>
      <div class="js-more-area">${moreHtml(state)}</div>`);
  });
}

async function more(state, button) {
  const { root, ctx } = state;
  button.disabled = true;
  button.textContent = '加载中…';
  try {
    const data = (await page(state, state.page + 1)) || {};
    if (!ctx.alive()) return;
    state.page += 1;
    state.total = Number(data.total) || state.total;
    const list = root.querySelector('.js-list');
    list.insertAdjacentHTML('beforeend', (data.items || []).map((item) => String(eventHtml(item))).join(''));
    setHtml(root.querySelector('.js-more-area'), moreHtml(state));
  } catch (error) {
    if (!ctx.alive()) return;
    button.disabled = false;
    button.textContent = '加载更多';
    toast(error.message || '加载失败，请重试', { type: 'fail' });
  }
}

export function render(root, ctx) {
  const id = enterpriseIdOrNotice(root, ctx);
  if (!id) return undefined;
  const seal = ctx.query.get('seal');
  const sealId = seal && ID_RE.test(seal) ? seal : null;
  const state = { root, ctx, id, sealId, sealName: '', filter: sealId ? 'seal' : 'all', page: 1, total: 0 };
  root.addEventListener('click', (event) => {
    const button = event.target.closest('.js-more');
    const filter = event.target.closest('.js-filter');
    if (button && !button.disabled) more(state, button);
    else if (filter && filter.dataset.filter !== state.filter) {
      state.filter = filter.dataset.filter;
      load(state).then(() => {
        const pressed = root.querySelector(`.js-filter[data-filter="${state.filter}"]`);
        if (pressed) pressed.focus({ preventScroll: true });
      });
    } else if (event.target.closest('.js-retry')) load(state);
  });
  return load(state);
}
