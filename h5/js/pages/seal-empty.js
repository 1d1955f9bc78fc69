// The shared "暂无已下载印章" state of 查看已下载印章 and 管理印章.

import { html, setHtml } from '../ui.js';
import { emptyHtml, errorHtml, loadingHtml } from '../views.js';
import { enterpriseHeader, enterpriseId, esealHash, isFinal, loadEnterprise, noEnterpriseHtml } from './eseal-shared.js';

async function load(root, id, hint) {
  setHtml(root, loadingHtml());
  try {
    const enterprise = await loadEnterprise(id);
    setHtml(root, html`
      ${enterpriseHeader(enterprise)}
      ${emptyHtml({
        iconName: 'stamp',
        title: '暂无已下载印章',
        hint,
        action: html`<a class="btn btn--primary btn--inline" href="${esealHash('/download', id)}">去下载印章</a>`,
      })}`);
  } catch (error) {
    setHtml(root, isFinal(error) ? noEnterpriseHtml(error.message) : errorHtml(error));
  }
}

export function renderSealEmpty(root, ctx, { hint }) {
  const id = enterpriseId(ctx);
  if (!id) {
    setHtml(root, noEnterpriseHtml());
    return undefined;
  }
  root.addEventListener('click', (event) => {
    if (event.target.closest('.js-retry')) load(root, id, hint);
  });
  return load(root, id, hint);
}
