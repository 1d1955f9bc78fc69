// 管理印章: delete seals downloaded into this mini program (they can be downloaded again after real-name checks).

import { post } from '../api.js';
import { alertDialog, confirmDialog, html, setHtml, showLoading, toast } from '../ui.js';
import { openImage } from '../viewer.js';
import { enterpriseHeader, enterpriseIdOrNotice, loadInto } from './eseal-shared.js';
import { loadHeld, pickRowHtml, pickedIds, walletEmptyHtml } from './seal-empty.js';

const HINT = '管理印章中主要是对当前小程序已经下载的印章进行删除操作';

function template(enterprise, items) {
  return html`
    ${enterpriseHeader(enterprise)}
    <p class="page-tip">选择需要删除的印章，点击“删除”按钮进行删除操作，确定后即可删除。删除成功的印章可再次实名认证后下载。</p>
    <div class="cells__title pick-head">
      <span>已下载印章（${items.length}枚）</span>
      <label class="pick-all"><input class="pick__input pick__input--checkbox js-pick-all" type="checkbox"> 全选</label>
    </div>
    <ul class="cells seal-list pick-list">${items.map((item) => pickRowHtml(item, 'checkbox'))}</ul>
    <div class="action-bar">
      <button type="button" class="btn btn--danger js-delete" disabled>删除</button>
    </div>`;
}

function sync(root) {
  const all = root.querySelectorAll('.js-pick');
  const count = pickedIds(root).length;
  const toggle = root.querySelector('.js-pick-all');
  if (toggle) {
    toggle.checked = all.length > 0 && count === all.length;
    toggle.indeterminate = count > 0 && count < all.length;
  }
  const button = root.querySelector('.js-delete');
  if (button) {
    button.disabled = count === 0;
    button.textContent = count ? `删除（${count}）` : '删除';
  }
}

async function load(state) {
  const { root, ctx, id } = state;
  return loadInto(root, ctx, async () => {
    const held = await loadHeld(id);
    if (!ctx.alive()) return;
    // Only downloaded seals are deleted here; a seal used under a grant is revoked by the principal.
    const { enterprise } = held;
    const items = held.items.filter((item) => item.access !== 'grant');
    setHtml(root, items.length ? template(enterprise, items) : walletEmptyHtml(enterprise, id, HINT));
  });
}

async function remove(state) {
  const { root, ctx } = state;
  const ids = pickedIds(root);
  if (!ids.length || state.busy) return;
  const ok = await confirmDialog({
    title: '确认删除',
    body: `删除后，该印章将从当前小程序中移除，可再次实名认证后下载。确定删除所选的${ids.length}枚印章吗？`,
    cancelText: '取消',
    confirmText: '删除',
    danger: true,
  });
  if (!ok || !ctx.alive()) return;
  state.busy = true;
  const hide = showLoading('正在删除');
  try {
    await post('/api/receipts/delete', { receipt_ids: ids.map(Number) });
    hide();
    if (!ctx.alive()) return;
    toast('删除成功', { type: 'success' });
    await load(state);
  } catch (error) {
    hide();
    if (!ctx.alive()) return;
    await alertDialog({ title: '删除失败', body: error.message || '请稍后重试' });
    // A refused request may mean the list changed elsewhere: show what is held now.
    if (ctx.alive() && error.status >= 400 && error.status < 500 && error.status !== 401) await load(state);
  } finally {
    state.busy = false;
  }
}

export function render(root, ctx) {
  const id = enterpriseIdOrNotice(root, ctx);
  if (!id) return undefined;
  const state = { root, ctx, id, busy: false };
  root.addEventListener('change', (event) => {
    if (event.target.closest('.js-pick-all')) {
      const checked = event.target.checked;
      root.querySelectorAll('.js-pick').forEach((input) => { input.checked = checked; });
    }
    if (event.target.closest('.js-pick, .js-pick-all')) sync(root);
  });
  root.addEventListener('click', (event) => {
    const enlarge = event.target.closest('.js-enlarge');
    if (enlarge) openImage(enlarge.dataset.src, enlarge.dataset.name);
    else if (event.target.closest('.js-retry')) load(state);
    else if (event.target.closest('.js-delete')) remove(state);
  });
  return load(state);
}
