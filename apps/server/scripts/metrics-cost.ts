// What the metrics add to one hop, in CPU: the hop's own observation (histogram and counter),
// and the wrappers a hop may pass through (a provider call, a PIN hash), timed over many
// iterations in this process. Prints one JSON line: {"microsPerHop": n, "scrapeMillis": n}.
// Used by bench:hops, which sets it against the CPU a whole hop costs.
import { createMetrics, instrumentPinHasher, instrumentPort } from '../src/metrics.js';

const ITERATIONS = 200_000;
const metrics = createMetrics();
const port = instrumentPort({ send: async () => ({ ok: true }) }, 'sms', metrics);
const hasher = instrumentPinHasher(
  {
    hash: async () => 'h',
    verify: async () => true,
    digest: () => 'd',
    matchesDigest: () => true,
    admit: (work) => work(),
  },
  metrics.pinHash,
);
const outcomes = ['ran', 'ran', 'ran', 'repeat', 'ended'];
const states = ['session.mainMenu', 'session.deposit.askAmount', 'session.sendMoney.confirm', undefined];

async function once(i: number) {
  metrics.hop(outcomes[i % outcomes.length] as string, states[i % states.length], 0.004);
  // One hop in ten calls a provider or checks a PIN: both wrappers, timed per hop.
  if (i % 10 === 0) {
    await port.send();
    await hasher.verify('0000', 'h');
  }
}

for (let i = 0; i < 20_000; i++) await once(i);
const start = process.cpuUsage();
for (let i = 0; i < ITERATIONS; i++) await once(i);
const used = process.cpuUsage(start);
const microsPerHop = (used.user + used.system) / ITERATIONS;

const scrapeStart = performance.now();
await metrics.text();
const scrapeMillis = performance.now() - scrapeStart;
console.log(JSON.stringify({ microsPerHop, scrapeMillis }));
