// Convergence time of a coordinated reload: from the decision (one tab calls reloadAllTabs(), as
// the agent's "refresh CCP in all tabs" button does, after a silent switch: the simulator's
// `stall`) until every tab is ready again in the new region, for 1, 3, 5 and 8 tabs.
// reload-jitter="0": the random wait before an automatic reload is not part of the figure (this
// reload is manual and has none anyway). Times are taken in the pages (epoch ms of the call and of
// each tab's rac-ready), all on this machine's clock. Target: ≤ 3 s for 5 tabs, at most linear growth.
//
//   node bench/convergence.mjs [--runs 3] [--no-write]
import path from 'node:path';
import { startStack, ROOT } from '../test/e2e/stack.mjs';
import { agentTabs, events, until } from '../test/e2e/fixtures/tabs.mjs';
import { writeSection, machine } from './idle.mjs';

const NEW = 'us-west-2';
const COUNTS = [1, 3, 5, 8];
const i = process.argv.indexOf('--runs');
const RUNS = i > 0 ? Number(process.argv[i + 1]) : 3;

async function once(stack, n) {
  const { session, context, tabs } = await agentTabs(stack, n, { 'reload-jitter': 0 });
  try {
    await new Promise((r) => setTimeout(r, 500)); // start-up settles
    await session.traffic(NEW, { stall: true, detectionDelayMs: 0 });
    const decidedAt = await tabs[0].evaluate(() => {
      const at = performance.timeOrigin + performance.now();
      document.getElementById('ccp').reloadAllTabs('bench');
      return at;
    });
    const readies = await until(
      async () => {
        const r = await Promise.all(tabs.map((p) => events(p, 'rac-ready', (d) => d.region === NEW)));
        return r.every((x) => x.length) && r.map((x) => x[0].at);
      },
      { timeoutMs: 30000, message: `${n} tabs ready in ${NEW}` },
    );
    const reinits = await Promise.all(tabs.map(async (p) => (await events(p, 'rac-tabs-reload', (d) => d.stage === 'reinit')).length));
    if (reinits.some((x) => x !== 1)) throw new Error(`a tab re-initialised ${Math.max(...reinits)} times`);
    return Math.max(...readies) - decidedAt;
  } finally {
    await context.close();
    await session.delete().catch(() => {});
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function measureConvergence({ runs = RUNS, log = console.log } = {}) {
  const stack = await startStack();
  try {
    const rows = [];
    for (const n of COUNTS) {
      const times = [];
      for (let r = 0; r < runs; r++) times.push(await once(stack, n));
      rows.push({ n, times, median: median(times), max: Math.max(...times) });
      log(`convergence: ${n} tab(s): ${times.map((t) => `${Math.round(t)} ms`).join(', ')}`);
    }
    return { rows, runs, version: stack.browser.version() };
  } finally {
    await stack.close();
  }
}

export function convergenceTable({ rows }) {
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  return [
    '| tabs | median | max | runs (ms) | per tab (median / tabs) |',
    '|---:|---:|---:|---|---:|',
    ...rows.map((r) => `| ${r.n} | ${s(r.median)} | ${s(r.max)} | ${r.times.map((t) => Math.round(t)).join(', ')} | ${Math.round(r.median / r.n)} ms |`),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await measureConvergence();
  const table = convergenceTable(result);
  console.log(table);
  const five = result.rows.find((r) => r.n === 5);
  const verdict = five ? `5 tabs: median ${(five.median / 1000).toFixed(2)} s (target ≤ 3 s: ${five.median <= 3000 ? 'met' : 'NOT met'}).` : '';
  console.log(verdict);
  if (!process.argv.includes('--no-write')) {
    writeSection(path.join(ROOT, 'docs/benchmarks.md'), 'convergence', [
      '## Convergence of a coordinated reload',
      '',
      `${new Date().toISOString().slice(0, 10)} · ${machine()} · Chromium ${result.version} (headless) · \`node bench/convergence.mjs --runs ${result.runs}\``,
      '',
      'Decision → every tab ready in the new region. Per run: a fresh simulator session, N tabs of `test/e2e/fixtures/tab.html` (the bundled build) in one browser context, a silent switch (`traffic(us-west-2, {stall: true})`, so no tab hears of it), then `reloadAllTabs()` in the first tab. The time runs from that call to the last tab\'s `rac-ready` in us-west-2 (both read in the pages, same clock). `reload-jitter="0"`: an automatic reload (stale watchdog, dropped call) would add a random 0..N s on top; this manual one has none. Included: the leader\'s 200 ms census, teardown acks, the 150 ms reinit stagger per tab, and the CCP start in every tab. Every run checked each tab re-initialised exactly once.',
      '',
      convergenceTable(result),
      '',
      verdict,
    ].join('\n'));
  }
}
