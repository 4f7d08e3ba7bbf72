// Several real tabs (pages of ONE browser context, so BroadcastChannel and Web Locks connect them)
// of the fixture page, each hosting <region-aware-ccp> with the real amazon-connect-streams, on the
// CCP simulator. What an agent with several CCP tabs would notice during a Global Resiliency switch
// (seed F1, F4, F7). Needs `npm run build` (dist/region-aware-ccp.bundled.js).
//
//   node --test test/e2e/tabs.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openTab, events, until, lastReadyRegion, tabsSuite } from './fixtures/tabs.mjs';
import { needsCdp } from './stack.mjs';

const OLD = 'us-east-1';
const NEW = 'us-west-2';
// Short, configured timeouts: no jitter before a coordinated reload.
const ATTRS = { 'reload-jitter': 0, 'stale-after': 5, 'toast-timeout': 0 };

const suite = tabsSuite(ATTRS);

const agentWithTabs = (...args) => suite.agentWithTabs(...args);

const el = (page, fn, arg) => page.evaluate(([src, a]) => new Function('el', 'arg', `return (${src})(el, arg)`)(document.getElementById('ccp'), a), [String(fn), arg]);
/** The agent presses "refresh CCP in all tabs" in this tab. */
const refreshAllTabs = (page) => el(page, (e) => e.reloadAllTabs('agent'));
const stages = async (page) => (await events(page, 'rac-tabs-reload')).map((e) => e.detail.stage);
const count = (xs, x) => xs.filter((y) => y === x).length;
const ccpIframes = (page) => el(page, (e) => e.shadowRoot.querySelectorAll('iframe').length);
const readyRegions = async (page) => (await events(page, 'rac-ready')).map((e) => e.detail.region);

/** Every tab reached stage `stage` of a coordinated reload (in its own events). */
const allReached = (tabs, stage, timeoutMs = 15000) =>
  until(async () => (await Promise.all(tabs.map(stages))).every((s) => s.includes(stage)), { timeoutMs, message: `every tab at stage ${stage}` });

/** What each tab went through: its rac-* events in short (for failure messages). */
const story = (tabs) =>
  Promise.all(
    tabs.map(async (p, i) => `tab ${i}: ${(await events(p).catch(() => [])).map((e) => `${e.type.slice(4)}(${e.detail?.stage ?? e.detail?.region ?? e.detail?.code ?? ''}${e.detail?.epoch ? `#${e.detail.epoch}` : ''})`).join(' ')}`),
  ).then((lines) => lines.join('\n'));

/** Every tab re-initialised and is ready again in `region`. */
async function allBackIn(tabs, region, timeoutMs = 15000) {
  try {
    await until(
      async () => {
        const r = await Promise.all(tabs.map(async (p) => ({ reinit: count(await stages(p), 'reinit'), region: await lastReadyRegion(p) })));
        return r.every((x) => x.reinit >= 1 && x.region === region);
      },
      { timeoutMs, message: `every tab ready again in ${region}` },
    );
  } catch (e) {
    e.message += `\n${await story(tabs)}`;
    throw e;
  }
}

/** Lets a little time pass, to see that nothing more happens (a second reinit, a second request). */
const settle = (ms = 1000) => new Promise((r) => setTimeout(r, ms));

async function assertEachReinitialisedOnceIn(tabs, region) {
  for (const [i, p] of tabs.entries()) {
    const s = await stages(p);
    assert.equal(count(s, 'reinit'), 1, `tab ${i}: exactly one reinit (stages: ${s.join(', ')})`);
    assert.equal(count(s, 'teardown'), 1, `tab ${i}: exactly one teardown`);
    const regions = await readyRegions(p);
    assert.equal(regions.length, 2, `tab ${i}: ready once at start and once after the reload (got ${regions.join(', ')})`);
    assert.equal(regions.at(-1), region, `tab ${i}: back in ${region}`);
    assert.equal(await ccpIframes(p) > 0, true, `tab ${i}: has its CCP again`);
    assert.deepEqual(p.__errors, [], `tab ${i}: no page errors`);
  }
}

test('a stale switch: one "refresh in all tabs" brings every tab back in the new region once, the host page untouched', async () => {
  const { session, tabs } = await agentWithTabs(3);
  for (const [i, p] of tabs.entries()) {
    await p.fill('#note', `notes typed in tab ${i}`);
    await p.fill('#case', `CASE-${i}`);
  }
  // The service moves the agent, but the running CCP shared workers never hear of it.
  await session.traffic(NEW, { stall: true, detectionDelayMs: 0 });
  await refreshAllTabs(tabs[1]);
  await allBackIn(tabs, NEW);
  await allReached(tabs, 'done');
  await settle();
  await assertEachReinitialisedOnceIn(tabs, NEW);
  for (const [i, p] of tabs.entries()) {
    assert.equal(await p.inputValue('#note'), `notes typed in tab ${i}`, `tab ${i}: unsaved notes kept`);
    assert.equal(await p.inputValue('#case'), `CASE-${i}`);
    assert.equal((await events(p, 'rac-switched')).at(-1)?.detail.to, NEW, `tab ${i}: told it now works in ${NEW}`);
  }
  const state = await session.state();
  assert.equal(state.workers[OLD] + state.workers[NEW] > 0, true);
  assert.equal(state.stalledWorkers[OLD] + state.stalledWorkers[NEW], 0, 'the stalled shared workers died');
});

test('a live voice call: nothing tears down in any tab until the call ends, then every tab reloads once', async () => {
  const { session, tabs } = await agentWithTabs(3);
  const call = await session.addContact('voice');
  await session.traffic(NEW, { detectionDelayMs: 0 });
  await until(async () => (await Promise.all(tabs.map((p) => events(p, 'rac-switch-pending')))).every((x) => x.length), { message: 'switch pending in every tab' });
  await refreshAllTabs(tabs[2]);
  await allReached(tabs, 'waiting-for-call');
  await settle(1500);
  for (const [i, p] of tabs.entries()) {
    const s = await stages(p);
    assert.equal(s.includes('teardown'), false, `tab ${i}: no teardown during the call (stages: ${s.join(', ')})`);
    assert.equal(await ccpIframes(p) > 0, true, `tab ${i}: the CCP is still there`);
    assert.equal(await lastReadyRegion(p), OLD);
    assert.equal((await readyRegions(p)).length, 1, `tab ${i}: not re-initialised`);
  }
  assert.equal((await session.state()).activeRegion, OLD, 'the service waits for the call too');
  await session.endContact(call);
  await allBackIn(tabs, NEW);
  await allReached(tabs, 'done');
  await settle();
  await assertEachReinitialisedOnceIn(tabs, NEW);
});

/** Holds a coordinated reload at stage waiting-for-call (a live voice call) while something happens to a tab. */
async function reloadHeldByACall(session, tabs) {
  const call = await session.addContact('voice');
  await session.traffic(NEW, { detectionDelayMs: 0 });
  await until(async () => (await Promise.all(tabs.map((p) => events(p, 'rac-switch-pending')))).every((x) => x.length), { message: 'switch pending in every tab' });
  await refreshAllTabs(tabs[0]);
  await allReached(tabs, 'waiting-for-call');
  return call;
}

test('a tab closed mid-reload does not block the others', async () => {
  const { session, tabs } = await agentWithTabs(4);
  const call = await reloadHeldByACall(session, tabs);
  await tabs[2].close();
  const rest = tabs.filter((_, i) => i !== 2);
  await session.endContact(call);
  await allBackIn(rest, NEW);
  await allReached(rest, 'done');
  await settle();
  await assertEachReinitialisedOnceIn(rest, NEW);
});

test('a tab frozen mid-reload keeps the old shared worker: the others wait torn down, naming it, and when it wakes every tab comes back in the new region once', { skip: needsCdp }, async () => {
  const channel = `e2e-frozen-${Date.now()}`;
  const { session, tabs } = await agentWithTabs(4, { channel });
  const frozen = tabs[3];
  const rest = tabs.slice(0, 3);
  // The tab stops running right after its element answered the reload request, so it is counted
  // in the barrier but never acknowledges the teardown. Page.setWebLifecycleState {frozen} is sent
  // too, but headless Chromium 156 ignores it for a visible page (timers keep running, no `freeze`
  // event), so the tab's main thread is stopped with the debugger, which is what a freeze does.
  const cdp = await suite.context.newCDPSession(frozen);
  await cdp.send('Debugger.enable');
  const paused = new Promise((r) => cdp.once('Debugger.paused', r));
  await frozen.evaluate((name) => {
    new BroadcastChannel(name).onmessage = (ev) => {
      if (ev.data?.t === 'req') debugger;
    };
  }, channel);
  await session.traffic(NEW, { stall: true, detectionDelayMs: 0 });
  await refreshAllTabs(tabs[0]);
  await paused;
  await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
  try {
    // Its CCP keeps the stalled shared worker alive: re-initialising now would attach the others
    // to it again. They wait, torn down, and say which tab blocks (its title).
    await allReached(rest, 'blocked', 10000);
    for (const [i, p] of rest.entries()) {
      assert.equal(await ccpIframes(p), 0, `tab ${i}: torn down while it waits`);
      const toast = await el(p, (e) => [...e.shadowRoot.querySelectorAll('[part="toast"]')].map((t) => t.textContent).join(' | '));
      assert.match(toast, /region-aware-ccp: one tab/, `tab ${i}: names the sleeping tab (${toast})`);
    }
  } finally {
    await cdp.send('Page.setWebLifecycleState', { state: 'active' }).catch(() => {});
    await cdp.send('Debugger.resume').catch(() => {});
  }
  // It wakes (a frozen page gets `resume`; headless Chromium sends none, so the test does): the
  // barrier's messages did not reach it while it slept, so it says hello, hears the leader's stage,
  // tears down, the old worker dies, and every tab comes back in the new region, without a second
  // reload of the others.
  await frozen.evaluate(() => document.dispatchEvent(new Event('resume')));
  await allBackIn(tabs, NEW);
  await allReached(rest, 'done');
  await settle();
  await assertEachReinitialisedOnceIn(rest, NEW);
  // The sleeper joined at stage `blocked` (it never heard `teardown`): one reinit, into the new worker.
  const s = await stages(frozen);
  assert.deepEqual(s.slice(-4), ['blocked', 'reinit', 'ready', 'done'], `the woken tab's stages: ${s.join(', ')}`);
  assert.deepEqual(await readyRegions(frozen), [OLD, NEW]);
  assert.equal(await ccpIframes(frozen) > 0, true);
});

test('a tab opened mid-reload joins it and ends up in the new region with the others', async () => {
  const { session, url, tabs } = await agentWithTabs(3);
  const call = await reloadHeldByACall(session, tabs);
  const late = await openTab(suite.context, url);
  const all = [...tabs, late];
  await session.endContact(call);
  await allBackIn(all, NEW);
  await allReached(tabs, 'done');
  await settle();
  await assertEachReinitialisedOnceIn(all, NEW);
});

test('auto-available in 3 tabs: exactly one setState(Available) in the new region, every tab says so', async () => {
  const { session, tabs } = await agentWithTabs(3, { 'auto-available': true });
  await session.traffic(NEW, { detectionDelayMs: 0 });
  await until(async () => (await Promise.all(tabs.map((p) => events(p, 'rac-agent-available')))).every((x) => x.length), {
    message: 'rac-agent-available in every tab',
  }).catch(async (e) => {
    const puts = (await session.requests({ method: 'putAgentState' })).map((r) => `${r.region}:${r.ok}`);
    e.message += `\nputAgentState requests: ${puts.join(', ') || 'none'}\n${await story(tabs)}`;
    throw e;
  });
  await settle(1500);
  const available = await session.requests((r) => r.method === 'putAgentState' && /agent-state/.test(r.params?.state?.agentStateARN ?? '') && r.params?.state?.type === 'routable');
  assert.equal(available.length, 1, `one setState(Available), got ${available.length}: ${JSON.stringify(available.map((r) => r.region))}`);
  assert.equal(available[0].region, NEW);
  assert.equal(available[0].ok, true);
  const st = await session.state();
  assert.equal(st.agent[NEW].state.name, 'Available');
  // The Offline time comes from the server's timestamps: exact in a tab that saw the Offline (the one
  // that sent the request did), else measured from the move's detection, never more.
  const offlineMs = new Date(st.agent[NEW].since).getTime() - st.switches[0].initiatedAt;
  const details = [];
  for (const [i, p] of tabs.entries()) {
    const a = (await events(p, 'rac-agent-available')).map((e) => e.detail);
    assert.deepEqual(a.map((d) => ({ region: d.region, automatic: d.automatic })), [{ region: NEW, automatic: true }], `tab ${i}`);
    details.push(a[0].offlineMs);
  }
  assert.ok(details.includes(offlineMs), `a tab reports ${offlineMs} ms Offline: ${details.join(', ')}`);
  assert.ok(details.every((ms) => ms >= 0 && ms <= offlineMs + 2000), `Offline times ${details.join(', ')}`);
});

/** The toasts a tab shows: kind and text. */
const toasts = (page) =>
  el(page, (e) => [...e.shadowRoot.querySelectorAll('[part="toast"]')].map((t) => ({ kind: t.dataset.kind, text: t.querySelector('.message').textContent.trim() })));

test('auto-available that gives up in 3 tabs: every tab says it is trying while the one request is retried, then every tab says it gave up', async () => {
  const { session, tabs } = await agentWithTabs(3, { 'auto-available': true });
  for (const p of tabs) await el(p, (e) => (e.retryPolicy = { maxAttempts: 3, baseDelayMs: 400, maxDelayMs: 800, firstSpreadMs: 0 }));
  await session.setAgentState('Available');
  await settle(300); // the Available snapshot reaches every tab: the agent was routable before the move
  await session.faults({ setStateFailures: 10 });
  await session.traffic(NEW, { detectionDelayMs: 0 });
  // While the retries run, every tab (not only the one sending them) says Offline and trying.
  await until(async () => (await Promise.all(tabs.map(toasts))).every((ts) => ts.some((t) => t.kind === 'status' && /Offline in us-west-2\. Setting you Available/.test(t.text))), {
    message: 'the "trying" toast in every tab',
  }).catch(async (e) => {
    e.message += `\n${JSON.stringify(await Promise.all(tabs.map(toasts)))}\n${await story(tabs)}`;
    throw e;
  });
  await until(async () => (await Promise.all(tabs.map((p) => events(p, 'rac-auto-available-failed')))).every((x) => x.length), {
    message: 'rac-auto-available-failed in every tab',
  });
  await settle(1000);
  const sets = await session.requests((r) => r.method === 'putAgentState' && r.region === NEW);
  assert.equal(sets.length, 3, 'one tab sent the request, retried to maxAttempts');
  for (const [i, p] of tabs.entries()) {
    const failed = await events(p, 'rac-auto-available-failed');
    assert.equal(failed.length, 1, `tab ${i}: told once`);
    assert.equal(failed[0].detail.attempts, 3, `tab ${i}`);
    const ts = await toasts(p);
    assert.ok(ts.some((t) => t.kind === 'error' && /\(3 tries\)/.test(t.text)), `tab ${i}: the failure toast (${JSON.stringify(ts)})`);
    assert.ok(!ts.some((t) => /Setting you Available/.test(t.text)), `tab ${i}: no "trying" toast left`);
  }
});

test('a silent de-sync with one tab busy when the request arrives: every tab still comes back in the new region, once', async () => {
  // The last tab's main thread is busy for a second when the reload request reaches it (a long
  // task of the host page): a listener on the tabs' channel, registered before the element's.
  const channel = `e2e-desync-${Date.now()}`;
  const busyOnRequest = {
    fn: (name) => {
      new BroadcastChannel(name).onmessage = (ev) => {
        if (ev.data?.t !== 'req') return;
        const end = performance.now() + 1000;
        while (performance.now() < end);
      };
    },
    arg: channel,
  };
  const { session, tabs } = await agentWithTabs(3, { channel }, (i) => (i === 2 ? busyOnRequest : undefined));
  await session.traffic(NEW, { stall: true, detectionDelayMs: 0 });
  await refreshAllTabs(tabs[0]);
  await allBackIn(tabs, NEW, 15000);
  await settle();
  await assertEachReinitialisedOnceIn(tabs, NEW);
});

test('a newer version in another tab: "Reload this tab" reloads it, but never during a voice call', async () => {
  const channel = `rac-newer-${Date.now()}`;
  const { session, tabs: [tab] } = await agentWithTabs(1, { channel });
  let loads = 0;
  tab.on('load', () => loads++);
  const call = await session.addContact('voice');
  await until(() => tab.evaluate(() => {
    try {
      return new window.connect.Agent().getContacts().some((c) => c.getStatus().type === 'connected');
    } catch {
      return false;
    }
  }), { message: 'the call in Streams' });
  await refreshAllTabs(tab);
  await allReached([tab], 'waiting-for-call'); // the tab set knows of the call too
  // A tab of a newer version says hello (a deploy happened).
  await tab.evaluate((ch) => {
    const c = new BroadcastChannel(ch);
    c.postMessage({ ns: 'rac', v: 99, t: 'hello', from: 'newer-tab' });
    c.close();
  }, channel);
  const button = tab.locator('[part="toast-action"][data-action="reload-tab"]');
  assert.equal((await button.textContent()).trim(), 'Reload this tab');
  await button.click();
  await settle(1000);
  assert.equal(loads, 0, 'no reload during the call');
  assert.match(await tab.locator('[part="toast"][data-kind="refresh-needed"] .message').textContent(), /Do it after the call/);
  await session.endContact(call);
  await allReached([tab], 'done');
  await button.click();
  await until(() => loads === 1, { message: 'the tab reloaded' });
  assert.deepEqual(tab.__errors, []);
});
