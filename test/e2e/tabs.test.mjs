// Several real tabs (pages of ONE browser context, so BroadcastChannel and Web Locks connect them)
// of the fixture page, each hosting <region-aware-ccp> with the real amazon-connect-streams, on the
// CCP simulator. What an agent with several CCP tabs would notice during a Global Resiliency switch
// (seed F1, F4, F7). Needs `npm run build` (dist/region-aware-ccp.bundled.js).
//
//   node --test test/e2e/tabs.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openTab, events, until, lastReadyRegion, tabsSuite } from './fixtures/tabs.mjs';

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

test('a tab frozen mid-reload (after it answered the request) does not block the others: they converge after the ack deadline', async () => {
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
    // The frozen tab keeps its CCP iframes, so the stalled shared worker lives on: the others come
    // back (in the old region: nothing can kill a worker another tab holds), but they come back.
    await allBackIn(rest, OLD);
    await allReached(rest, 'done');
    await settle();
    await assertEachReinitialisedOnceIn(rest, OLD);
    const done = (await events(tabs[0], 'rac-tabs-reload', (d) => d.stage === 'done')).at(-1);
    assert.ok(done, 'the reload finished without the frozen tab');
  } finally {
    await cdp.send('Page.setWebLifecycleState', { state: 'active' }).catch(() => {});
    await cdp.send('Debugger.resume').catch(() => {});
  }
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
