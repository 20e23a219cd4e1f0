import { getJson } from './api.js';
import { createChartView } from './chart-view.js';
import { startPhoneSide } from './phone-side.js';

const $ = (id) => document.getElementById(id);

async function start() {
  const settings = await getJson('/studio/api/settings');
  // Chart pane: the view, its zoom and minimap, the search, the faults toggle and the details.
  const charts = createChartView({
    settings,
    isFollowing: () => $('follow').checked,
    elements: {
      select: $('chart-select'),
      container: $('chart'),
      details: $('state-details'),
      summary: $('chart-summary'),
      minimap: $('minimap'),
      zoomIn: $('zoom-in'),
      zoomOut: $('zoom-out'),
      zoomFit: $('zoom-fit'),
      zoomLevel: $('zoom-level'),
      faults: $('show-faults'),
      search: $('chart-search'),
      searchResults: $('search-results'),
    },
  });
  // End of the chart pane's wiring.

  // Phone side: the handset, its SMS and the gateway panel; the chart follows its state.
  startPhoneSide({ settings, follow: (state) => charts.follow(state, $('follow').checked) });

  for (const button of document.querySelectorAll('.language')) {
    button.addEventListener('click', async () => {
      for (const other of document.querySelectorAll('.language'))
        other.setAttribute('aria-pressed', String(other === button));
      await charts.setLanguage(button.dataset.language);
    });
  }

  await charts.init();
  document.body.dataset.ready = 'true';
}

start().catch((error) => {
  $('chart').textContent = `The studio could not start: ${error.message}`;
});
