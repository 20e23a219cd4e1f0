import { getJson, getText } from './api.js';
import { createMinimap } from './chart-minimap.js';
import { createNavigator } from './chart-navigator.js';
import { createChartSearch } from './chart-search.js';
import { escapeHtml, plural } from './html.js';
import { createStateDetails } from './state-details.js';

/** The closest drawn ancestor's id: a state inside a journey the overview draws closed. */
const parentOf = (id) => (id.includes('.') ? id.slice(0, id.lastIndexOf('.')) : '');

/**
 * The chart pane: the chosen chart drawn by the service (SVG) in a view that zooms and pans,
 * the state the simulated session is in highlighted on it, a search over every chart, and the
 * details of the selected state (a click or a search), or of the session's state when
 * following.
 */
export function createChartView({ elements, settings, isFollowing }) {
  const { select, container, summary, minimap: minimapBox, zoomIn, zoomOut, zoomFit, zoomLevel, faults } = elements;
  let charts = [];
  let chartId;
  let language = 'en';
  let currentState;
  /** The state a click or a search chose on this chart; undefined follows the session. */
  let selectedState;
  /** The state a search (or an exit) went to, outlined as found until another is chosen. */
  let foundState;
  let chartDetails;
  let loading = Promise.resolve();
  let searchIndex;

  const minimap = createMinimap({ container: minimapBox, onPick: (x, y) => navigator.centreAt(x, y) });
  const navigator = createNavigator({
    viewport: container,
    onChange(view) {
      zoomLevel.textContent = `${Math.round(view.scale * 100)}%`;
      minimap.update(view);
    },
  });
  const details = createStateDetails({
    container: elements.details,
    copyEditing: settings.copyEditing === true,
    onSaved: (stateId) => reload(stateId),
    // The state whose text is edited is the one chosen: the session moving on leaves it shown.
    onEdit: (stateId) => {
      selectedState = stateId;
      markSelected();
    },
  });
  createChartSearch({
    input: elements.search,
    results: elements.searchResults,
    language: () => language,
    loadIndex: () => {
      searchIndex ??= buildSearchIndex();
      return searchIndex;
    },
    onPick: (entry) => reveal(entry.chartId, entry.stateId),
  });

  /** Every drawn state once, on its journey's chart rather than the overview, with its texts by language. */
  async function buildSearchIndex() {
    const ordered = [...charts.filter((c) => !c.overview), ...charts.filter((c) => c.overview)];
    const all = await Promise.all(ordered.map((c) => getJson(`/studio/api/charts/${encodeURIComponent(c.id)}.json`)));
    const seen = new Set();
    const entries = [];
    all.forEach((data, i) => {
      for (const state of data.states) {
        if (seen.has(state.id)) continue;
        seen.add(state.id);
        const texts = Object.fromEntries(state.texts.map((t) => [t.language, t.text]));
        entries.push({ chartId: ordered[i].id, chartTitle: ordered[i].title, stateId: state.id, texts });
      }
    });
    return entries;
  }

  async function init() {
    charts = await getJson('/studio/api/charts');
    select.innerHTML = charts
      .map((chart) => `<option value="${escapeHtml(chart.id)}">${escapeHtml(chart.title)}</option>`)
      .join('');
    select.addEventListener('change', () => {
      if (mayLeave(select.value)) show(select.value);
      else select.value = chartId;
    });
    container.addEventListener('click', onChartClick);
    zoomIn.addEventListener('click', () => navigator.zoomBy(1.25));
    zoomOut.addEventListener('click', () => navigator.zoomBy(0.8));
    zoomFit.addEventListener('click', () => navigator.fit());
    faults.addEventListener('change', () => show(chartId, { redraw: true }));
    await show(charts[0]?.id);
  }

  /**
   * Whether the details may go to `stateId` on chart `id` (undefined: none): yes unless that
   * drops typed text not saved and the designer, asked, keeps it.
   */
  function mayLeave(id, stateId) {
    return (id === chartId && stateId !== undefined && details.shownId() === stateId) || details.mayDiscard();
  }

  /** Shows chart `id`: a new chart opens fitted; `redraw` draws the same chart again where it was. */
  function show(id, { redraw = false } = {}) {
    if (id === undefined || (id === chartId && !redraw)) return loading;
    if (id !== chartId) {
      selectedState = undefined;
      foundState = undefined;
      details.clear();
    }
    chartId = id;
    select.value = id;
    loading = draw(id, redraw);
    return loading;
  }

  async function draw(id, keepView) {
    const chart = charts.find((c) => c.id === id);
    const query = `lang=${language}${faults.checked ? '&faults=shown' : ''}`;
    const [svg, data] = await Promise.all([
      getText(`/studio/api/charts/${encodeURIComponent(id)}.svg?${query}`),
      getJson(`/studio/api/charts/${encodeURIComponent(id)}.json`),
    ]);
    if (id !== chartId) return;
    chartDetails = data;
    container.innerHTML = svg;
    const element = container.querySelector('svg');
    element?.setAttribute('data-chart-id', id);
    if (element !== null) {
      minimap.show(element);
      navigator.attach(element, { keepView });
    } else minimap.clear();
    const parts = [plural(chart?.stateIds.length ?? 0, 'state')];
    if (chart?.overBudget > 0) parts.push(`<span class="bad">${chart.overBudget} over budget</span>`);
    if (data.warnings.length > 0) parts.push(`<span class="warn">${plural(data.warnings.length, 'warning')}</span>`);
    summary.innerHTML = parts.join(' · ');
    highlight();
    markSelected(true);
    showDetails(keepView);
  }

  function setLanguage(next) {
    language = next;
    return show(chartId, { redraw: true });
  }

  /** The drawn node for a state: itself, or the closest ancestor drawn (a collapsed journey). */
  function nodeFor(stateId) {
    for (let id = stateId; id !== ''; id = parentOf(id)) {
      const node = container.querySelector(`[data-state-id="${CSS.escape(id)}"]`);
      if (node !== null) return node;
    }
    return null;
  }

  /** Marks the session's state; returns its node, if this chart draws it. */
  function highlight() {
    for (const node of container.querySelectorAll('.is-current')) node.classList.remove('is-current');
    if (currentState === undefined) return null;
    const node = nodeFor(currentState);
    node?.classList.add('is-current');
    return node;
  }

  /**
   * Outlines the chosen state, and the found one; `again` (the chart drawn anew: another
   * language, the faults) outlines the found state without its pulse, which it already had.
   */
  function markSelected(again = false) {
    for (const node of container.querySelectorAll('.is-selected, .is-found'))
      node.classList.remove('is-selected', 'is-found', 'is-found-again');
    if (selectedState !== undefined) nodeFor(selectedState)?.classList.add('is-selected');
    if (foundState !== undefined) nodeFor(foundState)?.classList.add('is-found', ...(again ? ['is-found-again'] : []));
  }

  /** The drawn state the details follow when nothing is chosen: the session's, when following. */
  const followedId = () => (isFollowing() ? nodeFor(currentState ?? '')?.getAttribute('data-state-id') : undefined);

  /** The details of the chosen state, or of the session's state when following; never another chart's. */
  function showDetails(force = false) {
    const id = selectedState ?? followedId();
    const state = chartDetails?.states.find((s) => s.id === id);
    details.show(state, force || selectedState !== undefined);
  }

  /** Moves the highlight to `stateId`; following, onto the journey's own chart first and centred there. */
  async function follow(stateId, followChart) {
    currentState = stateId;
    // Typed text not saved keeps its chart: the session is followed there once it is saved or cancelled.
    if (followChart && stateId !== undefined && !details.unsaved()) {
      const own = charts.find((c) => !c.overview && c.stateIds.includes(stateId));
      const any = own ?? charts.find((c) => c.stateIds.includes(stateId));
      if (any !== undefined) await show(any.id);
    }
    await loading;
    const node = highlight();
    if (followChart && node !== null) navigator.centreOn(node);
    if (selectedState === undefined) showDetails();
  }

  /** A search result or an exit's target: its chart, the state centred and marked, its details shown. */
  async function reveal(id, stateId) {
    if (!mayLeave(id, stateId)) return;
    await show(id);
    await loading;
    selectedState = stateId;
    foundState = stateId;
    markSelected();
    showDetails(true);
    navigator.centreOn(nodeFor(stateId), { readable: true });
  }

  /** After a saved text: the list (budgets), the search and the chart are drawn anew, the view kept. */
  async function reload(stateId) {
    charts = await getJson('/studio/api/charts');
    searchIndex = undefined;
    selectedState = stateId;
    await show(chartId, { redraw: true });
  }

  function onChartClick(event) {
    const exit = event.target.closest('[data-exit-target]');
    if (exit !== null) {
      const target = exit.getAttribute('data-exit-target');
      const chart = charts.find((c) => !c.overview && c.stateIds.includes(target));
      // The exit's target on its own chart, centred and outlined as a search result is.
      if (chart !== undefined) reveal(chart.id, target);
      return;
    }
    const node = event.target.closest('[data-state-id]');
    // A click beside the states drops the choice: the details follow the session again.
    const clicked = node?.getAttribute('data-state-id') ?? undefined;
    if (!mayLeave(chartId, clicked ?? followedId())) return;
    selectedState = clicked;
    foundState = undefined;
    markSelected();
    showDetails(true);
  }

  return { init, follow, setLanguage, show };
}
