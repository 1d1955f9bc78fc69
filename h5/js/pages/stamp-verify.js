// 验章 of a document just stamped: for each signature in the signed file, the seal, its enterprise, the time
// (from the signature timestamp) and whether it is 有效 (intact, its certificate chains to the platform's root
// and is not revoked) or 无效, as the server checked the file.

import { get } from '../api.js';
import { icon } from '../icons.js';
import { html, raw, setHtml } from '../ui.js';
import { emptyHtml, formatDateTime } from '../views.js';
import { loadInto } from './eseal-shared.js';
import { whereText } from './stamp-result.js';
import { enterpriseOf, requestGoneHtml, requestId, stampApi } from './stamp-shared.js';

const CHECKS = [
  ['intact', '文件自签章后未被修改'],
  ['trusted', '印章证书由平台签发且状态正常'],
  ['timestamp_ok', '包含可信时间戳'],
];

function checkHtml(signature) {
  return CHECKS.filter(([key]) => typeof signature[key] === 'boolean').map(([key, label]) => html`
    <li class="stamp-check ${signature[key] ? 'stamp-check--ok' : 'stamp-check--bad'}">
      <span class="visually-hidden">${signature[key] ? '通过：' : '未通过：'}</span>${label}
    </li>`);
}

function signatureHtml(signature) {
  const valid = Boolean(signature.valid);
  return html`
    <li class="stamp-verify__item">
      <div class="stamp-verify__hd">
        <p class="stamp-verify__seal">${signature.seal_name || signature.field_name}</p>
        <span class="tag ${valid ? 'tag--filed' : 'tag--revoked'}">${valid ? '有效' : '无效'}</span>
      </div>
      ${signature.enterprise_name ? html`<p class="stamp-verify__meta">企业名称：${signature.enterprise_name}</p>` : ''}
      ${signature.kind ? html`<p class="stamp-verify__meta">位置：${whereText(signature)}</p>` : ''}
      <p class="stamp-verify__meta">签章时间：${formatDateTime(signature.signed_at) || '—'}</p>
      <ul class="stamp-verify__checks">${checkHtml(signature)}</ul>
    </li>`;
}

function verdictHtml(signatures, overall) {
  const valid = typeof overall === 'boolean' ? overall : signatures.every((s) => s.valid);
  return html`
    <div class="result">
      <span class="result__icon ${valid ? 'result__icon--success' : 'result__icon--fail'}">${raw(icon(valid ? 'success' : 'fail'))}</span>
      <p class="result__title">${valid ? '验章通过' : '验章未通过'}</p>
      <p class="result__hint">文件中共有${signatures.length}个电子签章${valid ? '，均有效' : ''}</p>
    </div>`;
}

function template(data) {
  const signatures = data.signatures || [];
  if (!signatures.length) {
    return emptyHtml({ iconName: 'stamp', title: '未找到电子签章', hint: '该文件中没有电子签章' });
  }
  return html`
    ${verdictHtml(signatures, data.valid)}
    <h2 class="cells__title">签章信息</h2>
    <ul class="cells stamp-verify">${signatures.map(signatureHtml)}</ul>`;
}

async function load(state) {
  const { root, ctx, request } = state;
  return loadInto(root, ctx, async () => {
    const data = (await get(stampApi.verification(request))) || {};
    if (!ctx.alive()) return;
    setHtml(root, template(data));
  }, (message) => requestGoneHtml(message, state.ent));
}

export function render(root, ctx) {
  const request = requestId(ctx);
  const state = { root, ctx, request, ent: enterpriseOf(ctx, request) };
  if (!request) {
    setHtml(root, requestGoneHtml('未找到该用印文件', state.ent));
    return undefined;
  }
  root.addEventListener('click', (event) => {
    if (event.target.closest('.js-retry')) load(state);
  });
  return load(state);
}
