// 查看已下载印章: the seals this user downloaded for the enterprise (or, for a grantee, those authorised to them:
// 授权使用 with their period); choose one, then 【查看详情】.

import { html, setHtml } from '../ui.js';
import { emptyHtml } from '../views.js';
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

/** A grantee whose grants all ended: nothing to show, and no 下载 to offer (that is the principal's). */
function grantsEndedHtml(enterprise) {
  return html`
    ${enterpriseHeader(enterprise)}
    ${emptyHtml({
      iconName: 'stamp',
      title: '暂无授权使用的印章',
      hint: '授权已到期或已被撤销，如需继续使用请联系法定代表人（执行事务合伙人、负责人）重新授权',
      action: html`<a class="btn btn--primary btn--inline" href="#/cards">返回证照卡包</a>`,
    })}`;
}

async function load(root, ctx, id) {
  return loadInto(root, ctx, async () => {
    const { enterprise, items } = await loadHeld(id);
    if (!ctx.alive()) return;
    if (items.length) setHtml(root, template(enterprise, items));
    else setHtml(root, enterprise.access === 'grant' ? grantsEndedHtml(enterprise) : walletEmptyHtml(enterprise, id));
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
      const [picked] = pickedIds(root);
      // g<id>: a seal granted to this user (授权使用), else a receipt of a downloaded seal
      const param = picked && picked.startsWith('g') ? `grant=${encodeURIComponent(picked.slice(1))}` : `receipt=${encodeURIComponent(picked)}`;
      if (picked) ctx.router.navigate(`#/eseal/seal?ent=${encodeURIComponent(id)}&${param}`);
    }
  });
  return load(root, ctx, id);
}
