import { getJson, setToken } from './api.js';
import { createChartView } from './chart-view.js';
import { createGatewayPanel } from './gateway-panel.js';
import { createPhone } from './phone.js';

const $ = (id) => document.getElementById(id);
const GATEWAY_REFRESH_MS = 1500;

const randomNumber = (countryCode) => `+${countryCode}7${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

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
  const gateway = createGatewayPanel({ container: $('gateway'), error: $('phone-error') });
  const phone = createPhone({
    screen: $('screen'),
    stateLabel: $('current-state'),
    reply: $('reply'),
    send: $('send'),
    error: $('phone-error'),
    onState: async (state) => {
      await charts.follow(state, $('follow').checked);
      await gateway.refresh();
    },
  });

  const samples = [
    `+${settings.countryCode}711000111`,
    `+${settings.countryCode}711000222`,
    randomNumber(settings.countryCode),
  ];
  $('sample-phones').innerHTML = samples.map((number) => `<option value="${number}"></option>`).join('');
  $('phone-number').value = samples[0];
  $('service-code').value = settings.serviceCode;
  $('token-field').hidden = !settings.tokenRequired;
  $('token').addEventListener('change', (event) => setToken(event.target.value));
  $('new-number').addEventListener('click', () => {
    $('phone-number').value = randomNumber(settings.countryCode);
  });

  const dial = () =>
    phone.dial($('phone-number').value.replace(/\s/g, ''), $('service-code').value, settings.serviceCode);
  $('dial').addEventListener('click', dial);
  $('reset').addEventListener('click', async () => {
    await phone.reset();
    await dial();
  });
  $('phone').addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = $('reply').value;
    $('reply').value = '';
    await phone.type(input);
  });
  for (const button of document.querySelectorAll('.language')) {
    button.addEventListener('click', async () => {
      for (const other of document.querySelectorAll('.language'))
        other.setAttribute('aria-pressed', String(other === button));
      await charts.setLanguage(button.dataset.language);
    });
  }

  await charts.init();
  await gateway.refresh();
  setInterval(() => {
    if (document.visibilityState === 'visible') gateway.refresh();
  }, GATEWAY_REFRESH_MS);
  document.body.dataset.ready = 'true';
}

start().catch((error) => {
  $('chart').textContent = `The studio could not start: ${error.message}`;
});
