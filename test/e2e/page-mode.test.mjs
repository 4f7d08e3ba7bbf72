// reload-mode="page": the same coordinated barrier, but each tab reloads its whole page once.
//   node --test test/e2e/page-mode.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from './stack.mjs';
import { tabUrl, openTab, events, until, lastReadyRegion } from './fixtures/tabs.mjs';

let stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack?.close();
});

test('page mode: after a silent switch, "refresh in all tabs" reloads every page once, all in the new region', async () => {
  const session = await stack.simulator.createSession();
  const context = await stack.browser.newContext();
  try {
    const url = tabUrl(stack.web.url, session, { 'reload-mode': 'page', 'reload-jitter': 0 });
    const tabs = [await openTab(context, url), await openTab(context, url)];
    const loads = tabs.map(() => 0);
    tabs.forEach((p, i) => p.on('load', () => loads[i]++));
    await session.traffic('us-west-2', { stall: true }); // the open CCPs never hear of it
    await tabs[0].evaluate(() => document.getElementById('ccp').reloadAllTabs('agent'));
    for (const p of tabs) {
      await until(async () => (await lastReadyRegion(p)) === 'us-west-2', { message: 'tab ready in us-west-2 after its reload' });
    }
    // The leader (the first tab) reloads its own page last, once the others are back, and finishes the
    // barrier first: the other reloaded pages hear `done` (the leader's page heard it before it reloaded).
    for (const p of tabs.slice(1)) {
      await until(async () => (await events(p, 'rac-tabs-reload')).some((e) => e.detail.stage === 'done'), { message: 'the barrier done in every reloaded tab' });
    }
    // A little longer: nothing reloads a second time.
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(loads, [1, 1]);
    for (const p of tabs) {
      assert.equal((await events(p, 'rac-ready')).length, 1, 'one start in the reloaded page');
      // The reloaded page goes on from where the old one was: it tells the agent about the move.
      assert.deepEqual((await events(p, 'rac-switched')).map((e) => e.detail.to), ['us-west-2'], 'the move is announced after the reload');
      assert.deepEqual(p.__errors, []);
    }
    assert.equal((await session.state()).activeRegion, 'us-west-2');
  } finally {
    await context.close();
  }
});

test('page mode: a duplicated tab (sessionStorage copied) gets its own tab id', async () => {
  const session = await stack.simulator.createSession();
  const context = await stack.browser.newContext();
  try {
    const url = tabUrl(stack.web.url, session, { 'reload-mode': 'page', 'reload-jitter': 0 });
    const first = await openTab(context, url);
    const copied = await first.evaluate(() => JSON.stringify(Object.entries(sessionStorage)));
    // What "duplicate tab" does: a new page that starts with a copy of this one's sessionStorage.
    await openTab(context, url, {
      init: { fn: (entries) => JSON.parse(entries).forEach(([k, v]) => sessionStorage.setItem(k, v)), arg: copied },
    });
    // Each tab holds a lock named after its id while it lives: two tabs, two ids.
    const held = await until(async () => {
      const names = await first.evaluate(async () => ((await navigator.locks.query()).held ?? []).map((l) => l.name));
      const tabLocks = names.filter((n) => /\/tab\//.test(n));
      return tabLocks.length === 2 && tabLocks;
    }, { message: 'two tab locks held', timeoutMs: 5000 });
    assert.notEqual(held[0], held[1]);
  } finally {
    await context.close();
  }
});
