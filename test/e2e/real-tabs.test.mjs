// The coordinated reload in real background tabs: Chromium headed under Xvfb, the tabs opened by
// Chromium's command line in one window (tab 1 visible, the others hidden and throttled, which
// each test checks first), no automation attached to them (test/e2e/real-tabs.mjs). Needs
// `npm run build` (dist/index.js) and Xvfb.
//
//   node --test test/e2e/real-tabs.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './stack.mjs';
import { startRealTabs, until } from './real-tabs.mjs';

const NEW = 'us-west-2';
const ATTRS = { 'reload-jitter': 0, 'toast-timeout': 0 };

let env;
before(async () => {
  if (!existsSync(path.join(ROOT, 'dist/index.js'))) throw new Error('dist/index.js is missing: run `npm run build` first.');
  env = await startRealTabs();
});
after(async () => {
  await env?.close();
});

/** The hidden tabs really are hidden and throttled (else this would test something else). */
function assertRealBackgroundTabs(tabs) {
  const [first, ...rest] = tabs.visibility;
  assert.equal(first[0], 'visible', 'tab 1 is the visible one');
  for (const [i, [visibility, ms]] of rest.entries()) {
    assert.equal(visibility, 'hidden', `tab ${i + 2} is hidden`);
    assert.ok(ms >= 500, `tab ${i + 2} is throttled: a 100 ms timer fired after ${ms} ms`);
  }
}

const stagesOf = (tabs, tab) => tabs.events('rac-tabs-reload', (d, r) => r.tab === tab).map((r) => r.detail.stage);
const count = (xs, x) => xs.filter((y) => y === x).length;

function assertEachReloadedOnceIn(tabs, region) {
  for (let i = 1; i <= tabs.n; i++) {
    const s = stagesOf(tabs, i);
    assert.equal(count(s, 'teardown'), 1, `tab ${i}: one teardown (stages: ${s.join(', ')})`);
    assert.equal(count(s, 'reinit'), 1, `tab ${i}: one reinit`);
    const ready = tabs.events('rac-ready', (d, r) => r.tab === i).map((r) => r.detail.region);
    assert.deepEqual(ready, ['us-east-1', region], `tab ${i}: ready at start and once after the reload`);
  }
}

const allReadyIn = (tabs, region, after = 0) =>
  until(() => Array.from({ length: tabs.n }, (_, i) => tabs.events('rac-ready', (d, r) => r.tab === i + 1 && d.region === region && r.at > after).length).every(Boolean), {
    timeoutMs: 20000,
    message: `every tab ready in ${region}`,
  });

test('5 real tabs, 4 of them hidden: one "refresh in all tabs" in the visible tab brings every tab back in the new region once, with no timer in the way', async () => {
  const tabs = await env.open(5, ATTRS);
  try {
    assertRealBackgroundTabs(tabs);
    await tabs.session.traffic(NEW, { stall: true, detectionDelayMs: 0 });
    tabs.send({ cmd: 'reloadAllTabs', tab: 1, reason: 'agent' });
    const decided = await until(() => tabs.reports().find((r) => r.kind === 'decided'), { message: 'the decision' });
    await allReadyIn(tabs, NEW, decided.at);
    await until(() => Array.from({ length: 5 }, (_, i) => stagesOf(tabs, i + 1).includes('done')).every(Boolean), { message: 'done in every tab' });
    await new Promise((r) => setTimeout(r, 1500)); // nothing more happens
    assertEachReloadedOnceIn(tabs, NEW);
    // Every hidden tab tore down within a fraction of its 1 s timer wake-ups: messages, not timers, drove it.
    const teardowns = tabs.events('rac-tabs-reload', (d) => d.stage === 'teardown').map((r) => r.at - decided.at);
    assert.ok(Math.max(...teardowns) < 500, `every tab tore down within 0.5 s (${teardowns.map(Math.round).join(', ')} ms)`);
    assert.deepEqual(tabs.events('rac-error'), []);
  } finally {
    await tabs.close();
  }
});

test('a live call in real background tabs: nothing tears down until it ends, then every tab reloads once', async () => {
  const tabs = await env.open(3, ATTRS);
  try {
    assertRealBackgroundTabs(tabs);
    const call = await tabs.session.addContact('voice');
    await tabs.session.traffic(NEW, { detectionDelayMs: 0 });
    await until(() => new Set(tabs.events('rac-switch-pending').map((r) => r.tab)).size === 3, { message: 'switch pending in every tab' });
    tabs.send({ cmd: 'reloadAllTabs', tab: 1, reason: 'agent' });
    await until(() => [1, 2, 3].every((t) => stagesOf(tabs, t).includes('waiting-for-call')), { message: 'every tab waits for the call' });
    await new Promise((r) => setTimeout(r, 2000));
    for (const t of [1, 2, 3]) assert.equal(stagesOf(tabs, t).includes('teardown'), false, `tab ${t}: no teardown during the call`);
    const ended = Date.now();
    await tabs.session.endContact(call);
    await allReadyIn(tabs, NEW);
    await new Promise((r) => setTimeout(r, 1500));
    assertEachReloadedOnceIn(tabs, NEW);
    const teardowns = tabs.events('rac-tabs-reload', (d) => d.stage === 'teardown').map((r) => r.at - ended);
    assert.ok(Math.max(...teardowns) < 3000, `torn down soon after the call ended (${teardowns.map(Math.round).join(', ')} ms)`);
  } finally {
    await tabs.close();
  }
});
