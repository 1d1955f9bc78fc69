// 查看已下载印章: the seals this user downloaded for the enterprise; choose one, then 【查看详情】.

import { html, setHtml } from '../ui.js';
import { openImage } from '../viewer.js';
import { enterpriseHeader, enterpriseIdOrNotice, loadInto } from './eseal-shared.js';
import { loadHeld, pickRowHtml, pickedIds, walletEmptyHtml } from './seal-empty.js';

function template(enterprise, items) {
  return html`
    ${enterpriseHeader(enterprise)}
    <h2 class="cells__title">请选择需要查看的电子印章（共${items.length}枚）</h2>
    <ul class="cells seal-list pick-list">
      ${items.map((item) => pickRowHtml(item, 'radio'))}
    </ul>
    <div class="action-bar">
      <button type="button" class="btn btn--primary js-detail" disabled>查看详情</button>
    </div>`;
}

async function load(root, ctx, id) {
  return loadInto(root, ctx, async () => {
    const { enterprise, items } = await loadHeld(id);
    if (!ctx.alive()) return;
    setHtml(root, items.length ? template(enterprise, items) : walletEmptyHtml(enterprise, id));
  });
}

export function render(root, ctx) {
  const id = enterpriseIdOrNotice(root, ctx);
  if (!id) return undefined;
  root.addEventListener('change', (event) => {
    if (!event.target.closest('.js-pick')) return;
    const button = root.querySelector('.js-detail');
    if (button) button.disabled = pickedIds(root).length === 0;
  });
  root.addEventListener('click', (event) => {
    const enlarge = event.target.closest('.js-enlarge');
    if (enlarge) openImage(enlarge.dataset.src, enlarge.dataset.name);
    else if (event.target.closest('.js-retry')) load(root, ctx, id);
    else if (event.target.closest('.js-detail')) {
      const [receipt] = pickedIds(root);
      if (receipt) {
        ctx.router.navigate(`#/eseal/seal?ent=${encodeURIComponent(id)}&receipt=${encodeURIComponent(receipt)}`);
      }
    }
  });
  return load(root, ctx, id);
}
