// 下载结果: back from the licence app, complete the download session (the server is idempotent,
// so a reload shows the same result) and list the seals now in the wallet. The page arrives as a fresh
// load after the licence app: the enterprise's 电子印章 home is planted under it, so back leads there.

import { post } from '../api.js';
import { icon } from '../icons.js';
import { html, raw, setHtml } from '../ui.js';
import { loadingHtml } from '../views.js';
import { downloadEnterprise, esealHash, rememberAgreement, sealChip } from './eseal-shared.js';

const ID_RE = /^[\w-]{1,128}$/;

function successHtml(result) {
  const receipts = result.receipts || [];
  return html`
    <div class="result">
      <span class="result__icon result__icon--success">${raw(icon('success'))}</span>
      <p class="result__title">下载成功</p>
      <p class="result__hint">已下载${receipts.length}枚电子印章，可在“查看已下载印章”中查看</p>
    </div>
    ${receipts.length ? html`
      <h2 class="cells__title">已下载的电子印章</h2>
      <ul class="cells seal-chips">${receipts.map(sealChip)}</ul>` : ''}
    <div class="btn-area">
      <button type="button" class="btn btn--primary js-wallet">查看已下载印章</button>
      <button type="button" class="btn btn--default js-home">返回首页</button>
    </div>`;
}

function failureHtml(message, retry) {
  return html`
    <div class="result">
      <span class="result__icon result__icon--fail">${raw(icon('fail'))}</span>
      <p class="result__title">下载失败</p>
      <p class="result__hint">${message}</p>
    </div>
    <div class="btn-area">
      <button type="button" class="btn btn--primary js-again">重新下载</button>
      ${retry ? html`<button type="button" class="btn btn--default js-retry">重试</button>` : ''}
    </div>`;
}

async function complete(state) {
  const { root, ctx, downloadId } = state;
  setHtml(root, loadingHtml('正在下载印章…'));
  try {
    const result = await post(`/api/downloads/${encodeURIComponent(downloadId)}/complete`, {});
    if (!ctx.alive()) return;
    if (result && result.enterprise_id != null) state.enterprise = String(result.enterprise_id);
    if (state.enterprise) rememberAgreement(state.enterprise, null, false); // a next download agrees afresh
    plantHome(state);
    setHtml(root, successHtml(result || {}));
  } catch (error) {
    if (!ctx.alive()) return;
    // Network trouble and server faults may pass; a refused session needs a new download.
    const retry = error.status === 0 || error.status >= 500;
    plantHome(state);
    setHtml(root, failureHtml(error.message || '请稍后重试', retry));
  }
}

/** Back from 下载结果: the enterprise's 电子印章 home (or 证照卡包 when the tab forgot the enterprise). */
function plantHome(state) {
  state.ctx.router.plantParent(state.enterprise ? esealHash('', state.enterprise) : '#/cards');
}

export function render(root, ctx) {
  const value = ctx.query.get('download');
  const downloadId = value && ID_RE.test(value) ? value : null;
  const ent = ctx.query.get('ent');
  const state = {
    root,
    ctx,
    downloadId,
    enterprise: (ent && /^[\w-]{1,64}$/.test(ent) ? ent : null) || (downloadId && downloadEnterprise(downloadId)),
  };
  root.addEventListener('click', (event) => {
    const target = event.target;
    if (target.closest('.js-wallet')) ctx.router.navigate(state.enterprise ? esealHash('/wallet', state.enterprise) : '#/cards');
    else if (target.closest('.js-home')) ctx.router.navigate('#/home');
    else if (target.closest('.js-again')) {
      ctx.router.navigate(state.enterprise ? esealHash('/download', state.enterprise) : '#/cards');
    } else if (target.closest('.js-retry')) complete(state);
  });
  if (!downloadId) {
    plantHome(state);
    setHtml(root, failureHtml('未找到下载记录，请重新下载', false));
    return undefined;
  }
  return complete(state);
}
