// Leak check of <region-aware-ccp>: after 50 region switches and 50 coordinated reloads
// (`reloadAllTabs()` in the first tab), does the first tab hold more than it did before? Measured in
// that tab: the CCP iframes in the element (one set: 2 in GR mode), listeners on `window` (CDP
// DOMDebugger.getEventListeners), pending timers (an init script wraps setTimeout/setInterval and
// their clear functions), and the JS heap after a forced GC (HeapProfiler.collectGarbage, then
// Runtime.getHeapUsage). Target: heap growth < 1 MB, no growth in iframes, listeners or timers.
//
// The tabs load the unbundled npm build (dist/index.js; lit and Streams from /node_modules), so a
// listener's script and a timer's creation stack tell the element's code (/dist/) from Streams'.
// One warm-up switch and reload run before the first measurement (first-use allocations: code,
// Streams' lazy singletons), then the figures are taken "before" and "after".
//
//   node bench/leak.mjs [--switches 50] [--reloads 50] [--tabs 3] [--no-write]
import path from 'node:path';
import { existsSync } from 'node:fs';
import { startStack, ROOT } from '../test/e2e/stack.mjs';
import { agentTabs, events, until } from '../test/e2e/fixtures/tabs.mjs';
import { inElement, switchSettled, sleep } from '../test/e2e/fixtures/chaos-helpers.mjs';
import { writeSection, machine } from './idle.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const SWITCHES = arg('switches', 50);
const RELOADS = arg('reloads', 50);
const TABS = arg('tabs', 3);
const QUIET_S = arg('quiet', 32);
const OLD = 'us-east-1';
const NEW = 'us-west-2';

/** Init script: counts pending timers by origin (ours = a /dist/ frame in the creation stack). */
function countTimers() {
  const pending = new Map();
  // Attributed to the innermost frame that is the element's (/dist/) or Streams' code: Streams'
  // timers are created under the element's initCCP call, so "any /dist/ frame" would blame us.
  const origin = () => {
    const frames = (new Error().stack ?? '').split('\n').slice(3);
    const f = frames.find((x) => x.includes('/dist/') || x.includes('connect-streams'));
    origin.where = f?.trim().replace(/^at /, '').replace(/\(?https?:\/\/[^/]+/, '(') ?? '';
    if (f?.includes('/dist/')) return 'element';
    if (f) return 'streams';
    if (frames.some((x) => x.includes('/node_modules/lit') || x.includes('/node_modules/@lit'))) return 'lit';
    return 'other';
  };
  const st = window.setTimeout;
  const si = window.setInterval;
  const ct = window.clearTimeout;
  const ci = window.clearInterval;
  window.setTimeout = function (fn, ms, ...rest) {
    const o = origin();
    const id = st.call(this, function (...a) {
      pending.delete(id);
      return typeof fn === 'function' ? fn.apply(this, a) : undefined;
    }, ms, ...rest);
    pending.set(id, { kind: 'timeout', o, ms, where: origin.where });
    return id;
  };
  window.setInterval = function (fn, ms, ...rest) {
    const id = si.call(this, fn, ms, ...rest);
    pending.set(id, { kind: 'interval', o: origin(), ms, where: origin.where });
    return id;
  };
  window.clearTimeout = function (id) {
    pending.delete(id);
    return ct.call(this, id);
  };
  window.clearInterval = function (id) {
    pending.delete(id);
    return ci.call(this, id);
  };
  window.__timers = () => {
    const by = {};
    for (const { kind, o } of pending.values()) by[`${o} ${kind}`] = (by[`${o} ${kind}`] ?? 0) + 1;
    const where = {};
    for (const { o, ms, where: w } of pending.values()) {
      const k = `${o} ${ms} ms ${w}`;
      where[k] = (where[k] ?? 0) + 1;
    }
    return { total: pending.size, by, where };
  };
}

async function snapshot(page, cdp, scripts) {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
  const { result } = await cdp.send('Runtime.evaluate', { expression: 'window' });
  const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
  await cdp.send('Runtime.releaseObject', { objectId: result.objectId });
  const byOrigin = {};
  for (const l of listeners) {
    const url = scripts.get(l.scriptId) ?? '';
    const o = url.includes('/dist/') ? 'element' : url.includes('connect-streams') ? 'streams' : url.includes('/node_modules/') ? 'lit' : url ? 'page' : 'unknown';
    const key = `${o}:${l.type}`;
    byOrigin[key] = (byOrigin[key] ?? 0) + 1;
  }
  return {
    heapUsed: heap.usedSize,
    jsHeapUsed: m.JSHeapUsedSize,
    nodes: m.Nodes,
    documents: m.Documents,
    frames: m.Frames,
    jsListeners: m.JSEventListeners,
    windowListeners: listeners.length,
    windowListenersBy: byOrigin,
    timers: await page.evaluate(() => window.__timers()),
    ccpIframes: await inElement(page, (e) => e.shadowRoot.querySelectorAll('iframe').length),
    // Streams keeps every log line of the last two 30-minute windows in memory (for log download).
    streamsLogLines: await page.evaluate(() => {
      const l = window.connect?.getLog?.();
      return l ? l._logs.length + l._rolledLogs.length + l._serverBoundInternalLogs.length : 0;
    }),
    documentIframes: await page.evaluate(() => document.querySelectorAll('iframe').length),
  };
}

const countOf = async (page, type, pred) => (await events(page, type, pred)).length;

async function switchTo(session, tabs, to) {
  const before = await Promise.all(tabs.map((p) => countOf(p, 'rac-switched')));
  await session.traffic(to, { detectionDelayMs: 0 });
  await switchSettled(session);
  // Every tab announces the move (or, when Streams never reports the completion to it, its
  // watchdog's reload does: stale-after is 3 s here).
  await until(async () => (await Promise.all(tabs.map((p, i) => countOf(p, 'rac-switched').then((n) => n > before[i])))).every(Boolean), {
    timeoutMs: 20000,
    message: `every tab switched to ${to}`,
  });
  await until(async () => (await Promise.all(tabs.map((p) => inElement(p, (e) => e.phase === 'ready' && e.activeRegion)))).every((r) => r === to), {
    timeoutMs: 20000,
    message: `every tab ready in ${to}`,
  });
}

async function reloadAll(tabs) {
  const done = await countOf(tabs[0], 'rac-tabs-reload', (d) => d.stage === 'done');
  await inElement(tabs[0], (e) => e.reloadAllTabs('leak-bench'));
  await until(async () => (await countOf(tabs[0], 'rac-tabs-reload', (d) => d.stage === 'done')) > done, { timeoutMs: 20000, message: 'reload done' });
  await until(async () => (await Promise.all(tabs.map((p) => inElement(p, (e) => e.phase === 'ready' && e.shadowRoot.querySelectorAll('iframe').length === 2)))).every(Boolean), {
    timeoutMs: 20000,
    message: 'every tab ready after the reload',
  });
}

export async function measureLeak({ switches = SWITCHES, reloads = RELOADS, tabs: n = TABS, log = console.log } = {}) {
  if (!existsSync(path.join(ROOT, 'dist/index.js'))) throw new Error('dist/index.js is missing: run `npm run build` first.');
  const stack = await startStack();
  try {
    const attrs = { build: 'npm', 'reload-jitter': 0, 'stale-after': 3, 'toast-timeout': 1 };
    const { session, context, tabs } = await agentTabs(stack, n, attrs, { contextInit: countTimers });
    const cdp = await context.newCDPSession(tabs[0]);
    const scripts = new Map();
    cdp.on('Debugger.scriptParsed', (s) => scripts.set(s.scriptId, s.url));
    await cdp.send('Debugger.enable'); // reports every script parsed so far, then the new ones
    await cdp.send('Performance.enable');
    await cdp.send('HeapProfiler.enable');

    // Warm-up: one switch there and back and one reload, then let toasts expire.
    await switchTo(session, tabs, NEW);
    await switchTo(session, tabs, OLD);
    await reloadAll(tabs);
    await sleep(2500);
    const before = await snapshot(tabs[0], cdp, scripts);
    const staleBefore = await countOf(tabs[0], 'rac-stale');
    log(`leak: before: heap ${(before.heapUsed / 1e6).toFixed(2)} MB, ${before.windowListeners} window listeners, ${before.timers.total} timers`);

    const t0 = Date.now();
    let region = OLD;
    for (let k = 0; k < switches; k++) {
      region = region === OLD ? NEW : OLD;
      await switchTo(session, tabs, region);
    }
    const switchMs = Date.now() - t0;
    log(`leak: ${switches} switches in ${switchMs} ms`);
    const t1 = Date.now();
    for (let k = 0; k < reloads; k++) await reloadAll(tabs);
    const reloadMs = Date.now() - t1;
    log(`leak: ${reloads} reloads in ${reloadMs} ms`);
    await sleep(2500); // toasts (1 s) expire; the last barrier's timers end
    const after = await snapshot(tabs[0], cdp, scripts);
    log(`leak: after: heap ${(after.heapUsed / 1e6).toFixed(2)} MB; waiting ${QUIET_S} s for Streams' bounded timers (10 s, 30 s) …`);
    await sleep(QUIET_S * 1000);
    const quiet = await snapshot(tabs[0], cdp, scripts);
    // What Streams' own log rotation frees after two 30-minute windows, done now for the measure
    // (bench instrumentation only; the element never touches Streams' logs).
    await tabs[0].evaluate(() => {
      const l = window.connect.getLog();
      l._rolledLogs = [];
      l._logs = [];
      l._serverBoundInternalLogs = [];
      l._startLogIndexToPush = 0;
    });
    const rolled = await snapshot(tabs[0], cdp, scripts);
    const stale = (await countOf(tabs[0], 'rac-stale')) - staleBefore;
    const reloadsSeen = await countOf(tabs[0], 'rac-tabs-reload', (d) => d.stage === 'requested');
    const iframesAll = await Promise.all(tabs.map((p) => inElement(p, (e) => e.shadowRoot.querySelectorAll('iframe').length)));
    const errors = tabs.flatMap((p) => p.__errors);
    await context.close();
    return { before, after, quiet, rolled, switches, reloads, tabs: n, switchMs, reloadMs, stale, reloadsSeen, iframesAll, errors, version: stack.browser.version() };
  } finally {
    await stack.close();
  }
}

const mb = (b) => `${(b / 1e6).toFixed(2)} MB`;
const by = (o) => Object.entries(o).sort().map(([k, v]) => `${k} ${v}`).join(', ') || '–';

export function leakTable(r) {
  const { before: b, after: a, quiet: q } = r;
  const d = a.heapUsed - b.heapUsed;
  const dq = q.heapUsed - b.heapUsed;
  const sg = (x) => `${x >= 0 ? '+' : ''}${x}`;
  return [
    `| first tab (of ${r.tabs}) | before | right after ${r.switches} switches + ${r.reloads} reloads | ${QUIET_S} s later | change (later − before) | target |`,
    '|---|---:|---:|---:|---:|---|',
    `| CCP iframes in the element | ${b.ccpIframes} | ${a.ccpIframes} | ${q.ccpIframes} | ${sg(q.ccpIframes - b.ccpIframes)} | 2 (one set, GR) |`,
    `| iframes in the document (light DOM) | ${b.documentIframes} | ${a.documentIframes} | ${q.documentIframes} | ${sg(q.documentIframes - b.documentIframes)} | 0 |`,
    `| listeners on window | ${b.windowListeners} | ${a.windowListeners} | ${q.windowListeners} | ${sg(q.windowListeners - b.windowListeners)} | no growth |`,
    `| pending timers (setTimeout + setInterval) | ${b.timers.total} | ${a.timers.total} | ${q.timers.total} | ${sg(q.timers.total - b.timers.total)} | no growth |`,
    `| JS heap used after GC (Runtime.getHeapUsage) | ${mb(b.heapUsed)} | ${mb(a.heapUsed)} (${d >= 0 ? '+' : ''}${(d / 1e6).toFixed(2)}) | ${mb(q.heapUsed)} | ${dq >= 0 ? '+' : ''}${(dq / 1e6).toFixed(2)} MB | < 1 MB |`,
    `| Streams' in-memory log lines (its own 30-min rotation) | ${b.streamsLogLines} | ${a.streamsLogLines} | ${q.streamsLogLines} | ${sg(q.streamsLogLines - b.streamsLogLines)} | – |`,
    `| JS heap after GC, Streams' log buffer rotated out (as after 2 × 30 min) | ${mb(b.heapUsed)} | – | ${mb(r.rolled.heapUsed)} | ${(r.rolled.heapUsed - b.heapUsed >= 0 ? '+' : '') + ((r.rolled.heapUsed - b.heapUsed) / 1e6).toFixed(2)} MB | < 1 MB |`,
    `| DOM nodes / documents / frames (Performance.getMetrics) | ${b.nodes} / ${b.documents} / ${b.frames} | ${a.nodes} / ${a.documents} / ${a.frames} | ${q.nodes} / ${q.documents} / ${q.frames} | ${sg(q.nodes - b.nodes)} / ${sg(q.documents - b.documents)} / ${sg(q.frames - b.frames)} | – |`,
    `| JS event listeners, whole page (Performance.getMetrics) | ${b.jsListeners} | ${a.jsListeners} | ${q.jsListeners} | ${sg(q.jsListeners - b.jsListeners)} | – |`,
  ].join('\n');
}

export function leakDetails(r) {
  const { before: b, after: a, quiet: q } = r;
  return [
    `- window listeners by origin:type, before: ${by(b.windowListenersBy)}; right after: ${by(a.windowListenersBy)}; later: ${by(q.windowListenersBy)}`,
    `- pending timers by origin, before: ${by(b.timers.by)}; right after: ${by(a.timers.by)}; later: ${by(q.timers.by)}`,
    `- pending timers right after the run, by creation site: ${Object.entries(a.timers.where).sort((x, y) => y[1] - x[1]).slice(0, 6).map(([k, v]) => `${v}× ${k}`).join('; ')}`,
    `- CCP iframes in every tab after the run: ${r.iframesAll.join(', ')}`,
    `- ${r.switches} switches took ${(r.switchMs / 1000).toFixed(1)} s, ${r.reloads} reloads ${(r.reloadMs / 1000).toFixed(1)} s; watchdog (rac-stale) reloads during the switches: ${r.stale}; coordinated reloads seen by the first tab in all: ${r.reloadsSeen}`,
    `- page errors: ${r.errors.length ? r.errors.slice(0, 3).join(' | ') : 'none'}`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await measureLeak();
  const table = leakTable(r);
  const details = leakDetails(r);
  console.log(`${table}\n\n${details}`);
  const growth = r.quiet.heapUsed - r.before.heapUsed;
  const growthNow = r.after.heapUsed - r.before.heapUsed;
  const verdict = [
    `Heap growth ${QUIET_S} s after the run: ${(growth / 1e6).toFixed(2)} MB (${growth < 1e6 ? 'under' : 'OVER'} the 1 MB target); right after the run: ${(growthNow / 1e6).toFixed(2)} MB (${growthNow < 1e6 ? 'under' : 'over'} it).`,
    `With Streams' log buffer rotated out (what its own 30-minute rotation frees): ${((r.rolled.heapUsed - r.before.heapUsed) / 1e6).toFixed(2)} MB (${r.rolled.heapUsed - r.before.heapUsed < 1e6 ? 'under' : 'OVER'} the target).`,
    r.quiet.ccpIframes === 2 && r.iframesAll.every((x) => x === 2) ? 'One CCP (2 iframes) per tab.' : 'CCP iframes accumulate.',
    r.quiet.windowListeners <= r.before.windowListeners ? 'No window listener growth.' : `Window listeners grew by ${r.quiet.windowListeners - r.before.windowListeners}.`,
    r.quiet.timers.total <= r.before.timers.total ? 'No lasting timer growth.' : `Pending timers grew by ${r.quiet.timers.total - r.before.timers.total}.`,
  ].join(' ');
  console.log(`\n${verdict}`);
  if (!process.argv.includes('--no-write')) {
    writeSection(path.join(ROOT, 'docs/benchmarks.md'), 'leak', [
      '## Leak check',
      '',
      `${new Date().toISOString().slice(0, 10)} · ${machine()} · Chromium ${r.version} (headless) · \`node bench/leak.mjs\``,
      '',
      `${r.tabs} tabs of \`test/e2e/fixtures/tab.html?build=npm\` on one simulator session (\`stale-after="3"\`, \`reload-jitter="0"\`, \`toast-timeout="1"\`). After a warm-up (one switch there and back, one reload), the first tab is measured, then ${r.switches} region switches (each until every tab announced it) and ${r.reloads} coordinated reloads (\`reloadAllTabs()\` in the first tab, each until every tab is ready again) run, and it is measured again 2.5 s after the run and ${QUIET_S} s later (Streams' own 10 s and 30 s start-up timers, which hold the removed CCP iframes until they fire, have run out by then). Heap after three \`HeapProfiler.collectGarbage\`; listeners from \`DOMDebugger.getEventListeners(window)\`, attributed by script URL (\`/dist/\` = the element); timers from an init script that wraps \`setTimeout\`/\`setInterval\` and their clear functions, attributed by creation stack.`,
      '',
      table,
      '',
      details,
      '',
      verdict,
    ].join('\n'));
  }
}
