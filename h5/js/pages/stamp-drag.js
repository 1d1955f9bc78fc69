// One pointer drag (mouse, pen or a finger), for 放置印章: it follows the pointer, scrolls the page when the
// pointer nears the top or bottom edge, and tells a tap (no real movement) from a drag. Only the element being
// dragged has touch-action: none (in stamp.css); the pages keep pinch-zoom and scrolling.

const SLOP = 6; // px of movement before a press becomes a drag
const EDGE = 48; // px from an edge where the page starts to scroll
const SPEED = 12; // px per frame at the very edge

/**
 * Follows the pointer of `event` (a pointerdown on `el`).
 * onStart(x, y): the press became a drag; onMove(x, y): it moved (or the page scrolled under it);
 * onEnd(x, y): released after dragging; onTap(): released without dragging; onCancel(): the browser took over.
 * top(): the y under which the page's content is visible (below a sticky bar), for the scrolling edge.
 */
export function track(event, el, { onStart, onMove, onEnd, onTap, onCancel, top = () => 0 }) {
  const id = event.pointerId;
  const start = { x: event.clientX, y: event.clientY };
  let last = start;
  let dragging = false;
  let frame = 0;
  try {
    el.setPointerCapture(id);
  } catch {
    // A pointer that has already gone: the up/cancel events still end the drag.
  }

  const scroll = () => {
    frame = 0;
    if (!dragging) return;
    const upper = top() + EDGE;
    const lower = window.innerHeight - EDGE;
    let step = 0;
    if (last.y > lower) step = Math.min(1, (last.y - lower) / EDGE) * SPEED;
    else if (last.y < upper) step = -Math.min(1, (upper - last.y) / EDGE) * SPEED;
    if (step) {
      const before = window.scrollY;
      window.scrollBy(0, step);
      if (window.scrollY !== before) onMove(last.x, last.y);
    }
    frame = requestAnimationFrame(scroll);
  };

  const move = (e) => {
    if (e.pointerId !== id) return;
    last = { x: e.clientX, y: e.clientY };
    if (!dragging) {
      if (Math.hypot(last.x - start.x, last.y - start.y) < SLOP) return;
      dragging = true;
      if (onStart) onStart(start.x, start.y);
      frame = requestAnimationFrame(scroll);
    }
    e.preventDefault();
    onMove(last.x, last.y);
  };

  const finish = (e, cancelled) => {
    if (e.pointerId !== id) return;
    el.removeEventListener('pointermove', move);
    el.removeEventListener('pointerup', up);
    el.removeEventListener('pointercancel', cancel);
    el.removeEventListener('lostpointercapture', cancel);
    cancelAnimationFrame(frame);
    if (cancelled) {
      if (dragging && onCancel) onCancel();
    } else if (dragging) {
      onEnd(e.clientX, e.clientY);
    } else if (onTap) {
      onTap();
    }
    dragging = false;
  };
  const up = (e) => finish(e, false);
  const cancel = (e) => finish(e, true);

  el.addEventListener('pointermove', move);
  el.addEventListener('pointerup', up);
  el.addEventListener('pointercancel', cancel);
  el.addEventListener('lostpointercapture', cancel);
}

/** Suppresses the click that follows a drag's pointerup on `el` (so a dropped chip is not also tapped). */
export function swallowNextClick(el) {
  const stop = (e) => {
    e.preventDefault();
    e.stopPropagation();
  };
  el.addEventListener('click', stop, { capture: true, once: true });
  setTimeout(() => el.removeEventListener('click', stop, { capture: true }), 400);
}
