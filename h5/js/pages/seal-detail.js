// 印章详情: one downloaded seal (or one authorised to this user: 授权使用, its period and state) — its picture,
// the seal and enterprise facts, 【用印】, and the ways to 印章变动, 印章领用情况, 授权用印 and 用印记录 (a grantee:
// 用印记录 only).

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

/** The ways on from 查看详情: the principal's four, a grantee's 用印记录 only. */
function linksHtml(seal, id, granted) {
  const link = (path, label) => html`
    <a class="cell cell--access" href="${esealHash(path, id)}&seal=${encodeURIComponent(seal.id)}"><span class="cell__bd">${label}</span></a>`;
  return html`
    <div class="cells">
      ${granted ? '' : html`${link('/changes', '印章变动')}${link('/receipts', '印章领用情况')}${link('/grants', '授权用印')}`}
      ${link('/stamp-logs', '用印记录')}
    </div>`;
}

/** How this user holds the seal: downloaded (下载时间), or 授权使用 with its period and state. */
function holdingRows(data, granted) {
  if (!granted) return row('下载时间', formatDateTime(data.received_at));
  return html`
    ${row('使用方式', data.access_label || '授权使用')}
    ${row('授权期限', `${formatDate(data.starts_on)} 至 ${formatDate(data.ends_on)}`)}
    ${row('授权状态', data.state_label)}`;
}

/** 【用印】 for a seal in use (filed): to 选择文件. */
function stampHtml(seal, id) {
  if (seal.status !== 'filed') return '';
  return html`<div class="btn-area"><a class="btn btn--default" href="${esealHash('/stamp', id)}">用印</a></div>`;
}

function template(data, id, granted) {
  const seal = data.seal || {};
  const ent = data.enterprise || {};
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
      ${holdingRows(data, granted)}
      ${row('状态', statusTag(seal))}
    </ul>
    ${certificateHtml(data.certificate)}
    ${granted ? '' : sealFileHtml(data)}
    ${stampHtml(seal, id)}
    ${linksHtml(seal, id, granted)}`;
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

async function load(root, ctx, id, held) {
  return loadInto(root, ctx, async () => {
    const path = held.grant ? `/api/grants/${encodeURIComponent(held.grant)}` : `/api/receipts/${encodeURIComponent(held.receipt)}`;
    const data = await get(path);
    if (!ctx.alive()) return;
    setHtml(root, template(data || {}, id, Boolean(held.grant)));
  }, (message) => goneHtml(message, id));
}

export function render(root, ctx) {
  const id = enterpriseId(ctx);
  // ?receipt= a downloaded seal, ?grant= a seal authorised to this user (授权使用)
  const pick = (name) => (ID_RE.test(ctx.query.get(name) || '') ? ctx.query.get(name) : null);
  const held = { receipt: pick('receipt'), grant: pick('grant') };
  if (!id || !(held.receipt || held.grant)) {
    setHtml(root, noEnterpriseHtml('未找到该印章，请从“查看已下载印章”中选择'));
    return undefined;
  }
  root.addEventListener('click', (event) => {
    const enlarge = event.target.closest('.js-enlarge');
    if (enlarge) openImage(enlarge.dataset.src, enlarge.dataset.name);
    else if (event.target.closest('.js-retry')) load(root, ctx, id, held);
  });
  return load(root, ctx, id, held);
}
