// 页面不存在: any unknown hash.

import { emptyHtml } from '../views.js';
import { html, setHtml } from '../ui.js';

export function render(root) {
  setHtml(root, emptyHtml({
    title: '页面不存在',
    hint: '您访问的页面不存在或已下线',
    action: html`<a class="btn btn--primary btn--inline" href="#/home">返回首页</a>`,
  }));
}
