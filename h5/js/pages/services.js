// 办事 (tab): the services of 一网通 this product covers.

import { icon } from '../icons.js';
import { html, raw, setHtml } from '../ui.js';

export function render(root) {
  setHtml(root, html`
    <div class="cells__title">企业开办</div>
    <div class="cells">
      <a class="cell cell--access" href="#/startup">
        <span class="cell__icon">${raw(icon('building'))}</span>
        <div class="cell__bd">开办企业<span class="cell__desc">填报企业设立、刻章等信息，一次提交</span></div>
      </a>
      <a class="cell cell--access" href="#/startups">
        <span class="cell__icon cell__icon--green">${raw(icon('list'))}</span>
        <div class="cell__bd">我的办件<span class="cell__desc">查看开办申请的办理进度</span></div>
      </a>
    </div>`);
}
