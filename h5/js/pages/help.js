// 帮助中心: 使用帮助, 常见问题 and 印章验真 (the public page that checks a stamped file or a seal file).

import { icon } from '../icons.js';
import { html, raw, setHtml } from '../ui.js';
import { enterpriseId } from './eseal-shared.js';

export function render(root, ctx) {
  const id = enterpriseId(ctx);
  const suffix = id ? `?ent=${encodeURIComponent(id)}` : '';
  setHtml(root, html`
    <div class="cells">
      <a class="cell cell--access" href="#/eseal/help/guide${suffix}">
        <span class="cell__icon">${raw(icon('guide'))}</span>
        <div class="cell__bd">使用帮助<span class="cell__desc">电子印章操作指南</span></div>
      </a>
      <a class="cell cell--access" href="#/eseal/help/faq${suffix}">
        <span class="cell__icon">${raw(icon('faq'))}</span>
        <div class="cell__bd">常见问题<span class="cell__desc">下载和使用电子印章的常见问题</span></div>
      </a>
      <a class="cell cell--access" href="#/verify">
        <span class="cell__icon">${raw(icon('verify'))}</span>
        <div class="cell__bd">印章验真<span class="cell__desc">上传已盖章的PDF文件或印章文件，验证印章真伪</span></div>
      </a>
    </div>`);
}
