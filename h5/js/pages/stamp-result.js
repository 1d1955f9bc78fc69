// 用印结果: back from the licence app (or after the SMS code), complete the request — the server signs it once,
// so a reload shows the same result — and offer 【下载文件】, 【验章】 (of this file), 【返回首页】 and
// 「上传其他文件验证印章」 (印章验真, the public page). The page arrives as a fresh load: the enterprise's 电子印章
// home is planted under it, so back leads there.

import { post } from '../api.js';
import { icon } from '../icons.js';
import { html, raw, setHtml } from '../ui.js';
import { formatDate, formatDateTime, loadingHtml, sameOriginUrl } from '../views.js';
import { esealHash } from './eseal-shared.js';
import { enterpriseOf, forgetDraft, requestId, stampApi, stampHash, uploadHash } from './stamp-shared.js';

/** Where a signature is: 第3页, or 骑缝章 (every page). */
export function whereText(signature) {
  return signature.kind === 'riding' || signature.page == null ? '骑缝章（每页右侧）' : `第${signature.page}页`;
}

/** The signed file's name as the server gives it: 合同-已盖章.pdf. */
export function signedName(name) {
  return `${String(name || '文件').replace(/\.pdf$/i, '')}-已盖章.pdf`;
}

function signatureHtml(signature) {
  return html`
    <li class="cell stamp-sig">
      <div class="cell__bd">
        <p class="stamp-sig__name">${signature.seal_name}</p>
        <p class="stamp-sig__meta">${whereText(signature)} · 用印时间 ${formatDateTime(signature.signed_at)}</p>
      </div>
    </li>`;
}

function successHtml(state, result) {
  const signatures = result.signatures || [];
  const file = sameOriginUrl(result.file_url);
  return html`
    <div class="result">
      <span class="result__icon result__icon--success">${raw(icon('success'))}</span>
      <p class="result__title">用印成功</p>
      <p class="result__hint">已在“${result.name}”上加盖${signatures.length}个电子印章</p>
    </div>
    <h2 class="cells__title">本次用印</h2>
    <ul class="cells">${signatures.map(signatureHtml)}</ul>
    <dl class="stamp-digest">
      <dt>已盖章文件（SHA-256）</dt><dd class="stamp-digest__value">${result.sha256_after}</dd>
    </dl>
    ${file ? '' : html`<p class="notice">已盖章文件已超过保存期限，不能再下载</p>`}
    ${file && result.keep_until ? html`<p class="page-tip">已盖章文件保存至${formatDate(result.keep_until)}，请及时下载</p>` : ''}
    <div class="btn-area">
      ${file ? html`<a class="btn btn--primary js-file" href="${file}" download="${signedName(result.name)}">下载文件</a>` : ''}
      <a class="btn btn--default" href="${stampHash('/verify', state.request, state.ent)}">验章</a>
      <button type="button" class="btn btn--default js-home">返回首页</button>
    </div>
    <p class="page-link"><a href="#/verify">上传其他文件验证印章</a></p>`;
}

function failureHtml(state, message, retry) {
  return html`
    <div class="result">
      <span class="result__icon result__icon--fail">${raw(icon('fail'))}</span>
      <p class="result__title">用印失败</p>
      <p class="result__hint">${message}</p>
    </div>
    <div class="btn-area">
      ${retry ? html`<button type="button" class="btn btn--primary js-retry">重试</button>` : ''}
      ${state.request ? html`<a class="btn ${retry ? 'btn--default' : 'btn--primary'}" href="${stampHash('/place', state.request, state.ent)}">重新确认用印</a>` : ''}
      <a class="btn btn--default" href="${uploadHash(state.ent)}">重新选择文件</a>
    </div>`;
}

/** Back from 用印结果: the enterprise's 电子印章 home (or 证照卡包 when the tab forgot the enterprise). */
function plantHome(state) {
  state.ctx.router.plantParent(state.ent ? esealHash('', state.ent) : '#/cards');
}

async function complete(state) {
  const { root, ctx, request } = state;
  setHtml(root, loadingHtml('正在用印…'));
  try {
    const result = (await post(stampApi.complete(request), {})) || {};
    if (!ctx.alive()) return;
    forgetDraft(request);
    plantHome(state);
    setHtml(root, successHtml(state, result));
  } catch (error) {
    if (!ctx.alive()) return;
    // Network trouble and server faults may pass; a refused confirmation is confirmed again.
    const retry = error.status === 0 || error.status >= 500;
    plantHome(state);
    setHtml(root, failureHtml(state, error.message || '请稍后重试', retry));
  }
}

export function render(root, ctx) {
  const request = requestId(ctx);
  const state = { root, ctx, request, ent: enterpriseOf(ctx, request) };
  root.addEventListener('click', (event) => {
    if (event.target.closest('.js-home')) ctx.router.navigate('#/home');
    else if (event.target.closest('.js-retry')) complete(state);
  });
  if (!request) {
    plantHome(state);
    setHtml(root, failureHtml(state, '未找到用印记录，请重新选择文件', false));
    return undefined;
  }
  return complete(state);
}
