// Chaos on the tabs of one agent: real tabs (pages of ONE browser context, so BroadcastChannel and
// Web Locks connect them) of the fixture page, each hosting <region-aware-ccp> with the real
// amazon-connect-streams, on the CCP simulator. Tabs crash in the middle of a reload barrier, open
// and close while it runs, the leader goes away as a switch or a reload starts, the region flips
// A→B→A and 20 times in a row, detection comes late. Each run must end with every tab in the right
// region, re-initialised exactly once per reload (no reload loop, no reload nobody asked for) and
// nothing torn down during a live voice call. Needs `npm run build` (dist/region-aware-ccp.bundled.js).
// Measured figures are printed as test diagnostics (`# …` lines); docs/reliability.md lists them.
//
//   node --test test/e2e/chaos.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openTab, events, tabsSuite } from './fixtures/tabs.mjs';
import { needsCdp } from './stack.mjs';
import {
  inElement,
  channelTrap,
  trap,
  crash,
  leaderIndex,
  tabSummary,
  story,
  untilTabs,
  allIn,
  allSawStage,
  switchSettled,
  sleep,
} from './fixtures/chaos-helpers.mjs';

const OLD = 'us-east-1';
const NEW = 'us-west-2';
// No jitter before a coordinated reload; toasts stay (they are not what is tested here).
const ATTRS = { 'reload-jitter': 0, 'stale-after': 5, 'toast-timeout': 0 };
/** The coordinator's default: tabs whose regions disagree this long trigger a `desync` reload. */
const DESYNC_GRACE_MS = 10000;

const suite = tabsSuite(ATTRS);

/** `n` ready tabs on a fresh session; leadership settles (the first tab's lock) before the chaos starts. */
async function agentWithTabs(n, attrs = {}, init = () => undefined) {
  const r = await suite.agentWithTabs(n, attrs, init);
  await leaderIndex(r.tabs);
  return r;
}

const reloadAll = (page, reason = 'chaos') => inElement(page, (e, r) => e.reloadAllTabs(r), reason);
const switchPendingEverywhere = (tabs) =>
  untilTabs(tabs, async () => (await Promise.all(tabs.map((p) => events(p, 'rac-switch-pending')))).every((x) => x.length), {
    message: 'switch pending in every tab',
  });

/**
 * The common end state: every tab in `region`, `reloads` coordinated reloads each with exactly one
 * teardown and one reinit in this tab, ready once at start plus once per reload, its CCP (2 iframes
 * in GR mode) back, no page error, no rac-error, nothing stale.
 */
async function assertEndState(tabs, region, { reloads, readyRegions, switched, restarted = false }) {
  const why = await story(tabs);
  for (const [i, p] of tabs.entries()) {
    const s = await tabSummary(p);
    const msg = (m) => `tab ${i}: ${m}\n${why}`;
    assert.equal(s.region, region, msg(`in ${region}`));
    assert.equal(s.phase, 'ready', msg('phase ready'));
    assert.equal(s.iframes, 2, msg('one CCP (2 iframes in GR mode)'));
    const want = typeof reloads === 'function' ? reloads(i) : reloads;
    if (restarted) {
      // The leader was gone mid-barrier: the next one restarts it (a second epoch), but the CCP comes back once.
      assert.ok(s.requested >= want && s.requested <= want + 1, msg(`${want} reload(s), restarted at most once (reasons: ${s.reasons.join(', ')})`));
      assert.ok(s.teardown >= want && s.teardown <= want + 1, msg('a teardown per epoch'));
    } else {
      assert.equal(s.requested, want, msg(`${want} coordinated reload(s) (reasons: ${s.reasons.join(', ')})`));
      assert.equal(s.teardown, want, msg('one teardown per reload'));
    }
    assert.equal(s.reinit, want, msg('one reinit per reload'));
    if (readyRegions) assert.deepEqual(s.ready, typeof readyRegions === 'function' ? readyRegions(i) : readyRegions, msg('rac-ready regions'));
    if (switched) assert.deepEqual(s.switched, switched, msg('rac-switched targets'));
    assert.equal(s.stale, 0, msg('no rac-stale'));
    assert.deepEqual(s.errors, [], msg('no rac-error'));
    assert.deepEqual(s.pageErrors, [], msg('no page errors'));
  }
}

/** No tab tore its CCP down before `since` (epoch ms): F1, nothing moves during a live voice call. */
async function assertNoTeardownBefore(tabs, since) {
  for (const [i, p] of tabs.entries()) {
    const early = (await tabSummary(p)).teardownAt.filter((at) => at < since);
    assert.deepEqual(early, [], `tab ${i}: a teardown during the voice call`);
  }
}

/** The subtest of the leader-loss cases: the reload still happens, once, in every other tab. */
const othersReloadOnce = (t, rest, t0, what, { restarted = false } = {}) =>
  t.test('every other tab re-initialises once and ends in the new region', async () => {
    await allIn(rest, NEW, 6000);
    t.diagnostic(`${what}: the others in ${NEW} after ${Date.now() - t0} ms`);
    await sleep(1000);
    await assertEndState(rest, NEW, { reloads: 1, readyRegions: [OLD, NEW], restarted });
  });

test('a tab killed mid-barrier (its renderer crashes while the others tear down): the rest converge in the new region once', { skip: needsCdp }, async (t) => {
  const channel = `chaos-kill-${Date.now()}`;
  const { session, tabs } = await agentWithTabs(3, { channel }, (i) => (i === 2 ? channelTrap(channel) : undefined));
  const victim = tabs[2];
  const rest = tabs.slice(0, 2);
  assert.notEqual(await leaderIndex(tabs), 2, 'the victim is not the leader (another test kills the leader)');
  // The victim stops on the teardown order, before its element acts on it, and is killed there: it
  // answered the census (so the leader waits for its ack) but never tears down nor acknowledges.
  const stop = await trap(suite.context, victim, { t: 'st', stage: 'teardown' });
  await session.traffic(NEW, { stall: true, detectionDelayMs: 0 });
  const t0 = Date.now();
  await reloadAll(tabs[0]);
  await stop.paused;
  await crash(suite.context, victim, stop.cdp);
  await allIn(rest, NEW);
  await allSawStage(rest, 'done');
  const convergedMs = Date.now() - t0;
  const done = (await events(tabs[0], 'rac-tabs-reload', (d) => d.stage === 'done')).at(-1).detail;
  t.diagnostic(`kill mid-barrier: converged in ${convergedMs} ms; done ${JSON.stringify(done)}`);
  await sleep(500);
  await assertEndState(rest, NEW, { reloads: 1, readyRegions: [OLD, NEW], switched: [NEW] });
  const st = await session.state();
  assert.equal(st.stalledWorkers[OLD] + st.stalledWorkers[NEW], 0, 'the stalled shared workers died (the victim held them too)');

  await t.test(
    'no spurious reload afterwards: the dead tab\'s last region does not count as a disagreement',
    async () => {
      await sleep(DESYNC_GRACE_MS + 1500);
      for (const [i, p] of rest.entries()) {
        const s = await tabSummary(p);
        assert.deepEqual(s.reasons, ['chaos'], `tab ${i}: a reload nobody asked for (reasons: ${s.reasons.join(', ')})`);
      }
    },
  );
});

test('tabs open and close while a barrier runs (held by a voice call, then tearing down): every tab ends in the new region, once', async (t) => {
  const { session, url, tabs } = await agentWithTabs(3);
  const call = await session.addContact('voice');
  await session.traffic(NEW, { detectionDelayMs: 0 });
  await switchPendingEverywhere(tabs);
  await reloadAll(tabs[0]);
  await allSawStage(tabs, 'waiting-for-call');
  // While the barrier waits for the call: one tab opens (it starts its CCP in the old region), one closes.
  const opened = await openTab(suite.context, url);
  await tabs[1].close();
  await sleep(300);
  // The call ends; while the barrier tears down and re-initialises, another tab opens and the one
  // opened a moment ago closes.
  const callEndAt = Date.now();
  const late = openTab(suite.context, url, { ready: false });
  await session.endContact(call);
  await allSawStage([tabs[0]], 'teardown');
  await opened.close();
  const latePage = await late;
  const alive = [tabs[0], tabs[2], latePage];
  await allIn(alive, NEW);
  await allSawStage([tabs[0], tabs[2]], 'done');
  t.diagnostic(`open/close during barrier: ${Date.now() - callEndAt} ms from call end to every tab in ${NEW}`);
  await sleep(1000);
  await assertNoTeardownBefore(alive, callEndAt);
  await assertEndState([tabs[0], tabs[2]], NEW, { reloads: 1, readyRegions: [OLD, NEW] });
  // The late tab either joined the barrier before its first start (no CCP until the reinit stage)
  // or came after it (a fresh start finds the new region): it starts exactly once, in the new region.
  // (Every tab sees every stage event, so its rac-tabs-reload `reinit` says nothing: count its starts.)
  const s = await tabSummary(latePage);
  assert.deepEqual(s.ready, [NEW], `the late tab starts once, in ${NEW}\n${await story(alive)}`);
  assert.equal(s.region, NEW);
  assert.equal(s.iframes, 2);
  assert.deepEqual(s.pageErrors, []);
  const done = (await events(tabs[0], 'rac-tabs-reload', (d) => d.stage === 'done')).map((e) => e.detail);
  t.diagnostic(`barrier result: ${JSON.stringify(done)}`);
});

test('A→B→A quickly (back to us-east-1 as soon as the move to us-west-2 completed): every tab ends in us-east-1, no reload loop', async (t) => {
  const { session, tabs } = await agentWithTabs(3, { 'stale-after': 2 });
  const t0 = Date.now();
  await session.traffic(NEW, { detectionDelayMs: 0 });
  await switchSettled(session);
  await session.traffic(OLD, { detectionDelayMs: 0 });
  await switchSettled(session);
  // Every tab ends in us-east-1.
  await allIn(tabs, OLD);
  t.diagnostic(`A→B→A: every tab back in ${OLD} after ${Date.now() - t0} ms`);
  // Past stale-after (2 s) and a barrier's length: nothing more happens, no reload loop.
  await sleep(3500);
  const before = await Promise.all(tabs.map(tabSummary));
  await sleep(1500);
  const after_ = await Promise.all(tabs.map(tabSummary));
  const why = await story(tabs);
  for (const [i, s] of after_.entries()) {
    assert.equal(s.region, OLD, `tab ${i}: in ${OLD}\n${why}`);
    assert.equal(s.phase, 'ready', `tab ${i}: phase ready\n${why}`);
    assert.equal(s.iframes, 2, `tab ${i}: one CCP`);
    assert.ok(s.requested <= 1, `tab ${i}: at most one coordinated reload (got ${s.requested}: ${s.reasons.join(', ')})\n${why}`);
    assert.equal(s.requested, before[i].requested, `tab ${i}: no further reload (no loop)`);
    assert.equal(s.teardown, s.requested, `tab ${i}: one teardown per reload`);
    assert.equal(s.ready.length, 1 + s.requested, `tab ${i}: one start per reload`);
    assert.ok(s.switched.length <= 2, `tab ${i}: at most one rac-switched per move`);
    assert.deepEqual(s.pageErrors, []);
  }
  const reloads = after_.map((s) => s.requested);
  t.diagnostic(`A→B→A: coordinated reloads per tab ${reloads.join('/')}, rac-switched per tab ${after_.map((s) => s.switched.join('>')).join(' | ')}`);
  // The machine announces a move on the new region's agent data, not on Streams' completion: no
  // completion that never reaches a tab can leave it waiting for the watchdog.
  await t.test('no move needs the watchdog: no reload, nothing stale', () => {
    for (const [i, s] of after_.entries()) {
      assert.equal(s.requested, 0, `tab ${i}: no reload (${s.reasons.join(', ')})\n${why}`);
      assert.equal(s.stale, 0, `tab ${i}: no rac-stale`);
    }
  });
  await t.test(
    'each tab announces both moves',
    { todo: 'timing-dependent: a tab whose data never showed us-west-2 (the move back came before its CCP answered) announces no move, by the one rule (docs/switch-machine.md); it still tells the agent they are Offline, or sets them Available.' },
    () => {
      for (const [i, s] of after_.entries()) assert.deepEqual(s.switched, [NEW, OLD], `tab ${i}: rac-switched\n${why}`);
    },
  );
});

test('a switch while the leader tab closes: the other tabs follow it, a new leader takes over, no reload', async (t) => {
  const { session, tabs } = await agentWithTabs(3);
  const li = await leaderIndex(tabs);
  const rest = tabs.filter((_, i) => i !== li);
  const t0 = Date.now();
  await Promise.all([session.traffic(NEW, { detectionDelayMs: 0 }), tabs[li].close()]);
  await allIn(rest, NEW);
  t.diagnostic(`leader closed at the switch: the others in ${NEW} after ${Date.now() - t0} ms`);
  assert.equal(rest[await leaderIndex(rest)] !== undefined, true, 'a new leader');
  await sleep(1000);
  await assertEndState(rest, NEW, { reloads: 0, readyRegions: [OLD], switched: [NEW] });
});

test('the leader closes right after another tab asked for a reload: the reload still happens, once, in every tab', async (t) => {
  const { session, tabs } = await agentWithTabs(3);
  const li = await leaderIndex(tabs);
  const rest = tabs.filter((_, i) => i !== li);
  await session.traffic(NEW, { stall: true, detectionDelayMs: 0 });
  const t0 = Date.now();
  await reloadAll(rest[0]);
  await tabs[li].close(); // a normal close: pagehide says goodbye and frees the leader lock
  // With no census window the leader may already have ordered the teardown: then, as when it dies
  // mid-teardown, the next leader restarts the barrier; each tab still comes back once.
  await othersReloadOnce(t, rest, t0, 'leader closed after the request', { restarted: true });
});

test('the leader crashes as the reload request reaches it: the reload still happens, once, in every other tab', { skip: needsCdp }, async (t) => {
  const channel = `chaos-leader-${Date.now()}`;
  const { session, tabs } = await agentWithTabs(3, { channel }, () => channelTrap(channel));
  const li = await leaderIndex(tabs);
  const rest = tabs.filter((_, i) => i !== li);
  const stop = await trap(suite.context, tabs[li], { t: 'req' });
  await session.traffic(NEW, { stall: true, detectionDelayMs: 0 });
  const t0 = Date.now();
  await reloadAll(rest[0]);
  await stop.paused;
  await crash(suite.context, tabs[li], stop.cdp);
  await othersReloadOnce(t, rest, t0, 'leader crashed on the request');
});

test('the leader crashes mid-teardown: the next leader restarts the barrier and every other tab re-initialises once', { skip: needsCdp }, async (t) => {
  const channel = `chaos-leader-td-${Date.now()}`;
  const { session, tabs } = await agentWithTabs(3, { channel }, () => channelTrap(channel));
  const li = await leaderIndex(tabs);
  const rest = tabs.filter((_, i) => i !== li);
  // The leader's own teardown order reaches its trap only through its own channel copy... it does
  // not (a channel does not echo), so it is stopped on the first ack another tab sends.
  const stop = await trap(suite.context, tabs[li], { t: 'ack' });
  await session.traffic(NEW, { stall: true, detectionDelayMs: 0 });
  const t0 = Date.now();
  await reloadAll(rest[0]);
  await stop.paused;
  await crash(suite.context, tabs[li], stop.cdp);
  await allIn(rest, NEW);
  await allSawStage(rest, 'done');
  t.diagnostic(`leader crashed mid-teardown: the others in ${NEW} after ${Date.now() - t0} ms`);
  await sleep(1000);
  // Two epochs (the dead leader's and the new one's), but each tab tore down and re-initialised once.
  for (const [i, p] of rest.entries()) {
    const s = await tabSummary(p);
    assert.equal(s.teardown >= 1, true, `tab ${i}: saw a teardown`);
    assert.deepEqual(s.ready, [OLD, NEW], `tab ${i}: ready once at start and once after the reload\n${await story(rest)}`);
    assert.equal(s.region, NEW);
    assert.equal(s.iframes, 2);
    assert.deepEqual(s.pageErrors, []);
  }
});

test('detection delayed past stale-after (1 s; detection after 2.5 s): the switch completes once in every tab, no refresh offered, no reload', async (t) => {
  const { session, tabs } = await agentWithTabs(2, { 'stale-after': 1 });
  const t0 = Date.now();
  await session.traffic(NEW, { detectionDelayMs: 2500 });
  // Nothing to see until the CCP detects the move: the watchdog starts at detection, not at the
  // (invisible) UpdateTrafficDistribution call.
  await sleep(1500);
  for (const p of tabs) assert.equal(await inElement(p, (e) => e.phase), 'ready', 'no switch visible before detection');
  await allIn(tabs, NEW);
  const at = await Promise.all(tabs.map(async (p) => (await events(p, 'rac-switched'))[0].at - t0));
  t.diagnostic(`late detection: rac-switched ${at.map((x) => Math.round(x)).join(' / ')} ms after traffic()`);
  for (const x of at) assert.ok(x >= 2400, `switched only after detection (${x} ms)`);
  await sleep(1500); // past stale-after again
  await assertEndState(tabs, NEW, { reloads: 0, readyRegions: [OLD], switched: [NEW] });
});

test('20 switches in a row with 3 tabs: every tab follows every switch, no reload', async (t) => {
  const N = 20;
  const { session, tabs } = await agentWithTabs(3, { 'stale-after': 3 });
  const targets = Array.from({ length: N }, (_, i) => (i % 2 ? OLD : NEW));
  const t0 = Date.now();
  for (const [k, to] of targets.entries()) {
    await session.traffic(to, { detectionDelayMs: 0 });
    await switchSettled(session);
    // The next move once every tab announced this one (minutes apart in production; here at once).
    await untilTabs(tabs, async () => (await Promise.all(tabs.map((p) => events(p, 'rac-switched')))).every((x) => x.length === k + 1), {
      timeoutMs: 10000,
      message: `switch ${k + 1} (to ${to}) announced in every tab`,
    });
  }
  const last = targets.at(-1);
  await allIn(tabs, last);
  t.diagnostic(`${N} switches × 3 tabs: ${Date.now() - t0} ms (${Math.round((Date.now() - t0) / N)} ms per switch, traffic() to the last tab's rac-switched)`);
  assert.equal((await session.state()).switches.length, N);
  await sleep(1000);
  const sums = await Promise.all(tabs.map(tabSummary));
  const why = await story(tabs);
  for (const [i, s] of sums.entries()) {
    assert.deepEqual(s.switched, targets, `tab ${i}: one rac-switched per move, in order\n${why}`);
    assert.equal(s.region, last);
    assert.equal(s.iframes, 2);
    // A move whose completion never reaches a tab is caught by the watchdog (one reload, reason stale).
    assert.ok(s.requested <= 2, `tab ${i}: reloads stay bounded (${s.reasons.join(', ')})`);
    assert.ok(s.reasons.every((r) => r === 'stale'), `tab ${i}: only watchdog reloads (${s.reasons.join(', ')})`);
    assert.equal(s.teardown, s.requested, `tab ${i}: one teardown per reload`);
    assert.equal(s.ready.length, 1 + s.requested, `tab ${i}: one start per reload`);
    assert.deepEqual(s.pageErrors, []);
  }
  t.diagnostic(`${N} switches: watchdog reloads per tab ${sums.map((s) => s.requested).join('/')}, rac-stale per tab ${sums.map((s) => s.stale).join('/')}`);
  await t.test('no move needs the watchdog', () => {
    for (const [i, s] of sums.entries()) assert.equal(s.requested, 0, `tab ${i}: ${s.reasons.join(', ')}\n${why}`);
  });
});
