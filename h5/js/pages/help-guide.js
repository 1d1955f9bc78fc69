// 使用帮助: the operation guide (申领和使用, 下载印章, 查看印章, 管理印章).

import { GUIDE_SECTIONS } from '../content/help.js';
import { html, setHtml } from '../ui.js';

export function render(root) {
  setHtml(root, html`
    <article class="guide">
      <h2 class="guide__title">电子印章操作指南</h2>
      ${GUIDE_SECTIONS.map((section) => html`
        <section class="guide__section" aria-labelledby="guide-${section.id}">
          <h3 class="guide__heading" id="guide-${section.id}">${section.title}</h3>
          ${section.blocks.map((block) => (block.heading
            ? html`<h4 class="guide__sub">${block.heading}</h4>`
            : html`<p class="guide__text">${block.text}</p>`))}
        </section>`)}
    </article>`);
}
