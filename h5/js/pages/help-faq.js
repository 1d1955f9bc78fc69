// 常见问题: an accordion of the guide's six questions.

import { FAQ } from '../content/help.js';
import { html, setHtml } from '../ui.js';

export function render(root) {
  setHtml(root, html`
    <ul class="faq">
      ${FAQ.map((item, i) => html`
        <li class="faq__item">
          <h2 class="faq__q">
            <button type="button" class="faq__btn js-faq" aria-expanded="false" aria-controls="faq-${i}" id="faq-q-${i}">
              <span class="faq__text">${item.question}</span>
              <span class="faq__chevron" aria-hidden="true"></span>
            </button>
          </h2>
          <div class="faq__a" id="faq-${i}" role="region" aria-labelledby="faq-q-${i}" hidden>
            <p>${item.answer}</p>
          </div>
        </li>`)}
    </ul>`);
  root.addEventListener('click', (event) => {
    const button = event.target.closest('.js-faq');
    if (!button) return;
    const open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(open));
    root.querySelector(`#${button.getAttribute('aria-controls')}`).hidden = !open;
  });
}
