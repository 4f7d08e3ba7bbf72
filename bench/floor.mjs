// A whole floor at once (issue 16): N agents with 1–5 tabs each go through one Global Resiliency
// switch in a discrete-event simulation on a virtual clock, running the project's own built
// modules (dist/: switch machine, auto-available retries, tab coordinator) against a modelled
// service that logs every putAgentState and CCP initialisation. Needs `npm run build`.
//
//   node bench/floor.mjs [--agents 1000,10000] [--scenarios switch-spread,…] [--seed 1]
//                        [--reload-jitter S] [--reload-mode ccp|page] [--no-spread]
//                        [--no-write] [--label before] [--sweep] [--json]
//
// Writes the `floor` section of docs/benchmarks.md and docs/floor-<scenario>.svg (the largest
// floor) unless --no-write or any option changes the element's defaults; --label before writes
// the `floor-before` section instead (today's element, for comparison); --sweep writes
// `floor-sweep` (the runs the defaults were chosen from). --json ends with one JSON line.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCENARIOS, EXTRA, TAB_MIX, ROUTABLE, CALL_LEFT, SWITCH_AFTER, runFloor } from './floor/scenarios.mjs';
import { LATENCY } from './floor/service.mjs';
import { figures, jsonEntry } from './floor/metrics.mjs';
import { lineChart } from './floor/svg.mjs';
import { floorConfig } from './floor/agent.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const has = (f) => argv.includes(`--${f}`);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const SIZES = opt('agents', '1000,10000').split(',').map(Number);
const NAMES = opt('scenarios', Object.keys(SCENARIOS).join(',')).split(',');
const SEED = Number(opt('seed', 1));
const attrs = { reloadJitter: opt('reload-jitter', null), reloadMode: opt('reload-mode', null) };
const spread = !has('no-spread');
const label = opt('label', null);
const custom = attrs.reloadJitter !== null || attrs.reloadMode !== null || !spread;
const write = !has('no-write') && (!custom || label !== null) && !has('sweep');

const fmt = (x, d = 1) => (x === null || x === undefined ? '–' : Number(x).toFixed(d));
const secs = (ms) => (ms === null ? 'never' : `${fmt(ms / 1000)} s`);

async function one(name, agents, extra = {}) {
  const run = await runFloor({ scenario: name, agents, seed: SEED, attrs: { ...attrs, ...extra.attrs }, spread: extra.spread ?? spread, ...extra.run });
  return { name, run, f: figures(run) };
}

function row({ name, run, f }) {
  const k = f.per1000;
  const notAvail = f.notAvailable ? `${f.notAvailable} (${f.untold} told in no tab, ${f.partlyTold} in some tabs only)` : '0';
  return `| ${name} | ${f.agents} | ${f.tabs} | ${fmt(k(f.setState.peak))} / ${fmt(k(f.setState.p99))} | ${fmt(k(f.init.peak))} / ${fmt(k(f.init.p99))} (${fmt((100 * f.init.peak) / f.tabs)} % of tabs) | ${secs(f.available99Ms)} (t = ${secs(f.available99AtMs)}) | ${f.maxReloads} | ${f.maxSetState} | ${f.setStateFailed}/${f.setStateTotal} | ${f.autoFailed} | ${notAvail} | ${fmt(run.stats.cpuMs / 1000)} s / ${fmt(run.stats.realMs / 1000)} s |`;
}

const HEAD = [
  '| scenario | agents | tabs | setState/s per 1,000 agents: peak / p99 | CCP inits/s per 1,000 agents: peak / p99 | 99 % Available after completion (and after the switch) | max reloads per agent | max setState per agent | setState failed/sent | auto-available gave up | agents not Available (of them not told) | CPU / real time |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|',
];

function checks(results) {
  const lines = [];
  for (const { name, f } of results) {
    if (name === 'switch-same-second') {
      const peak = (100 * f.setState.peak) / f.agents;
      lines.push(`- ${name}, ${f.agents} agents: peak setState/s ${fmt(peak)} % of the agents (target ≤ 20 %: ${peak <= 20 ? 'met' : 'NOT met'}); 99 % Available ${secs(f.available99Ms)} after completion (target ≤ 10 s: ${f.available99Ms !== null && f.available99Ms <= 10_000 ? 'met' : 'NOT met'}).`);
    }
    if (name.startsWith('stale-all')) {
      const peak = (100 * f.init.peak) / f.tabs;
      lines.push(`- ${name}, ${f.agents} agents: peak CCP inits/s ${fmt(peak)} % of the tabs (target ≤ 10 %: ${peak <= 10 ? 'met' : 'NOT met'}); max reloads per agent ${f.maxReloads} (cap 2: ${f.maxReloads <= 2 ? 'met' : 'NOT met'}).`);
    }
  }
  return lines;
}

function plot(name, f) {
  const sc = SCENARIOS[name];
  return lineChart({
    title: `${name}: ${f.agents.toLocaleString('en')} agents, ${f.tabs.toLocaleString('en')} tabs`,
    subtitle: sc.about,
    series: [
      { label: 'putAgentState per second', color: '#2563eb', values: f.bins.setState },
      { label: 'CCP initialisations per second', color: '#dc2626', values: f.bins.init },
    ],
    targets: [
      { label: 'target: 20 % of the agents', color: '#93c5fd', value: 0.2 * f.agents },
      { label: 'target: 10 % of the tabs', color: '#fca5a5', value: 0.1 * f.tabs },
    ],
  });
}

function model(config) {
  const pct = (x) => `${Math.round(x * 100)} %`;
  const r = ([a, b]) => `${a}–${b} ms`;
  return [
    `Each agent: ${TAB_MIX.map((p, i) => `${pct(p)} with ${i + 1} tab${i ? 's' : ''}`).join(', ')} (mean ${TAB_MIX.reduce((s, p, i) => s + p * (i + 1), 0).toFixed(1)}), one browser per agent, the first tab visible and the others in the background (their timers wake on whole seconds, as Chrome throttles them; channel messages are not delayed). Tabs open in the four minutes before the switch; ${pct(ROUTABLE)} of the agents are in a routable state before it (the rest on a break, so the \`was-routable\` policy leaves them Offline and the switch toast says so).`,
    `Every tab runs the built modules (\`dist/\`): the switch machine (\`reduce\`), the tab coordinator over an in-memory BroadcastChannel and Web Locks on the virtual clock, \`retry\` with \`DEFAULT_RETRY\`, \`parseConfig\` for the attributes; \`bench/floor/agent.mjs\` wires them as \`src/element/region-aware-ccp.ts\` and its controllers do (claim across tabs before setState, spread, retries, the outcome announced to every tab, reload on the watchdog, page-mode state carried across the reload) and is the one file that knows their shapes. Before the first auto-available request the tab that won the claim sleeps \`firstDelayMs(random, retryPolicy.firstSpreadMs)\`, as \`src/controllers/auto-available.ts\` does (\`--no-spread\` leaves it out). Element attributes: \`auto-available\`, GR, everything else default (\`stale-after\` ${config.staleAfterMs / 1000} s, \`reload-mode\` ${config.reloadMode}, \`reload-jitter\` ${config.reloadJitterMs / 1000} s).`,
    `The service: a CCP start takes ${r(LATENCY.init)} until agent data (logged as one initialisation per tab when it starts), an API call ${r(LATENCY.api)}, an agent update reaches each CCP in ${r(LATENCY.update)}. A switch in one tab, as Streams shows it: the detection (each tab ${r(LATENCY.tabSpread)} apart), the swap ${r(SWITCH_AFTER)} later (after the last voice call; ${r(CALL_LEFT)} left on a call), the new region's agent data (Offline, with the server's timestamp) ${r(LATENCY.fetch)} after the swap, then the completion. In the stale scenarios the swap never reaches the CCPs, but the service moved the agent: a reloaded CCP starts in the new region (Streams' guide: a full refresh re-syncs).`,
    `Figures: requests per whole second of simulated time after the switch, per 1,000 agents (peak, and p99 over the seconds from the switch to the last request); "99 % Available": the 99th percentile, over the agents that were routable before the switch, of the time from the switch's completion for that agent (its first CCP showing new-region data) until every one of its tabs has announced Available (never, if more than 1 % did not get there), and in brackets the same counted from t = 0; reloads: coordinated reloads per agent (each re-initialises every tab once); setState: \`putAgentState\` calls per agent in the switch.`,
  ];
}

// The machine is shared: the load average says how far real time is from CPU time.
const LOAD = os.loadavg()[0].toFixed(1);
const stamp = async () => `${new Date().toISOString().slice(0, 10)} · ${(await import('./idle.mjs')).machine()}, load average ${LOAD} at the start`;

if (has('sweep')) {
  // The runs the defaults are chosen from (README "Herd safety"): one knob at a time, the rest default.
  const lines = [
    '| run | agents | setState/s peak (% of agents) | CCP inits/s peak (% of tabs) | 99 % Available after completion (after the switch) | max setState per agent | auto-available gave up | not Available and told in some tabs only |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const runs = [
    ...[0, 4000, 6000, 8000, 10_000].map((ms) => ['switch-same-second', { spread: ms }, `switch-same-second, first request after 0–${ms / 1000} s`]),
    ...[10, 20, 30].map((s) => ['stale-all', { attrs: { reloadJitter: s } }, `stale-all, reload-jitter ${s} s`]),
    ...[{ maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 8000 }, { maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 16_000 }].map((p) => [
      'setstate-failing',
      { run: { retryPolicy: p } },
      `setstate-failing, retries ${p.maxAttempts} attempts, ${p.baseDelayMs / 1000}–${p.maxDelayMs / 1000} s`,
    ]),
  ];
  for (const [name, extra, what] of runs) {
    for (const n of SIZES) {
      const { f } = await one(name, n, extra);
      const pct = (x, of) => `${fmt(x)} (${fmt((100 * x) / of)} %)`;
      lines.push(`| ${what} | ${n} | ${pct(f.setState.peak, f.agents)} | ${pct(f.init.peak, f.tabs)} | ${secs(f.available99Ms)} (${secs(f.available99AtMs)}) | ${f.maxSetState} | ${f.autoFailed} | ${f.partlyTold} |`);
      console.log(lines.at(-1));
    }
  }
  if (!has('no-write')) {
    const { writeSection } = await import('./idle.mjs');
    writeSection(path.join(ROOT, 'docs/benchmarks.md'), 'floor-sweep', [
      '### The runs the defaults were chosen from',
      '',
      `${await stamp()} · \`node bench/floor.mjs --sweep\`: one knob at a time, everything else at the defaults. The spread is \`firstDelayMs(random, spreadMs)\` before the first auto-available request; the retry rows use full jitter.`,
      '',
      lines.join('\n'),
    ].join('\n'));
  }
  process.exit(0);
}

const results = [];
for (const name of NAMES) {
  for (const n of SIZES) {
    const r = await one(name, n);
    results.push(r);
    if (!has('json')) console.log(row(r));
  }
}
// The extra runs (docs only) with the full set: at the smaller floor (stale-stuck reloads every tab every two minutes).
const extras = [];
if (!argv.includes('--scenarios')) {
  for (const name of Object.keys(EXTRA)) {
    const r = await one(name, Math.min(...SIZES));
    extras.push(r);
    if (!has('json')) console.log(row(r));
  }
}
const table = [...HEAD, ...results.map(row)].join('\n');
const cmd = `\`node bench/floor.mjs${argv.filter((a) => a !== '--json').map((a) => ` ${a}`).join('')}\``;
if (!has('json')) console.log(`\n${table}\n\n${checks(results).join('\n')}`);
if (write) {
  const { writeSection } = await import('./idle.mjs');
  const config = floorConfig(attrs);
  const file = path.join(ROOT, 'docs/benchmarks.md');
  if (label === 'before') {
    writeSection(file, 'floor-before', [
      `### Before: the element as it was (\`${process.env.FLOOR_COMMIT ?? 'main'}\`)`,
      '',
      `${await stamp()} · ${cmd}: no spread before the first auto-available request, ±50 % retry jitter, \`reload-jitter\` ${config.reloadJitterMs / 1000} s.`,
      '',
      table,
      '',
      ...checks(results),
    ].join('\n'));
  } else {
    const big = Math.max(...SIZES);
    for (const r of results) if (r.f.agents === big) writeFileSync(path.join(ROOT, `docs/floor-${r.name}.svg`), plot(r.name, r.f));
    writeSection(file, 'floor', [
      '## A whole floor at once',
      '',
      `${await stamp()} · ${cmd} (\`--json\` ends with one JSON line of these figures)`,
      '',
      'A discrete-event simulation on a virtual clock (a binary heap of timers; the event loop gets one turn per busy simulated millisecond, so the modules\' promises settle as in a browser).',
      '',
      ...model(config).flatMap((p) => [p, '']),
      ...Object.entries(SCENARIOS).map(([k, v]) => `- \`${k}\`: ${v.about}.`),
      '',
      table,
      '',
      ...checks(results),
      '',
      ...(extras.length
        ? [
            'Beyond the issue\'s five scenarios:',
            '',
            ...Object.entries(EXTRA).map(([k, v]) => `- \`${k}\`: ${v.about}${v.horizonMs ? ` (${v.horizonMs / 60_000} min)` : ''}.`),
            '',
            [...HEAD, ...extras.map(row)].join('\n'),
            '',
          ]
        : []),
      ...results.filter((r) => r.f.agents === big).map((r) => `![${r.name}: requests per second](floor-${r.name}.svg)`),
    ].join('\n'));
  }
}
if (has('json')) console.log(JSON.stringify({ scenarios: results.map((r) => jsonEntry(r.name, r.f)) }));
