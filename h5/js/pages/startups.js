// 我的办件: the user's start-up applications; tap one to expand its details.

import { get } from '../api.js';
import { html, setHtml } from '../ui.js';
import { emptyHtml, errorHtml, formatDateTime, loadingHtml } from '../views.js';

function detail(item) {
  const seals = (item.seals || []).map((seal) => seal.label).join('、');
  const role = item.principal_role || '法定代表人';
  return html`
    <dl class="application__detail" id="application-${item.id}" hidden>
      <div class="summary__row"><dt>企业类型</dt><dd>${item.type_label || '—'}</dd></div>
      <div class="summary__row"><dt>住所</dt><dd>${item.address || '—'}</dd></div>
      <div class="summary__row"><dt>${role}</dt><dd>${item.principal_name_masked || '—'}</dd></div>
      <div class="summary__row"><dt>联系电话</dt><dd>${item.principal_phone_masked || '—'}</dd></div>
      <div class="summary__row"><dt>刻制印章</dt><dd>${seals || '—'}</dd></div>
      <div class="summary__row"><dt>电子印章</dt><dd>${item.free_eseal ? '免费领取“电子印章”' : '未领取'}</dd></div>
      <div class="summary__row"><dt>提交时间</dt><dd>${formatDateTime(item.submitted_at)}</dd></div>
      ${item.status === 'completed' && item.enterprise_id
        ? html`<p class="application__more"><a href="#/cards">无介质电子礼包已发放，前往证照卡包查看</a></p>`
        : ''}
    </dl>`;
}

function itemHtml(item) {
  return html`
    <li class="application">
      <button type="button" class="application__head js-toggle" aria-expanded="false" aria-controls="application-${item.id}">
        <span class="application__main">
          <span class="application__name">${item.company_name}</span>
          <span class="application__meta">${item.type_label || ''} · ${formatDateTime(item.submitted_at)}</span>
        </span>
        <span class="tag tag--${item.status === 'completed' ? 'completed' : 'submitted'}">${item.status_label || ''}</span>
        <span class="application__chevron" aria-hidden="true"></span>
      </button>
      ${detail(item)}
    </li>`;
}

async function load(root) {
  setHtml(root, loadingHtml());
  try {
    const data = await get('/api/startups');
    const items = (data && data.items) || [];
    if (!items.length) {
      setHtml(root, emptyHtml({
        iconName: 'list',
        title: '暂无办件',
        hint: '提交开办企业申请后，可在此查看办理进度',
        action: html`<a class="btn btn--primary btn--inline" href="#/startup">去开办企业</a>`,
      }));
      return;
    }
    setHtml(root, html`
      <p class="page-tip">共 ${items.length} 件，点击查看详情</p>
      <ul class="applications">${items.map(itemHtml)}</ul>`);
  } catch (error) {
    setHtml(root, errorHtml(error));
  }
}

function toggle(button) {
  const panel = document.getElementById(button.getAttribute('aria-controls'));
  const open = button.getAttribute('aria-expanded') !== 'true';
  button.setAttribute('aria-expanded', String(open));
  if (panel) panel.hidden = !open;
}

export function render(root) {
  root.addEventListener('click', (event) => {
    const button = event.target.closest('.js-toggle');
    if (button) toggle(button);
    else if (event.target.closest('.js-retry')) load(root);
  });
  return load(root);
}
