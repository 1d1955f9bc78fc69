// 印章详情: one downloaded seal — its picture, the seal and enterprise facts, and the ways to
// 印章变动, 印章领用情况 and 用印记录.

import { get } from '../api.js';
import { html, setHtml } from '../ui.js';
import { emptyHtml, formatDate, formatDateTime, sameOriginUrl } from '../views.js';
import { openImage } from '../viewer.js';
import { enterpriseId, esealHash, loadInto, noEnterpriseHtml, statusTag } from './eseal-shared.js';

const ID_RE = /^[\w-]{1,64}$/;

function row(label, value) {
  return html`
    <li class="cell info-cell">
      <span class="info-cell__label">${label}</span>
      <span class="info-cell__value">${value || '—'}</span>
    </li>`;
}

function pictureHtml(seal) {
  const full = sameOriginUrl(seal.image_url);
  if (!full) return html`<div class="seal-hero"><p class="seal-hero__none">暂无印模</p></div>`;
  return html`
    <div class="seal-hero">
      <button type="button" class="seal-hero__btn js-enlarge" data-src="${full}" data-name="${seal.name}" aria-label="放大查看${seal.name}印模">
        <img class="seal-hero__img" src="${full}" alt="${seal.name}印模">
      </button>
      <p class="seal-hero__hint">点击图片可放大查看</p>
    </div>`;
}

/** 印章证书: the seal's certificate, as 查看详情 shows it (序列号, 颁发者, 有效期). */
function certificateHtml(cert) {
  if (!cert) return '';
  return html`
    <h2 class="cells__title">印章证书</h2>
    <ul class="cells js-certificate">
      ${row('序列号', cert.serial)}
      ${row('颁发者', cert.issuer)}
      ${row('有效期', `${formatDate(cert.not_before)} 至 ${formatDate(cert.not_after)}`)}
      ${row('证书状态', cert.status_label)}
    </ul>`;
}

/** 【下载印章文件】 (.esl) while the seal is in use; a suspended or revoked seal says why there is none. */
function sealFileHtml(data) {
  const seal = data.seal || {};
  const url = sameOriginUrl(data.seal_file_url);
  if (url) {
    return html`
      <div class="btn-area">
        <a class="btn btn--primary js-seal-file" href="${url}" download="${seal.code || 'seal'}.esl">下载印章文件</a>
      </div>`;
  }
  if (seal.status === 'suspended' || seal.status === 'revoked') {
    return html`<p class="seal-file__note js-seal-file-note">该印章${seal.status_label}，不能下载或使用</p>`;
  }
  return '';
}

function template(data, id) {
  const seal = data.seal || {};
  const ent = data.enterprise || {};
  const changes = `${esealHash('/changes', id)}&seal=${encodeURIComponent(seal.id)}`;
  const receipts = `${esealHash('/receipts', id)}&seal=${encodeURIComponent(seal.id)}`;
  const logs = `${esealHash('/stamp-logs', id)}&seal=${encodeURIComponent(seal.id)}`;
  const type = data.type_label || seal.type;
  return html`
    ${pictureHtml(seal)}
    <h2 class="cells__title">印章信息</h2>
    <ul class="cells">
      ${row('印章名称', seal.name)}
      ${type && type !== seal.name ? row('印章类型', type) : ''}
      ${row('印章编码', seal.code)}
      ${row('企业名称', ent.name)}
      ${row('统一社会信用代码', ent.credit_code)}
      ${row(ent.principal_role || '负责人', ent.principal_name_masked)}
      ${row('备案日期', formatDate(seal.filed_at))}
      ${row('下载时间', formatDateTime(data.received_at))}
      ${row('状态', statusTag(seal))}
    </ul>
    ${certificateHtml(data.certificate)}
    ${sealFileHtml(data)}
    <div class="cells">
      <a class="cell cell--access" href="${changes}"><span class="cell__bd">印章变动</span></a>
      <a class="cell cell--access" href="${receipts}"><span class="cell__bd">印章领用情况</span></a>
      <a class="cell cell--access" href="${logs}"><span class="cell__bd">用印记录</span></a>
    </div>`;
}

/** A receipt that is not (or no longer) this user's: say so and lead back to the list. */
function goneHtml(message, id) {
  return emptyHtml({
    iconName: 'stamp',
    title: '无法查看印章详情',
    hint: message || '未找到该印章，可能已被删除',
    action: html`<a class="btn btn--primary btn--inline" href="${esealHash('/wallet', id)}">查看已下载印章</a>`,
  });
}

async function load(root, ctx, id, receipt) {
  return loadInto(root, ctx, async () => {
    const data = await get(`/api/receipts/${encodeURIComponent(receipt)}`);
    if (!ctx.alive()) return;
    setHtml(root, template(data || {}, id));
  }, (message) => goneHtml(message, id));
}

export function render(root, ctx) {
  const id = enterpriseId(ctx);
  const receipt = ctx.query.get('receipt');
  if (!id || !receipt || !ID_RE.test(receipt)) {
    setHtml(root, noEnterpriseHtml('未找到该印章，请从“查看已下载印章”中选择'));
    return undefined;
  }
  root.addEventListener('click', (event) => {
    const enlarge = event.target.closest('.js-enlarge');
    if (enlarge) openImage(enlarge.dataset.src, enlarge.dataset.name);
    else if (event.target.closest('.js-retry')) load(root, ctx, id, receipt);
  });
  return load(root, ctx, id, receipt);
}
