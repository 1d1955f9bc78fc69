// 使用帮助: the operation guide (申领和使用, 下载印章, 查看印章, 管理印章, 使用印章) with screenshots of our pages.

import { GUIDE_SECTIONS } from '../content/help.js';
import { html, setHtml } from '../ui.js';

function blockHtml(block) {
  if (block.heading) return html`<h4 class="guide__sub">${block.heading}</h4>`;
  if (block.figure) {
    const { src, alt, width, height } = block.figure;
    return html`
      <figure class="guide__figure">
        <img class="guide__img" src="${src}" alt="${alt}" width="${width}" height="${height}" loading="lazy" decoding="async">
        <figcaption class="guide__caption">${alt}</figcaption>
      </figure>`;
  }
  return html`<p class="guide__text">${block.text}</p>`;
}

export function render(root) {
  setHtml(root, html`
    <article class="guide">
      <h2 class="guide__title">电子印章操作指南</h2>
      <nav class="guide__toc" aria-label="目录">
        ${GUIDE_SECTIONS.map((section) => html`<a class="guide__toc-link js-toc" href="#guide-${section.id}" data-target="guide-${section.id}">${section.title}</a>`)}
      </nav>
      ${GUIDE_SECTIONS.map((section) => html`
        <section class="guide__section" aria-labelledby="guide-${section.id}">
          <h3 class="guide__heading" id="guide-${section.id}" tabindex="-1">${section.title}</h3>
          ${section.blocks.map(blockHtml)}
        </section>`)}
    </article>`);
  // The router owns the hash: the table of contents scrolls instead of navigating.
  root.addEventListener('click', (event) => {
    const link = event.target.closest('.js-toc');
    if (!link) return;
    event.preventDefault();
    const heading = root.querySelector(`#${link.dataset.target}`);
    heading.scrollIntoView({ block: 'start' });
    heading.focus({ preventScroll: true });
  });
  // A screenshot not generated yet is left out rather than shown broken ('error' does not bubble).
  root.addEventListener('error', (event) => {
    const figure = event.target.closest && event.target.closest('.guide__figure');
    if (figure) figure.hidden = true;
  }, true);
}
