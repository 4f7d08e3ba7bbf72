// Idle traffic of <region-aware-ccp>: with 3 tabs open and nothing happening, how many
// BroadcastChannel messages do the tabs send and how many timers does the element's own code
// start over 60 s? Target: 0 and 0. Streams' own keepalive timers are not the element's.
//
// The tabs load the unbundled npm build (dist/index.js, lit and Streams from /node_modules through
// an import map), so a timer's creation stack tells the element's code (/dist/…) apart from
// Streams' and lit's. An init script wraps setTimeout, setInterval, requestAnimationFrame and
// BroadcastChannel.prototype.postMessage in every page before any of its scripts run.
//
//   node bench/idle.mjs [--seconds 60] [--tabs 3] [--no-write]
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { startStack, ROOT } from '../test/e2e/stack.mjs';
import { agentTabs } from '../test/e2e/fixtures/tabs.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const SECONDS = arg('seconds', 60);
const TABS = arg('tabs', 3);

function instrument() {
  const counts = { bc: 0, bcByName: {}, ours: [], streams: 0, other: 0 };
  window.__idle = { counts, reset() { counts.bc = 0; counts.bcByName = {}; counts.ours = []; counts.streams = 0; counts.other = 0; } };
  const classify = (kind, ms) => {
    const stack = new Error().stack ?? '';
    const frames = stack.split('\n').slice(2);
    if (frames.some((f) => f.includes('/dist/'))) counts.ours.push({ kind, ms, at: Date.now(), stack: frames.slice(0, 4).join(' | ') });
    else if (frames.some((f) => f.includes('connect-streams'))) counts.streams++;
    else counts.other++;
  };
  const wrap = (name) => {
    const orig = window[name];
    window[name] = function (fn, ms, ...rest) {
      classify(name, ms);
      return orig.call(this, fn, ms, ...rest);
    };
  };
  wrap('setTimeout');
  wrap('setInterval');
  wrap('requestAnimationFrame');
  const post = BroadcastChannel.prototype.postMessage;
  BroadcastChannel.prototype.postMessage = function (data) {
    counts.bc++;
    counts.bcByName[this.name] = (counts.bcByName[this.name] ?? 0) + 1;
    return post.call(this, data);
  };
}

export async function measureIdle({ seconds = SECONDS, tabs: n = TABS, log = console.log } = {}) {
  if (!existsSync(path.join(ROOT, 'dist/index.js'))) throw new Error('dist/index.js is missing: run `npm run build` first.');
  const stack = await startStack();
  try {
    const { context, tabs: pages } = await agentTabs(stack, n, { build: 'npm', 'reload-jitter': 0 }, { contextInit: instrument });
    const version = stack.browser.version();
    // Start-up (the join window, the first hello, Streams' handshake) is not idle: let it finish.
    await new Promise((r) => setTimeout(r, 3000));
    // What the instrumentation saw during start-up: proves it does see the element's messages and timers.
    const startup = await Promise.all(pages.map((p) => p.evaluate(() => JSON.parse(JSON.stringify(window.__idle.counts)))));
    for (const p of pages) await p.evaluate(() => window.__idle.reset());
    log(`idle: ${n} tabs ready; measuring ${seconds} s …`);
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const per = await Promise.all(pages.map((p) => p.evaluate(() => JSON.parse(JSON.stringify(window.__idle.counts)))));
    const errors = pages.flatMap((p) => p.__errors);
    await context.close();
    const sum = (f) => per.reduce((a, c) => a + f(c), 0);
    return {
      seconds,
      tabs: n,
      version,
      messages: sum((c) => c.bc),
      ourTimers: sum((c) => c.ours.length),
      streamsTimers: sum((c) => c.streams),
      otherTimers: sum((c) => c.other),
      samples: per.flatMap((c) => c.ours).slice(0, 5),
      startupMessages: startup.reduce((a, c) => a + c.bc, 0),
      startupOurTimers: startup.reduce((a, c) => a + c.ours.length, 0),
      errors,
    };
  } finally {
    await stack.close();
  }
}

export function idleTable(r) {
  return [
    `| ${r.tabs} idle tabs, ${r.seconds} s | count | target |`,
    '|---|---:|---:|',
    `| BroadcastChannel messages sent (all tabs) | ${r.messages} | 0 |`,
    `| timers started by the element's code (stack in /dist/) | ${r.ourTimers} | 0 |`,
    `| timers started by Streams (not ours, for context) | ${r.streamsTimers} | – |`,
    `| other timers in the host pages (not ours) | ${r.otherTimers} | – |`,
    `| for comparison, during start-up: messages / element timers | ${r.startupMessages} / ${r.startupOurTimers} | – |`,
  ].join('\n');
}

export function writeSection(file, name, body) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  let doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n\nWritten by `npm run bench` (bench/run.mjs); each section by its own script.\n';
  const block = `${start}\n${body.trim()}\n${end}`;
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  doc = i >= 0 && j > i ? doc.slice(0, i) + block + doc.slice(j + end.length) : `${doc.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, doc);
}

export const machine = () => `${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${os.platform()} ${os.release()}, Node ${process.version}`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await measureIdle();
  const table = idleTable(r);
  console.log(table);
  if (r.samples.length) console.log('\nfirst timers of the element:', r.samples);
  if (r.errors.length) console.log('\npage errors:', r.errors);
  if (!process.argv.includes('--no-write')) {
    writeSection(path.join(ROOT, 'docs/benchmarks.md'), 'idle', [
      '## Idle traffic',
      '',
      `${new Date().toISOString().slice(0, 10)} · ${machine()} · Chromium ${r.version} (headless) · \`node bench/idle.mjs\``,
      '',
      `${r.tabs} tabs of \`test/e2e/fixtures/tab.html?build=npm\` on one simulator session, all ready, left alone for ${r.seconds} s after a 3 s settle. An init script wraps \`BroadcastChannel.prototype.postMessage\`, \`setTimeout\`, \`setInterval\` and \`requestAnimationFrame\` in every page; a timer is the element's when its creation stack has a frame in \`/dist/\` (the unbundled npm build; lit and Streams load from \`/node_modules\`).`,
      '',
      table,
      '',
      r.samples.length ? `Element timers seen (first ${r.samples.length}):\n\n${r.samples.map((s) => `- ${s.kind}(${s.ms}) ← ${s.stack}`).join('\n')}` : '',
    ].join('\n'));
  }
}
