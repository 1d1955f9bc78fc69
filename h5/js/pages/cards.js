// 证照卡包 (tab): the 无介质电子礼包 of each enterprise (电子营业执照, 电子印章, 电子发票).
// Blocked or empty, it says why and what next: 去实名认证 in the page (the tab bar stays), or that the gift
// package goes to the 法定代表人（执行事务合伙人、负责人） only.

import { get } from '../api.js';
import { icon } from '../icons.js';
import { isVerified } from '../session.js';
import { alertDialog, html, raw, setHtml } from '../ui.js';
import { emptyHtml, errorHtml, formatDate, loadingHtml, sameOriginUrl } from '../views.js';

let enterprises = new Map();

export const REALNAME_REASON = '只有通过实名认证登录一网通的法定代表人（执行事务合伙人、负责人）才可以查看和下载电子印章';
export const PRINCIPAL_ONLY = '无介质电子礼包（电子营业执照、电子印章、电子发票）只发放给企业的法定代表人（执行事务合伙人、负责人）'
  + '本人。开办企业手续完成后，将同步发放至其证照卡包。';

function realnameHtml() {
  return emptyHtml({
    iconName: 'idcard',
    title: '请先完成实名认证',
    hint: REALNAME_REASON,
    action: html`<a class="btn btn--primary btn--inline" href="#/realname?next=${encodeURIComponent('#/cards')}">去实名认证</a>`,
  });
}

function sealThumb(enterprise) {
  const src = sameOriginUrl(enterprise.official_seal_thumb_url);
  return html`
    <span class="gift__thumb js-seal-thumb">
      ${src ? html`<img class="gift__thumb-img" src="${src}" alt="${enterprise.name}公章印模">` : raw(icon('stamp'))}
    </span>`;
}

function metaHtml(parts) {
  return parts.filter(Boolean).map((part) => html`<span class="gift__meta">${part}</span>`);
}

function giftHtml(gift, enterprise) {
  const issued = gift.issued_at ? `发放日期 ${formatDate(gift.issued_at)}` : '';
  if (gift.kind === 'eseal') {
    const count = Number.isFinite(gift.count) ? `共${gift.count}枚` : '';
    return html`
      <li><a class="gift gift--eseal" href="#/eseal?ent=${encodeURIComponent(enterprise.id)}">
        <span class="gift__icon">${raw(icon('stamp'))}</span>
        <span class="gift__bd"><span class="gift__title">${gift.title || '电子印章'}</span>
          <span class="gift__desc">${metaHtml([count, issued])}</span></span>
        ${sealThumb(enterprise)}
      </a></li>`;
  }
  const kinds = {
    licence: { cls: 'licence', icon: 'licence', action: 'js-licence', title: '电子营业执照' },
    einvoice: { cls: 'einvoice', icon: 'invoice', action: 'js-einvoice', title: '电子发票' },
  };
  const kind = kinds[gift.kind];
  if (!kind) return '';
  return html`
    <li><button type="button" class="gift gift--${kind.cls} ${kind.action}" data-ent="${enterprise.id}">
      <span class="gift__icon">${raw(icon(kind.icon))}</span>
      <span class="gift__bd"><span class="gift__title">${gift.title || kind.title}</span>
        <span class="gift__desc">${metaHtml([issued])}</span></span>
      <span class="gift__chevron" aria-hidden="true"></span>
    </button></li>`;
}

function enterpriseHtml({ enterprise, gifts, access, role }) {
  // An enterprise whose seals were authorised to this user (授权用印): only its 电子印章, marked 授权使用.
  const granted = access === 'grant';
  return html`
    <section class="wallet-ent" aria-labelledby="ent-${enterprise.id}">
      <header class="wallet-ent__head">
        <h2 class="wallet-ent__name" id="ent-${enterprise.id}">${enterprise.name}${granted ? html` <span class="tag tag--grant">${role || '授权使用'}</span>` : ''}</h2>
        <p class="wallet-ent__code">统一社会信用代码：<span class="nowrap">${enterprise.credit_code || '—'}</span></p>
      </header>
      <ul class="gift-list">${(gifts || []).map((gift) => giftHtml(gift, enterprise))}</ul>
    </section>`;
}

function licenceDialog(enterprise) {
  const rows = [
    ['企业名称', enterprise.name],
    ['统一社会信用代码', enterprise.credit_code],
    ['类型', enterprise.type_label],
    [enterprise.principal_role || '法定代表人', enterprise.principal_name_masked],
    ['住所', enterprise.address],
    ['成立日期', formatDate(enterprise.established_on)],
  ];
  return alertDialog({
    title: '电子营业执照',
    body: html`<dl class="info-list">${rows.map(([label, value]) => html`
      <div class="info-list__row"><dt>${label}</dt><dd>${value || '—'}</dd></div>`)}</dl>`,
  });
}

async function load(root) {
  if (!isVerified()) {
    setHtml(root, realnameHtml());
    return;
  }
  setHtml(root, loadingHtml());
  try {
    const data = await get('/api/wallet');
    const items = (data && data.items) || [];
    enterprises = new Map(items.map((item) => [String(item.enterprise.id), item.enterprise]));
    if (!items.length) {
      setHtml(root, emptyHtml({
        iconName: 'wallet',
        title: '暂无证照',
        hint: PRINCIPAL_ONLY,
        action: html`<a class="btn btn--default btn--inline" href="#/startup">开办企业</a>`,
      }));
      return;
    }
    setHtml(root, html`
      <p class="page-tip">无介质电子礼包（电子营业执照、电子印章、电子发票）</p>
      ${items.map(enterpriseHtml)}`);
  } catch (error) {
    if (error.status === 403 && error.code === 'realname_required') {
      setHtml(root, realnameHtml());
      return;
    }
    setHtml(root, errorHtml(error));
  }
}

export function render(root) {
  root.addEventListener('click', (event) => {
    const target = event.target;
    if (target.closest('.js-retry')) {
      load(root);
    } else if (target.closest('.js-einvoice')) {
      alertDialog({ title: '电子发票', body: '电子发票功能请前往电子发票平台使用' });
    } else if (target.closest('.js-licence')) {
      const enterprise = enterprises.get(target.closest('.js-licence').dataset.ent);
      if (enterprise) licenceDialog(enterprise);
    }
  });
  return load(root);
}

export function destroy() {
  enterprises = new Map();
}
