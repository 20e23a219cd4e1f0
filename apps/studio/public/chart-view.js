import { getJson, getText } from './api.js';

const escapeHtml = (text) =>
  String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/**
 * The chart pane: the chosen chart drawn by the service (SVG), the state the simulated
 * session is in highlighted on it, and the details of a clicked state.
 */
export function createChartView({ select, container, details, summary }) {
  let charts = [];
  let chartId;
  let language = 'en';
  let currentState;
  let chartDetails;
  let loading = Promise.resolve();

  async function init() {
    charts = await getJson('/studio/api/charts');
    select.innerHTML = charts
      .map((chart) => `<option value="${escapeHtml(chart.id)}">${escapeHtml(chart.title)}</option>`)
      .join('');
    select.addEventListener('change', () => show(select.value));
    container.addEventListener('click', onChartClick);
    await show(charts[0]?.id);
  }

  function show(id, force = false) {
    if (id === undefined || (id === chartId && !force)) return loading;
    chartId = id;
    select.value = id;
    loading = draw(id);
    return loading;
  }

  async function draw(id) {
    const chart = charts.find((c) => c.id === id);
    const [svg, data] = await Promise.all([
      getText(`/studio/api/charts/${encodeURIComponent(id)}.svg?lang=${language}`),
      getJson(`/studio/api/charts/${encodeURIComponent(id)}.json`),
    ]);
    if (id !== chartId) return;
    chartDetails = data;
    container.innerHTML = svg;
    container.querySelector('svg')?.setAttribute('data-chart-id', id);
    const parts = [`${chart?.stateIds.length ?? 0} states`];
    if (chart?.overBudget > 0) parts.push(`<span class="bad">${chart.overBudget} over budget</span>`);
    if (data.warnings.length > 0) parts.push(`<span class="warn">${data.warnings.length} warnings</span>`);
    summary.innerHTML = parts.join(' · ');
    highlight();
  }

  function setLanguage(next) {
    language = next;
    return show(chartId, true);
  }

  /** The drawn node for a state: itself, or the closest ancestor drawn (a collapsed journey). */
  function nodeFor(stateId) {
    for (let id = stateId; id !== ''; id = id.includes('.') ? id.slice(0, id.lastIndexOf('.')) : '') {
      const node = container.querySelector(`[data-state-id="${CSS.escape(id)}"]`);
      if (node !== null) return node;
    }
    return null;
  }

  function highlight() {
    for (const node of container.querySelectorAll('.is-current')) node.classList.remove('is-current');
    if (currentState === undefined) return;
    const node = nodeFor(currentState);
    if (node === null) return;
    node.classList.add('is-current');
    node.scrollIntoView({ block: 'center', inline: 'center', behavior: 'smooth' });
  }

  /** Moves the highlight to `stateId`; with `follow`, onto the journey's own chart first. */
  async function follow(stateId, followChart) {
    currentState = stateId;
    if (followChart && stateId !== undefined) {
      const own = charts.find((c) => !c.overview && c.stateIds.includes(stateId));
      const any = own ?? charts.find((c) => c.stateIds.includes(stateId));
      if (any !== undefined) await show(any.id);
    }
    await loading;
    highlight();
  }

  function onChartClick(event) {
    const exit = event.target.closest('[data-exit-target]');
    if (exit !== null) {
      const target = exit.getAttribute('data-exit-target');
      const chart = charts.find((c) => !c.overview && c.stateIds.includes(target));
      if (chart !== undefined) show(chart.id);
      return;
    }
    const node = event.target.closest('[data-state-id]');
    if (node !== null) showDetails(node.getAttribute('data-state-id'));
  }

  function showDetails(stateId) {
    const state = chartDetails?.states.find((s) => s.id === stateId);
    if (state === undefined) return;
    const texts = state.texts.map((t) => {
      const measure = t.budget === undefined ? `${t.length} characters` : `${t.length}/${t.budget}`;
      const over = t.over && !t.paged ? ' class="over"' : '';
      const notes = [t.paged ? `paged: ${t.pages} page(s)` : '', t.nonGsm7.length > 0 ? 'not GSM-7!' : '']
        .filter(Boolean)
        .join(', ');
      return `<div><strong>${escapeHtml(t.language)}</strong> <span${over}>${escapeHtml(t.prefix.trim())} ${measure}</span>
        ${notes === '' ? '' : `<span class="warning">${escapeHtml(notes)}</span>`}<pre>${escapeHtml(t.text)}</pre></div>`;
    });
    const facts = [
      state.messageKey ? `screen <code>${escapeHtml(state.messageKey)}</code>` : '',
      state.input ? `input: ${escapeHtml(state.input)}` : '',
      state.invokes.length > 0 ? `runs ${escapeHtml(state.invokes.join(', '))}` : '',
    ].filter(Boolean);
    const warnings = state.warnings.map((w) => `<li class="warning">${escapeHtml(`${w.kind}: ${w.message}`)}</li>`);
    details.innerHTML = `<h3>${escapeHtml(state.id)}</h3><p>${facts.join(' · ')}</p>
      ${warnings.length > 0 ? `<ul>${warnings.join('')}</ul>` : ''}<div class="texts">${texts.join('')}</div>`;
  }

  return { init, follow, setLanguage, show };
}
