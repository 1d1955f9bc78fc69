// 放置印章's interactions: choose seals, put one on a page (a tap puts it on the page in view, a drag where it
// is dropped), move it (drag, or the arrow keys), remove it, and the 骑缝章 (on/off, its seal, its height).
// What is placed is kept per request in this tab (stamp-shared.js), so back from the licence app finds it.

import { toast } from '../ui.js';
import {
  clampInto,
  drawMarks,
  fitsOn,
  moveStrips,
  pageAt,
  pageInView,
  pointToMm,
  positionMark,
  ridingMaxY,
} from './stamp-board.js';
import { swallowNextClick, track } from './stamp-drag.js';
import { chooseSeals } from './stamp-seals.js';
import { keepDraft, readDraft } from './stamp-shared.js';

let keySeq = 0;
const newKey = () => `p${++keySeq}`;

function saveDraft(state) {
  keepDraft(state.request, {
    chosen: state.chosen,
    placements: state.placements.map(({ seal_id, page, x_mm, y_mm }) => ({ seal_id, page, x_mm, y_mm })),
    riding: state.riding,
  });
}

/** Puts back what was placed on this request (this tab's draft, else what was last confirmed). */
export function restoreDraft(state) {
  const doc = state.doc;
  const source = readDraft(state.request) || { placements: doc.placements || [], riding: doc.riding || null };
  const usable = (id) => state.seals.has(String(id));
  state.placements = (source.placements || [])
    .filter((p) => usable(p.seal_id) && p.page >= 1 && p.page <= state.sizes.length)
    .map((p) => ({ key: newKey(), seal_id: String(p.seal_id), page: Number(p.page), x_mm: Number(p.x_mm), y_mm: Number(p.y_mm) }));
  const riding = source.riding && usable(source.riding.seal_id) && state.sizes.length > 1 ? source.riding : null;
  state.riding = riding ? { seal_id: String(riding.seal_id), y_mm: Number(riding.y_mm) } : null;
  const chosen = [...(source.chosen || []), ...state.placements.map((p) => p.seal_id)].map(String).filter(usable);
  state.chosen = [...new Set(chosen.length ? chosen : (state.seals.size === 1 ? [...state.seals.keys()] : []))];
}

function trayBottom(state) {
  const tray = state.root.querySelector('.js-tray');
  return tray ? Math.max(0, tray.getBoundingClientRect().bottom) : 0;
}

function add(state, sealId, number, x, y) {
  const seal = state.seals.get(sealId);
  const size = state.sizes[number - 1];
  if (!seal || !size) return;
  if (!fitsOn(size, seal)) {
    toast(`${seal.name}大于第${number}页，无法放置`, { type: 'fail' });
    return;
  }
  state.placements.push({ key: newKey(), seal_id: sealId, page: number, ...clampInto(size, seal, x, y) });
  saveDraft(state);
  state.redraw(state);
  toast(`已将${seal.name}放在第${number}页`);
}

/** A tapped chip: the seal goes to the middle of the visible part of the page in view. */
function addInView(state, sealId) {
  const seal = state.seals.get(sealId);
  const top = trayBottom(state);
  const { number, frame } = pageInView(state.root, top);
  const size = state.sizes[number - 1];
  if (!seal || !frame) return;
  const rect = frame.getBoundingClientRect();
  const middle = (Math.max(rect.top, top) + Math.min(rect.bottom, window.innerHeight)) / 2;
  const y = ((middle - rect.top) / rect.height) * size.height_mm - seal.height_mm / 2;
  add(state, sealId, number, (size.width_mm - seal.width_mm) / 2, y);
}

/** A chip dragged onto a page: a ghost at the seal's true size follows the finger; it is placed where dropped. */
function dragChip(state, event, chip) {
  const sealId = chip.dataset.seal;
  const seal = state.seals.get(sealId);
  if (!seal) return;
  let ghost = null;
  let box = { w: 0, h: 0 };
  const follow = (x, y) => {
    const hit = pageAt(state.root, x, y);
    const frame = hit ? hit.rect : state.root.querySelector('.js-page').getBoundingClientRect();
    const size = state.sizes[(hit ? hit.number : 1) - 1];
    box = { w: (seal.width_mm / size.width_mm) * frame.width, h: (seal.height_mm / size.height_mm) * frame.height };
    Object.assign(ghost.style, { width: `${box.w}px`, height: `${box.h}px`, left: `${x - box.w / 2}px`, top: `${y - box.h / 2}px` });
    ghost.classList.toggle('stamp-ghost--off', !hit);
  };
  track(event, chip, {
    top: () => trayBottom(state),
    onStart: (x, y) => {
      ghost = document.createElement('div');
      ghost.className = 'stamp-ghost';
      const img = chip.querySelector('img');
      if (img) ghost.append(img.cloneNode());
      document.body.append(ghost);
      follow(x, y);
    },
    onMove: follow,
    onEnd: (x, y) => {
      ghost.remove();
      swallowNextClick(chip);
      const hit = pageAt(state.root, x, y);
      if (!hit) {
        toast('请将印章拖到文件页面上');
        return;
      }
      const at = pointToMm(hit.rect, state.sizes[hit.number - 1], x, y, { x: box.w / 2, y: box.h / 2 });
      add(state, sealId, hit.number, at.x, at.y);
    },
    onCancel: () => ghost && ghost.remove(),
  });
}

/** A placed seal dragged, across pages too: drawn in px while moving, put back in mm and % when dropped. */
function dragMark(state, event, mark) {
  const placement = state.placements.find((p) => p.key === mark.dataset.key);
  const seal = placement && state.seals.get(placement.seal_id);
  if (!seal) return;
  const rect = mark.getBoundingClientRect();
  const offset = { x: event.clientX - rect.left, y: event.clientY - rect.top };
  const home = mark.parentElement;
  let target = null;
  track(event, mark, {
    top: () => trayBottom(state),
    onStart: () => mark.classList.add('stamp-mark--dragging'),
    onMove: (x, y) => {
      const hit = pageAt(state.root, x, y, { nearest: true });
      const size = state.sizes[hit.number - 1];
      const at = pointToMm(hit.rect, size, x, y, offset);
      target = { page: hit.number, ...clampInto(size, seal, at.x, at.y) };
      const layer = home.getBoundingClientRect();
      const scale = { x: hit.rect.width / size.width_mm, y: hit.rect.height / size.height_mm };
      Object.assign(mark.style, {
        left: `${hit.rect.left - layer.left + target.x_mm * scale.x}px`,
        top: `${hit.rect.top - layer.top + target.y_mm * scale.y}px`,
        width: `${seal.width_mm * scale.x}px`,
        height: `${seal.height_mm * scale.y}px`,
      });
    },
    onEnd: () => {
      if (target && fitsOn(state.sizes[target.page - 1], seal)) Object.assign(placement, target);
      saveDraft(state);
      drawMarks(state.root, state);
      const moved = state.root.querySelector(`.js-mark[data-key="${placement.key}"]`);
      if (moved) moved.focus({ preventScroll: true });
    },
    onCancel: () => drawMarks(state.root, state),
  });
}

/** The 骑缝章 dragged up or down: every page's strip follows. */
function dragStrip(state, event, strip) {
  const seal = state.seals.get(state.riding.seal_id);
  const frame = strip.closest('.js-page');
  const size = state.sizes[Number(frame.dataset.page) - 1];
  const offset = event.clientY - strip.getBoundingClientRect().top;
  const max = ridingMaxY(state.sizes, seal);
  let y = state.riding.y_mm;
  track(event, strip, {
    top: () => trayBottom(state),
    onMove: (_x, clientY) => {
      const rect = frame.getBoundingClientRect();
      const at = ((clientY - offset - rect.top) / rect.height) * size.height_mm;
      y = Math.min(max, Math.max(0, Math.round(at * 100) / 100));
      moveStrips(state.root, state, y);
    },
    onEnd: () => {
      state.riding.y_mm = y;
      saveDraft(state);
    },
    onCancel: () => moveStrips(state.root, state, state.riding.y_mm),
  });
}

function nudge(state, el, event) {
  const step = event.shiftKey ? 5 : 1;
  const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
  if (el.matches('.js-strip')) {
    if (!moves[event.key]) return;
    event.preventDefault();
    const max = ridingMaxY(state.sizes, state.seals.get(state.riding.seal_id));
    state.riding.y_mm = Math.min(max, Math.max(0, state.riding.y_mm + moves[event.key][1]));
    moveStrips(state.root, state, state.riding.y_mm);
    saveDraft(state);
    return;
  }
  const placement = state.placements.find((p) => p.key === el.dataset.key);
  if (!placement) return;
  if (event.key === 'Delete' || event.key === 'Backspace') {
    event.preventDefault();
    remove(state, placement.key);
  } else if (moves[event.key]) {
    event.preventDefault();
    const seal = state.seals.get(placement.seal_id);
    const size = state.sizes[placement.page - 1];
    const [dx, dy] = moves[event.key];
    Object.assign(placement, clampInto(size, seal, placement.x_mm + dx, placement.y_mm + dy));
    positionMark(el, placement, seal, size);
    saveDraft(state);
  }
}

function remove(state, key) {
  const placement = state.placements.find((p) => p.key === key);
  if (!placement) return;
  state.placements = state.placements.filter((p) => p.key !== key);
  saveDraft(state);
  state.redraw(state);
  toast(`已移除${state.seals.get(placement.seal_id).name}`);
}

async function choose(state) {
  const picked = await chooseSeals(state.seals, { chosen: state.chosen });
  if (!picked || !state.ctx.alive()) return;
  state.chosen = picked;
  const before = state.placements.length;
  state.placements = state.placements.filter((p) => picked.includes(p.seal_id));
  saveDraft(state);
  state.redraw(state);
  if (state.placements.length < before) toast('未选择的印章已从文件上移除');
}

async function chooseRiding(state) {
  const current = state.riding ? [state.riding.seal_id] : state.chosen.slice(0, 1);
  const [sealId] = (await chooseSeals(state.seals, { multiple: false, chosen: current, title: '选择骑缝章' })) || [];
  if (!state.ctx.alive()) return;
  const seal = sealId && state.seals.get(sealId);
  if (seal && state.sizes.every((size) => fitsOn(size, { width_mm: seal.width_mm / state.sizes.length, height_mm: seal.height_mm }))) {
    const y = state.riding ? Math.min(state.riding.y_mm, ridingMaxY(state.sizes, seal)) : ridingMaxY(state.sizes, seal) / 2;
    state.riding = { seal_id: sealId, y_mm: Math.round(y * 100) / 100 };
    saveDraft(state);
  }
  state.redraw(state);
}

/** Wires the page root's events for placing (delegated: the tray and marks are redrawn often). */
export function bindPlacing(state, { redraw }) {
  const { root } = state;
  state.redraw = redraw;
  root.addEventListener('pointerdown', (event) => {
    if (event.button !== 0 || !state.doc) return;
    const chip = event.target.closest('.js-chip');
    const mark = event.target.closest('.js-mark');
    const strip = event.target.closest('.js-strip');
    if (chip) dragChip(state, event, chip);
    else if (mark && !event.target.closest('.js-remove')) dragMark(state, event, mark);
    else if (strip && state.riding) dragStrip(state, event, strip);
  });
  root.addEventListener('click', (event) => {
    const chip = event.target.closest('.js-chip');
    const removeBtn = event.target.closest('.js-remove');
    if (chip) addInView(state, chip.dataset.seal);
    else if (removeBtn) remove(state, removeBtn.dataset.key);
    else if (event.target.closest('.js-choose')) choose(state);
    else if (event.target.closest('.js-riding-seal')) chooseRiding(state);
  });
  root.addEventListener('change', (event) => {
    const toggle = event.target.closest('.js-riding');
    if (!toggle) return;
    if (toggle.checked) {
      chooseRiding(state);
    } else {
      state.riding = null;
      saveDraft(state);
      state.redraw(state);
    }
  });
  root.addEventListener('keydown', (event) => {
    const el = event.target.closest('.js-mark, .js-strip');
    if (el && el === event.target) nudge(state, el, event);
  });
}
