// 电子印章 home: 用印 (in a row of its own: the use of the seals), 下载印章, 查看已下载印章, 管理印章, 帮助中心.

import { icon } from '../icons.js';
import { html, raw, setHtml } from '../ui.js';
import {
  enterpriseHeader,
  enterpriseIdOrNotice,
  esealHash,
  loadEnterprise,
  loadInto,
} from './eseal-shared.js';

// principalOnly: a person the principal authorised (授权用印) sees their granted seals and 用印, nothing else.
const ENTRIES = [
  { path: '/download', label: '下载印章', icon: 'download', tone: 'blue', principalOnly: true },
  { path: '/wallet', label: '查看已下载印章', icon: 'view', tone: 'green' },
  { path: '/manage', label: '管理印章', icon: 'manage', tone: 'orange', principalOnly: true },
  { path: '/help', label: '帮助中心', icon: 'help', tone: 'purple' },
];

const TIP = '目前支持预览、下载、用印（在PDF文件上加盖电子印章）、授权用印和验章。';
const GRANTEE_TIP = '您已获授权使用本企业的电子印章：可在“查看已下载印章”中查看授权使用的印章及其期限，并在授权期限内用印。';

function template(enterprise, id) {
  const grantee = enterprise.access === 'grant';
  const entries = ENTRIES.filter((entry) => !(grantee && entry.principalOnly));
  return html`
    ${enterpriseHeader(enterprise)}
    <a class="eseal-use" href="${esealHash('/stamp', id)}" aria-labelledby="eseal-use-label" aria-describedby="eseal-use-desc">
      <span class="eseal-grid__icon eseal-grid__icon--red eseal-use__icon">${raw(icon('stamp'))}</span>
      <span class="eseal-use__bd">
        <span class="eseal-use__label" id="eseal-use-label">用印</span>
        <span class="eseal-use__desc" id="eseal-use-desc">在PDF文件上加盖电子印章</span>
      </span>
    </a>
    <ul class="eseal-grid">
      ${entries.map((entry) => html`
        <li class="eseal-grid__item">
          <a class="eseal-grid__link" href="${esealHash(entry.path, id)}">
            <span class="eseal-grid__icon eseal-grid__icon--${entry.tone}">${raw(icon(entry.icon))}</span>
            <span class="eseal-grid__label">${entry.label}</span>
          </a>
        </li>`)}
    </ul>
    <p class="page-tip eseal-home__tip">${grantee ? GRANTEE_TIP : TIP}</p>`;
}

async function load(root, ctx, id) {
  return loadInto(root, ctx, async () => {
    const enterprise = await loadEnterprise(id);
    if (!ctx.alive()) return;
    setHtml(root, template(enterprise, id));
  });
}

export function render(root, ctx) {
  const id = enterpriseIdOrNotice(root, ctx);
  if (!id) return undefined;
  root.addEventListener('click', (event) => {
    if (event.target.closest('.js-retry')) load(root, ctx, id);
  });
  return load(root, ctx, id);
}
