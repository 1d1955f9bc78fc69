// 印章验真 (public, no sign-in): 选择文件 (a stamped PDF or a seal file .esl, ≤ 20 MB; the server decides), POST
// /api/verify, then the verdict on top and each signature below (verify-report.js); 【重新选择】 checks another
// file. The file and the answer live only in this page: nothing is stored, leaving the page forgets them.

import { ApiError, post } from '../api.js';
import { icon } from '../icons.js';
import { html, raw, setHtml } from '../ui.js';
import { loadingHtml } from '../views.js';
import { reportHtml, verdictHtml } from './verify-report.js';

const VERIFY_API = '/api/verify';
export const LIMIT_BYTES = 20 * 1024 * 1024;
// The server's own words for the same refusals (it decides; these spare a pointless upload).
export const NOT_ACCEPTED = '文件不是PDF或印章文件（.esl），无法验证';
export const TOO_LARGE = '文件超过20MB，请压缩后再上传';
const ACCEPT = 'application/pdf,.pdf,.esl';

/** The client's first look: the server's message for a file plainly not a PDF or .esl, or over 20 MB. */
export function fileProblem(file) {
  const name = file.name || '';
  const known = /\.(pdf|esl)$/i.test(name);
  // Phones' pickers may give a PDF no type or a generic one, and an .esl never has a registered one: the name decides.
  const generic = !file.type || file.type === 'application/octet-stream';
  const acceptable = file.type === 'application/pdf' || known || (generic && !/\.[a-z0-9]{1,8}$/i.test(name));
  if (!acceptable) return NOT_ACCEPTED;
  if (file.size > LIMIT_BYTES) return TOO_LARGE;
  return null;
}

function pickerHtml() {
  return html`
    <div class="verify-intro">
      <span class="verify-intro__icon">${raw(icon('verify'))}</span>
      <p class="verify-intro__title">上传文件，验证印章真伪</p>
      <p class="verify-intro__hint">验证已加盖电子印章的PDF文件或电子印章文件：是哪枚印章、属于哪家企业、何时盖章、文件是否被修改、印章是否已停用或注销。</p>
    </div>
    <div class="cells stamp-file">
      <label class="stamp-pick">
        <span class="stamp-pick__icon">${raw(icon('list'))}</span>
        <span class="stamp-pick__title">选择文件</span>
        <span class="stamp-pick__hint">支持PDF文件或印章文件（.esl），不超过20MB</span>
        <input class="stamp-pick__input js-file" type="file" accept="${ACCEPT}" aria-describedby="verify-file-error">
      </label>
    </div>`;
}

function errorHtml(message) {
  return html`<p class="stamp-file__error verify-error" id="verify-file-error" role="alert" ${message ? '' : 'hidden'}>${message || ''}</p>`;
}

const TIP = html`<p class="page-tip">文件仅用于本次验证，不会被保存；离开本页后验证结果即被清除。</p>`;

function againHtml() {
  return html`
    <div class="btn-area">
      <label class="btn btn--primary verify-again">重新选择
        <input class="stamp-pick__input js-file" type="file" accept="${ACCEPT}" aria-label="重新选择文件">
      </label>
    </div>`;
}

function template(state) {
  if (state.busy) return html`${loadingHtml('正在验证…')}`;
  if (state.answer) {
    return html`
      ${verdictHtml(state.answer, state.file)}
      ${reportHtml(state.answer)}
      ${againHtml()}
      ${TIP}`;
  }
  return html`${pickerHtml()}${errorHtml(state.error)}${TIP}`;
}

function draw(state) {
  setHtml(state.root, template(state));
}

/** The API's message for a refusal (too large, 429, not a PDF …), as it said it. */
function messageOf(error) {
  return (error instanceof ApiError && error.message) || '验证失败，请稍后重试';
}

async function verify(state, file) {
  const problem = fileProblem(file);
  if (problem) {
    Object.assign(state, { answer: null, file: null, error: problem });
    draw(state);
    return;
  }
  const form = new FormData();
  form.append('file', file, file.name);
  const seq = ++state.seq;
  Object.assign(state, { busy: true, answer: null, file: { name: file.name }, error: '' });
  draw(state);
  let answer = null;
  let error = '';
  try {
    answer = (await post(VERIFY_API, form)) || {};
  } catch (failure) {
    error = messageOf(failure);
  }
  if (!state.ctx.alive() || seq !== state.seq) return;
  Object.assign(state, { busy: false, answer, error, file: answer ? state.file : null });
  draw(state);
  window.scrollTo(0, 0);
}

export function render(root, ctx) {
  const state = { root, ctx, seq: 0, busy: false, answer: null, file: null, error: '' };
  root.addEventListener('change', (event) => {
    const input = event.target.closest('.js-file');
    const file = input && input.files && input.files[0];
    if (file) verify(state, file);
  });
  draw(state);
}
