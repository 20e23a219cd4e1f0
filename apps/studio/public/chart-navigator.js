/**
 * Zoom and pan over the chart's SVG by its viewBox: the SVG fills the pane, and the view is a
 * point (the pane's top-left corner in chart units) and a scale (screen pixels per chart unit),
 * so text stays sharp at any zoom. Wheel zooms around the pointer, a drag pans, and a click
 * that ended a drag is swallowed so it does not select a state.
 */

const MAX_SCALE = 4;
/** A fitted chart is never blown up past this: a small chart keeps its natural size, or near it. */
const MAX_FIT_SCALE = 1.25;
/** Moves shorter than this (pixels) are clicks, not drags. */
const DRAG_THRESHOLD = 4;
const GLIDE_MS = 220;
/** The zoom a state asked for is shown at, at least: the chart's natural size. */
const READABLE_SCALE = 1;
const FIT_PADDING = 12;

export function createNavigator({ viewport, onChange }) {
  let svg = null;
  /** The chart's own extent, in chart units: its original viewBox. */
  let content = { x: 0, y: 0, width: 1, height: 1 };
  let view = { x: 0, y: 0, scale: 1 };
  let glide = 0;

  const paneSize = () => ({ width: viewport.clientWidth || 1, height: viewport.clientHeight || 1 });
  let lastPane = paneSize();
  const fitScale = () => {
    const pane = paneSize();
    return Math.min(
      (pane.width - 2 * FIT_PADDING) / content.width,
      (pane.height - 2 * FIT_PADDING) / content.height,
      MAX_FIT_SCALE,
    );
  };
  const minScale = () => Math.min(fitScale(), 1) / 2;
  const clampScale = (scale) => Math.min(MAX_SCALE, Math.max(minScale(), scale));

  /** The part of the chart the pane shows, in chart units. */
  function visible() {
    const pane = paneSize();
    return { x: view.x, y: view.y, width: pane.width / view.scale, height: pane.height / view.scale };
  }

  function apply() {
    if (svg === null) return;
    const v = visible();
    svg.setAttribute('viewBox', `${v.x} ${v.y} ${v.width} ${v.height}`);
    onChange?.({ content, visible: v, scale: view.scale, fitted: Math.abs(view.scale - fitScale()) < 1e-6 });
  }

  function setView(next) {
    cancelAnimationFrame(glide);
    view = { ...next, scale: clampScale(next.scale) };
    apply();
  }

  /** Moves to `target` over a short glide: the eye follows where the view went. */
  function glideTo(target) {
    cancelAnimationFrame(glide);
    const from = { ...view };
    const started = performance.now();
    const step = (now) => {
      const t = Math.min(1, (now - started) / GLIDE_MS);
      const ease = 1 - (1 - t) ** 3;
      view = {
        x: from.x + (target.x - from.x) * ease,
        y: from.y + (target.y - from.y) * ease,
        scale: from.scale + (target.scale - from.scale) * ease,
      };
      apply();
      if (t < 1) glide = requestAnimationFrame(step);
    };
    glide = requestAnimationFrame(step);
  }

  /** The view whose centre is the chart point (cx, cy) at `scale`. */
  function centredAt(cx, cy, scale) {
    const pane = paneSize();
    return { x: cx - pane.width / scale / 2, y: cy - pane.height / scale / 2, scale };
  }

  /**
   * Takes over a freshly drawn SVG: it now fills the pane, and the whole chart is shown; with
   * `keepView` (the same chart drawn again) the view stays where it was.
   */
  function attach(element, { keepView = false } = {}) {
    const kept = keepView && svg !== null;
    svg = element;
    const box = svg.viewBox.baseVal;
    content =
      box !== null && box.width > 0
        ? { x: box.x, y: box.y, width: box.width, height: box.height }
        : {
            x: 0,
            y: 0,
            width: Number(svg.getAttribute('width')) || 1,
            height: Number(svg.getAttribute('height')) || 1,
          };
    svg.setAttribute('width', '100%');
    svg.setAttribute('height', '100%');
    svg.setAttribute('preserveAspectRatio', 'xMinYMin meet');
    lastPane = paneSize();
    if (kept) setView(view);
    else fit(false);
  }

  /** The whole chart in the pane, centred. */
  function fit(animated = true) {
    const scale = fitScale();
    const target = centredAt(content.x + content.width / 2, content.y + content.height / 2, scale);
    if (animated) glideTo(target);
    else setView(target);
  }

  /** Zooms by `factor` keeping the chart point under the pane point (px, py) where it is. */
  function zoomAt(factor, px, py) {
    const scale = clampScale(view.scale * factor);
    const cx = view.x + px / view.scale;
    const cy = view.y + py / view.scale;
    setView({ x: cx - px / scale, y: cy - py / scale, scale });
  }

  function zoomBy(factor) {
    const pane = paneSize();
    zoomAt(factor, pane.width / 2, pane.height / 2);
  }

  /**
   * Centres an element of the chart, keeping the zoom (zooming out only when it would not fit);
   * `readable` zooms in to the chart's natural size first when the view is further out (a
   * large chart fitted is too small to read the state it was asked for).
   */
  function centreOn(element, { animated = true, readable = false } = {}) {
    if (svg === null || element === null) return;
    const box = element.getBBox();
    const pane = paneSize();
    const roomy = Math.min(pane.width / (box.width + 2 * FIT_PADDING), pane.height / (box.height + 2 * FIT_PADDING));
    const scale = Math.min(readable ? Math.max(view.scale, READABLE_SCALE) : view.scale, roomy);
    const target = centredAt(box.x + box.width / 2, box.y + box.height / 2, scale);
    if (animated) glideTo(target);
    else setView(target);
  }

  /** Centres the chart point (cx, cy): the minimap's clicks and drags. */
  function centreAt(cx, cy) {
    setView(centredAt(cx, cy, view.scale));
  }

  viewport.addEventListener(
    'wheel',
    (event) => {
      if (svg === null) return;
      event.preventDefault();
      const rect = viewport.getBoundingClientRect();
      // Lines (Firefox) and pixels (Chromium) alike: a notch is about 100 pixels.
      const delta = event.deltaMode === 1 ? event.deltaY * 33 : event.deltaY;
      zoomAt(Math.exp(-delta * 0.0015), event.clientX - rect.left, event.clientY - rect.top);
    },
    { passive: false },
  );

  let drag = null;
  let swallowClick = false;
  viewport.addEventListener('pointerdown', (event) => {
    if (svg === null || event.button !== 0) return;
    drag = { id: event.pointerId, x: event.clientX, y: event.clientY, view: { ...view }, moving: false };
  });
  viewport.addEventListener('pointermove', (event) => {
    if (drag === null || event.pointerId !== drag.id) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!drag.moving && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
    if (!drag.moving) {
      drag.moving = true;
      viewport.setPointerCapture(event.pointerId);
      viewport.classList.add('is-panning');
    }
    setView({ x: drag.view.x - dx / drag.view.scale, y: drag.view.y - dy / drag.view.scale, scale: drag.view.scale });
  });
  const endDrag = (event) => {
    if (drag === null || event.pointerId !== drag.id) return;
    swallowClick = drag.moving;
    drag = null;
    viewport.classList.remove('is-panning');
  };
  viewport.addEventListener('pointerup', endDrag);
  viewport.addEventListener('pointercancel', endDrag);
  viewport.addEventListener(
    'click',
    (event) => {
      if (!swallowClick) return;
      swallowClick = false;
      event.stopPropagation();
    },
    true,
  );

  // A resized pane keeps the chart point at its centre where it was.
  new ResizeObserver(() => {
    const pane = paneSize();
    if (svg === null || (pane.width === lastPane.width && pane.height === lastPane.height)) return;
    const cx = view.x + lastPane.width / view.scale / 2;
    const cy = view.y + lastPane.height / view.scale / 2;
    lastPane = pane;
    setView(centredAt(cx, cy, view.scale));
  }).observe(viewport);

  return {
    attach,
    fit,
    zoomBy,
    centreOn,
    centreAt,
    /** Screen pixels per chart unit: 1 is the chart's natural size. */
    scale: () => view.scale,
  };
}
