// 下载印章: the seals still to download, 《印章下载声明》 read and agreed, then 【下载】 →
// 即将打开“电子营业执照”小程序 → 【允许】 → a top-level jump to the licence app (never the router).
// The agreement is remembered for the enterprise in this tab, so back from the licence app finds it ticked.

import { get, post } from '../api.js';
import { alertDialog, confirmDialog, html, raw, setHtml, sheet, showLoading, toast } from '../ui.js';
import {
  agreedBefore,
  enterpriseHeader,
  enterpriseIdOrNotice,
  esealHash,
  JUMP_TITLE,
  jumpTarget,
  loadInto,
  rememberAgreement,
  rememberDownload,
  sealChip,
} from './eseal-shared.js';
import { allHeldHtml, downloadState, notFiledHtml } from './seal-preview.js';

const JUMP_BODY = '需要跳转到电子营业执照小程序验证是否已下载该企业的电子营业执照';
export const READ_FIRST = '请先阅读《印章下载声明》';

// Module state for the page on screen (the router calls destroy() when it leaves).
let page = null;

function onPageShow(event) {
  // Back from the licence app via the browser's page cache: the page is usable again.
  if (event.persisted && page) settle(page);
}

function settle(state) {
  if (state.hideLoading) state.hideLoading();
  state.hideLoading = null;
  state.busy = false;
  update(state);
}

/** 【下载】 is enabled only when the declaration is agreed, every seal is filed and one is left to download. */
function update(state) {
  const agree = state.root.querySelector('.js-agree');
  const button = state.root.querySelector('.js-download');
  const hint = state.root.querySelector('.js-agree-hint');
  if (hint && agree) hint.hidden = !locked(agree);
  const ready = agree && agree.checked && state.data.downloadable && state.remaining.length > 0;
  if (button) button.disabled = !ready || state.busy;
}

// Before the declaration was opened the box is locked: aria-disabled rather than disabled, so that a tap on it
// still answers (「请先阅读《印章下载声明》」) instead of doing nothing.
const locked = (agree) => agree.getAttribute('aria-disabled') === 'true';

/** Opens the declaration; the box can be ticked once it was opened, and 【我已阅读】 ticks it. */
async function openDeclaration(state) {
  const agree = state.root.querySelector('.js-agree');
  const read = await sheet({
    title: state.declaration.title || '印章下载声明',
    body: declarationBody(state.declaration),
    confirmText: '我已阅读',
  });
  if (page !== state || !agree.isConnected) return;
  agree.removeAttribute('aria-disabled');
  if (read) {
    agree.checked = true;
    rememberAgreement(state.id, state.declaration.version, true);
  }
  update(state);
}

function declarationBody(declaration) {
  const paragraphs = declaration.paragraphs || [];
  return html`
    <div class="declaration">
      ${paragraphs.map((text) => html`<p class="declaration__p">${text}</p>`)}
      ${declaration.version ? html`<p class="declaration__version">版本：${declaration.version}</p>` : ''}
    </div>`;
}

function template({ data, id, remaining, agreed }) {
  if (data.downloadable && !remaining.length) {
    return html`${data.enterprise ? enterpriseHeader(data.enterprise) : ''}${allHeldHtml(id)}`;
  }
  const items = data.downloadable ? remaining : data.items || [];
  return html`
    ${data.enterprise ? enterpriseHeader(data.enterprise) : ''}
    <h2 class="cells__title">本次下载的电子印章（${items.length}枚）</h2>
    ${items.length
      ? html`<ul class="cells seal-chips">${items.map(sealChip)}</ul>`
      : html`<p class="cells seal-list__empty">暂无印章信息</p>`}
    ${data.downloadable ? '' : notFiledHtml()}
    <p class="page-tip" id="agree-tip">下载前需要阅读并同意《印章下载声明》。</p>
    <label class="agree js-agree-label">
      <input class="check-cell__input agree__input js-agree" type="checkbox" ${agreed ? 'checked' : raw('aria-disabled="true"')}
        aria-describedby="agree-tip agree-hint">
      <span class="check-cell__box" aria-hidden="true"></span>
      <span class="agree__text">我已阅读并同意<button type="button" class="link-btn agree__link js-declaration">《印章下载声明》</button></span>
    </label>
    <p class="agree__hint js-agree-hint" id="agree-hint" ${agreed ? 'hidden' : ''}>${READ_FIRST}</p>
    <div class="btn-area">
      <button type="button" class="btn btn--primary js-download" disabled>下载</button>
    </div>`;
}

async function startJump(state) {
  if (state.busy) return;
  state.busy = true;
  const allowed = await confirmDialog({ title: JUMP_TITLE, body: JUMP_BODY, cancelText: '取消', confirmText: '允许' });
  if (!allowed || page !== state) {
    settle(state);
    return;
  }
  update(state);
  state.hideLoading = showLoading('正在打开');
  try {
    const result = await post(`/api/enterprises/${encodeURIComponent(state.id)}/downloads`, {
      declaration_version: state.declaration.version,
      agreed: true,
    });
    const target = jumpTarget(result && result.jump_url);
    if (!target) throw new Error('无法打开电子营业执照小程序，请稍后重试');
    if (result.id) rememberDownload(result.id, state.id);
    window.location.assign(target);
  } catch (error) {
    settle(state);
    if (page === state) await refused(state, error);
  }
}

/** A refusal names the next step: seals already held lead to 【查看已下载印章】. */
async function refused(state, error) {
  const body = error.message || '请稍后重试';
  if (error.code !== 'seals_already_held') {
    await alertDialog({ title: '无法下载', body });
    return;
  }
  const go = await confirmDialog({ title: '无法下载', body, cancelText: '我知道了', confirmText: '查看已下载印章' });
  if (go && page === state) state.ctx.router.navigate(esealHash('/wallet', state.id));
}

async function load(state) {
  const { root, id, ctx } = state;
  return loadInto(root, ctx, async () => {
    const [data, declaration] = await Promise.all([
      get(`/api/enterprises/${encodeURIComponent(id)}/seals`),
      get('/api/downloads/declaration'),
    ]);
    if (!ctx.alive()) return;
    state.data = data;
    state.declaration = declaration;
    state.remaining = downloadState(data).remaining;
    state.agreed = agreedBefore(id, declaration.version);
    setHtml(root, template(state));
    update(state);
  });
}

export function render(root, ctx) {
  const id = enterpriseIdOrNotice(root, ctx);
  if (!id) return undefined;
  const state = { root, ctx, id, data: null, declaration: null, remaining: [], agreed: false, busy: false, hideLoading: null };
  page = state;
  window.addEventListener('pageshow', onPageShow);
  root.addEventListener('click', (event) => {
    const target = event.target;
    if (target.closest('.js-declaration')) {
      event.preventDefault(); // inside the label: open the text, do not tick the box
      openDeclaration(state);
    } else if (target.closest('.js-agree') && locked(target.closest('.js-agree'))) {
      event.preventDefault(); // the box cannot be ticked before the text was opened
      toast(READ_FIRST);
    } else if (target.closest('.js-download')) {
      startJump(state);
    } else if (target.closest('.js-retry')) {
      load(state);
    }
  });
  root.addEventListener('change', (event) => {
    const agree = event.target.closest('.js-agree');
    if (!agree) return;
    rememberAgreement(id, state.declaration && state.declaration.version, agree.checked);
    update(state);
  });
  return load(state);
}

export function destroy() {
  window.removeEventListener('pageshow', onPageShow);
  if (page && page.hideLoading) page.hideLoading();
  page = null;
}
