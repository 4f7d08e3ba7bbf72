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
    // A little longer: nothing reloads a second time.
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(loads, [1, 1]);
    for (const p of tabs) {
      assert.equal((await events(p, 'rac-ready')).length, 1, 'one start in the reloaded page');
      assert.deepEqual(p.__errors, []);
    }
    assert.equal((await session.state()).activeRegion, 'us-west-2');
  } finally {
    await context.close();
  }
});
