// 用印 · 选择文件: choose a PDF (≤ 20 MB, ≤ 200 pages; the server decides), upload it and see its name, size
// and page count, then 【下一步】 to 放置印章. Once uploaded the address names the request, so that back from
// 放置印章 (or a reload) finds the file still chosen.

import { ApiError, post } from '../api.js';
import { icon } from '../icons.js';
import { html, raw, setHtml, showLoading } from '../ui.js';
import { enterpriseHeader, enterpriseIdOrNotice, isFinal, loadEnterprise, loadInto } from './eseal-shared.js';
import {
  LIMIT_PAGES,
  fileProblem,
  formatSize,
  loadRequest,
  rememberRequest,
  requestId,
  stampApi,
  stampHash,
  stepsHtml,
  uploadHash,
} from './stamp-shared.js';

function pickerHtml() {
  return html`
    <label class="stamp-pick">
      <span class="stamp-pick__icon">${raw(icon('list'))}</span>
      <span class="stamp-pick__title">选择文件</span>
      <span class="stamp-pick__hint">仅支持PDF文件，不超过20MB、${LIMIT_PAGES}页</span>
      <input class="stamp-pick__input js-file" type="file" accept="application/pdf,.pdf" aria-describedby="stamp-file-error">
    </label>`;
}

function fileHtml(doc) {
  return html`
    <div class="stamp-doc js-doc">
      <span class="stamp-doc__icon" aria-hidden="true">PDF</span>
      <div class="stamp-doc__bd">
        <p class="stamp-doc__name">${doc.name}</p>
        <p class="stamp-doc__meta">
          <span class="js-doc-size">${formatSize(doc.size)}</span>
          <span class="stamp-doc__dot" aria-hidden="true">·</span>
          <span class="js-doc-pages">共${doc.pages}页</span>
        </p>
      </div>
      <label class="link-btn stamp-doc__again">重新选择
        <input class="stamp-pick__input js-file" type="file" accept="application/pdf,.pdf" aria-label="重新选择文件">
      </label>
    </div>`;
}

function template(state) {
  const { enterprise, doc, error } = state;
  return html`
    ${enterprise ? enterpriseHeader(enterprise) : ''}
    ${stepsHtml(0)}
    <h2 class="cells__title">${doc ? '已选择的文件' : '请选择需要加盖电子印章的PDF文件'}</h2>
    <div class="cells stamp-file">${doc ? fileHtml(doc) : pickerHtml()}</div>
    <p class="stamp-file__error js-file-error" id="stamp-file-error" role="alert" ${error ? '' : 'hidden'}>${error || ''}</p>
    <p class="page-tip">选择文件后，在文件页面上放置印章（按印章实际大小显示），点击【确认用印】并在电子营业执照小程序中完成验证后，即可下载已盖章的文件。</p>
    <div class="btn-area">
      <button type="button" class="btn btn--primary js-next" ${doc ? '' : 'disabled'}>下一步</button>
    </div>`;
}

function draw(state) {
  setHtml(state.root, template(state));
}

async function upload(state, file) {
  const problem = fileProblem(file);
  if (problem) {
    state.error = problem;
    draw(state);
    return;
  }
  const form = new FormData();
  form.append('file', file, file.name);
  const hide = showLoading('正在上传');
  try {
    const doc = await post(stampApi.upload, form);
    hide();
    if (!state.ctx.alive()) return;
    rememberRequest(doc.id, state.id);
    // The address now names the file: back from 放置印章 (or a reload) shows it again.
    state.ctx.router.replace(uploadHash(state.id, doc.id));
  } catch (error) {
    hide();
    if (!state.ctx.alive()) return;
    state.error = (error instanceof ApiError && error.message) || '上传失败，请稍后重试';
    draw(state);
  }
}

async function load(state) {
  const { root, ctx, id, request } = state;
  return loadInto(root, ctx, async () => {
    const [enterprise, doc] = await Promise.all([
      loadEnterprise(id),
      request ? loadRequest(request).catch((error) => ({ error })) : null,
    ]);
    if (!ctx.alive()) return;
    state.enterprise = enterprise;
    if (doc && doc.error) {
      // An upload that expired or is already signed: choose a file again (its reason shown).
      if (!isFinal(doc.error) && doc.error.status !== 410) throw doc.error;
      state.doc = null;
      state.error = doc.error.message;
    } else {
      state.doc = doc && doc.status !== 'signed' ? doc : null;
      if (doc && doc.status === 'signed') state.error = '该文件已完成用印，请重新选择文件';
    }
    draw(state);
  });
}

export function render(root, ctx) {
  const id = enterpriseIdOrNotice(root, ctx);
  if (!id) return undefined;
  const state = { root, ctx, id, request: requestId(ctx), enterprise: null, doc: null, error: '' };
  root.addEventListener('change', (event) => {
    const input = event.target.closest('.js-file');
    const file = input && input.files && input.files[0];
    if (file) upload(state, file);
  });
  root.addEventListener('click', (event) => {
    if (event.target.closest('.js-retry')) load(state);
    else if (event.target.closest('.js-next') && state.doc) {
      ctx.router.navigate(stampHash('/place', state.doc.id, id));
    }
  });
  return load(state);
}
