// Helpers shared by the 电子印章 pages: the ?ent= parameter, the enterprise header, states.

import { get } from '../api.js';
import { icon } from '../icons.js';
import { html, raw } from '../ui.js';
import { emptyHtml } from '../views.js';

/** The enterprise id from ?ent=, or null when missing or malformed. */
export function enterpriseId(ctx) {
  const value = ctx.query.get('ent');
  return value && /^[\w-]{1,64}$/.test(value) ? value : null;
}

/** A hash inside the e-seal module for this enterprise. */
export function esealHash(path, id) {
  return `#/eseal${path}?ent=${encodeURIComponent(id)}`;
}

export function loadEnterprise(id) {
  return get(`/api/enterprises/${encodeURIComponent(id)}`);
}

/** The blue header naming the enterprise the module is working on. */
export function enterpriseHeader(enterprise) {
  return html`
    <div class="ent-head">
      <span class="ent-head__icon">${raw(icon('building'))}</span>
      <div class="ent-head__bd">
        <p class="ent-head__name">${enterprise.name}</p>
        ${enterprise.credit_code ? html`<p class="ent-head__code">统一社会信用代码：<span class="nowrap">${enterprise.credit_code}</span></p>` : ''}
      </div>
    </div>`;
}

/** No or an unknown enterprise: say so and lead back to 证照卡包. */
export function noEnterpriseHtml(message = '未找到该企业的电子印章信息') {
  return emptyHtml({
    iconName: 'stamp',
    title: '无法查看电子印章',
    hint: message,
    action: html`<a class="btn btn--primary btn--inline" href="#/cards">返回证照卡包</a>`,
  });
}

/** The answer to a failed enterprise load: 404/403 are final, others may be retried. */
export function isFinal(error) {
  return error.status === 404 || error.status === 403;
}
