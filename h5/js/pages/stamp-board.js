// 放置印章's board: the document's pages (previews lazy-loaded) with the placed seals and the 骑缝章 strips on
// them, all drawn at true size: a seal's box is its width_mm / the page's width_mm of the preview's width.
// Positions are kept in millimetres from the page's top-left corner (as the API takes them) and drawn as
// percentages of the page, so they hold at any preview width or zoom. Styles are set through the CSSOM (the
// CSP allows no inline style attributes).

import { html, raw, setHtml } from '../ui.js';
import { sameOriginUrl } from '../views.js';
import { stampApi } from './stamp-shared.js';

const pct = (part, whole) => `${(part / whole) * 100}%`;
const round2 = (value) => Math.round(value * 100) / 100;
const floor2 = (value) => Math.floor(value * 100) / 100;

/** The page sizes of a request as [{ width_mm, height_mm }] (the API's objects or [w, h] pairs). */
export function pageSizes(doc) {
  return (doc.page_sizes || []).map((size) => (Array.isArray(size)
    ? { width_mm: Number(size[0]), height_mm: Number(size[1]) }
    : { width_mm: Number(size.width_mm), height_mm: Number(size.height_mm) }));
}

/** The board's markup: one frame per page, its number above it. */
export function boardHtml(doc) {
  const sizes = pageSizes(doc);
  return html`
    <ol class="stamp-board js-board">
      ${sizes.map((_, i) => html`
        <li class="stamp-board__item">
          <p class="stamp-board__no">第${i + 1}页 / 共${sizes.length}页</p>
          <div class="stamp-page js-page" data-page="${i + 1}" aria-label="第${i + 1}页">
            <img class="stamp-page__img js-page-img" alt="第${i + 1}页预览" loading="lazy" decoding="async" draggable="false">
            <div class="stamp-page__layer js-layer"></div>
          </div>
        </li>`)}
    </ol>`;
}

/** Gives each page frame its aspect ratio and its preview (fetched when near the screen, at this width). */
export function sizeBoard(root, doc) {
  const sizes = pageSizes(doc);
  const dpr = Math.min(window.devicePixelRatio || 1, 3);
  root.querySelectorAll('.js-page').forEach((frame) => {
    const size = sizes[Number(frame.dataset.page) - 1];
    frame.style.aspectRatio = `${size.width_mm} / ${size.height_mm}`;
    const width = Math.min(1200, Math.max(200, Math.ceil((frame.clientWidth * dpr) / 100) * 100));
    const img = frame.querySelector('.js-page-img');
    img.addEventListener('load', () => frame.classList.add('stamp-page--loaded'), { once: true });
    img.addEventListener('error', () => frame.classList.add('stamp-page--failed'), { once: true });
    img.src = stampApi.page(doc.id, frame.dataset.page, width);
  });
}

/** The largest top-left corner that keeps a box of `box` mm inside a page of `size` mm. */
function limits(size, box) {
  return { x: Math.max(0, floor2(size.width_mm - box.width_mm)), y: Math.max(0, floor2(size.height_mm - box.height_mm)) };
}

/** A position clamped into the page and rounded to 0.01 mm (the server checks the same rule). */
export function clampInto(size, box, x, y) {
  const max = limits(size, box);
  return { x_mm: Math.min(max.x, Math.max(0, round2(x))), y_mm: Math.min(max.y, Math.max(0, round2(y))) };
}

/** True when a seal of `box` mm fits on a page of `size` mm at all. */
export function fitsOn(size, box) {
  return box.width_mm <= size.width_mm && box.height_mm <= size.height_mm;
}

/** The lowest top a 骑缝章 may have so that it stays on every page. */
export function ridingMaxY(sizes, seal) {
  return Math.max(0, floor2(Math.min(...sizes.map((size) => size.height_mm)) - seal.height_mm));
}

function sealPicture(seal) {
  return sameOriginUrl(seal.image_url);
}

function markHtml(placement, seal) {
  const src = sealPicture(seal);
  return html`
    <div class="stamp-mark js-mark" data-key="${placement.key}" role="button" tabindex="0"
      aria-label="${seal.name}，第${placement.page}页，拖动可调整位置，方向键微调">
      ${src ? html`<img class="stamp-mark__img" src="${src}" alt="" draggable="false">` : html`<span class="stamp-mark__none">${seal.name}</span>`}
      <button type="button" class="stamp-mark__remove js-remove" data-key="${placement.key}" aria-label="移除${seal.name}">${raw('&times;')}</button>
    </div>`;
}

/** Puts a mark element at its placement's position, at the seal's true size on that page. */
export function positionMark(el, placement, seal, size) {
  el.style.left = pct(placement.x_mm, size.width_mm);
  el.style.top = pct(placement.y_mm, size.height_mm);
  el.style.width = pct(seal.width_mm, size.width_mm);
  el.style.height = pct(seal.height_mm, size.height_mm);
}

function positionStrip(el, index, count, seal, size, y) {
  el.style.top = pct(y, size.height_mm);
  el.style.width = pct(seal.width_mm / count, size.width_mm);
  el.style.height = pct(seal.height_mm, size.height_mm);
  const src = sealPicture(seal);
  if (src) {
    el.style.backgroundImage = `url("${src}")`;
    el.style.backgroundSize = `${count * 100}% 100%`;
    el.style.backgroundPosition = `${count > 1 ? (index / (count - 1)) * 100 : 0}% 0`;
  }
}

/** Redraws every placed seal and the 骑缝章 strips from `state` (placements, riding, seals, sizes). */
export function drawMarks(root, state) {
  const { sizes, seals } = state;
  root.querySelectorAll('.js-layer').forEach((layer) => setHtml(layer, ''));
  const layers = [...root.querySelectorAll('.js-layer')];
  state.placements.forEach((placement) => {
    const seal = seals.get(placement.seal_id);
    const layer = layers[placement.page - 1];
    if (!seal || !layer) return;
    layer.insertAdjacentHTML('beforeend', String(markHtml(placement, seal)));
    positionMark(layer.lastElementChild, placement, seal, sizes[placement.page - 1]);
  });
  const riding = state.riding && seals.get(state.riding.seal_id);
  if (!riding) return;
  layers.forEach((layer, i) => {
    layer.insertAdjacentHTML('beforeend', String(html`
      <div class="stamp-strip js-strip" role="slider" tabindex="0" aria-label="骑缝章（${riding.name}）第${i + 1}段，上下拖动可调整位置"
        aria-valuemin="0" aria-valuemax="${ridingMaxY(sizes, riding)}" aria-valuenow="${state.riding.y_mm}"></div>`));
    positionStrip(layer.lastElementChild, i, layers.length, riding, sizes[i], state.riding.y_mm);
  });
}

/** Moves every 骑缝章 strip to `y` mm (during a drag, without redrawing). */
export function moveStrips(root, state, y) {
  const { sizes } = state;
  root.querySelectorAll('.js-strip').forEach((strip, i) => {
    strip.style.top = pct(y, sizes[i].height_mm);
    strip.setAttribute('aria-valuenow', String(y));
  });
}

/** The page frame under the viewport point (x, y), or the nearest one vertically: { number, frame, rect }. */
export function pageAt(root, x, y, { nearest = false } = {}) {
  let best = null;
  for (const frame of root.querySelectorAll('.js-page')) {
    const rect = frame.getBoundingClientRect();
    if (x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom) {
      return { number: Number(frame.dataset.page), frame, rect };
    }
    const distance = y < rect.top ? rect.top - y : y - rect.bottom;
    if (nearest && (!best || distance < best.distance)) best = { number: Number(frame.dataset.page), frame, rect, distance };
  }
  return best;
}

/** The page most visible below `top` px: where a tapped seal goes. */
export function pageInView(root, top) {
  let best = { number: 1, visible: -1, frame: null };
  for (const frame of root.querySelectorAll('.js-page')) {
    const rect = frame.getBoundingClientRect();
    const visible = Math.min(rect.bottom, window.innerHeight) - Math.max(rect.top, top);
    if (visible > best.visible) best = { number: Number(frame.dataset.page), visible, frame };
  }
  return best;
}

/** The mm under a viewport point on a page frame, for a box whose top-left is `offset` px from the pointer. */
export function pointToMm(rect, size, x, y, offset) {
  return {
    x: ((x - offset.x - rect.left) / rect.width) * size.width_mm,
    y: ((y - offset.y - rect.top) / rect.height) * size.height_mm,
  };
}
