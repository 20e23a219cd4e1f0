/**
 * A small copy of the chart with the pane's view drawn on it as a rectangle; a click or a drag
 * on it moves the view there. Shown for charts larger than the pane, while the view shows
 * only part of one.
 */
export function createMinimap({ container, onPick }) {
  let copy = null;
  let content = null;
  /** Where the chart sits in the minimap: pixels per chart unit, and its offset in the box. */
  let placement = { k: 1, x: 0, y: 0 };
  const frame = document.createElement('div');
  frame.className = 'minimap-view';

  /** Copies the chart as drawn, without the ids the page looks states up by. */
  function show(svg) {
    copy = svg.cloneNode(true);
    for (const node of copy.querySelectorAll('[data-state-id], [data-exit-target]')) {
      node.removeAttribute('data-state-id');
      node.removeAttribute('data-exit-target');
    }
    copy.removeAttribute('data-chart-id');
    copy.setAttribute('width', '100%');
    copy.setAttribute('height', '100%');
    copy.setAttribute('aria-hidden', 'true');
    container.replaceChildren(copy, frame);
  }

  /** Follows the view: the copy shows the whole chart, the frame what the pane shows. */
  function update({ content: whole, visible, scale }) {
    content = whole;
    const pane = { width: visible.width * scale, height: visible.height * scale };
    const largerThanPane = whole.width > pane.width || whole.height > pane.height;
    // Over a view that shows the whole chart, the copy would only hide a corner of it.
    const partView = visible.width < whole.width - 1 || visible.height < whole.height - 1;
    container.hidden = copy === null || !largerThanPane || !partView;
    if (container.hidden) return;
    copy.setAttribute('viewBox', `${whole.x} ${whole.y} ${whole.width} ${whole.height}`);
    // The copy is drawn `meet`: work out where the chart sits inside the box.
    const box = { width: container.clientWidth, height: container.clientHeight };
    const k = Math.min(box.width / whole.width, box.height / whole.height);
    const offset = { x: (box.width - whole.width * k) / 2, y: (box.height - whole.height * k) / 2 };
    const left = Math.max(0, offset.x + (visible.x - whole.x) * k);
    const top = Math.max(0, offset.y + (visible.y - whole.y) * k);
    const right = Math.min(box.width, offset.x + (visible.x + visible.width - whole.x) * k);
    const bottom = Math.min(box.height, offset.y + (visible.y + visible.height - whole.y) * k);
    Object.assign(frame.style, {
      left: `${left}px`,
      top: `${top}px`,
      width: `${Math.max(4, right - left)}px`,
      height: `${Math.max(4, bottom - top)}px`,
    });
    placement = { k, x: offset.x, y: offset.y };
  }

  /** The chart point under a pointer event on the minimap. */
  function chartPoint(event) {
    const rect = container.getBoundingClientRect();
    return {
      x: content.x + (event.clientX - rect.left - placement.x) / placement.k,
      y: content.y + (event.clientY - rect.top - placement.y) / placement.k,
    };
  }

  let dragging = false;
  container.addEventListener('pointerdown', (event) => {
    if (content === null || event.button !== 0) return;
    dragging = true;
    container.setPointerCapture(event.pointerId);
    const point = chartPoint(event);
    onPick(point.x, point.y);
  });
  container.addEventListener('pointermove', (event) => {
    if (!dragging) return;
    const point = chartPoint(event);
    onPick(point.x, point.y);
  });
  const stop = () => {
    dragging = false;
  };
  container.addEventListener('pointerup', stop);
  container.addEventListener('pointercancel', stop);

  function clear() {
    copy = null;
    container.replaceChildren();
    container.hidden = true;
  }

  return { show, update, clear };
}
