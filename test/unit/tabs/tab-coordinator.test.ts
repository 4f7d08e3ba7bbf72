import { expect } from '@open-wc/testing';
import { World } from './harness.js';

const START = 300; // past every tab's join window

async function world(n: number, useLocks = true, opts = {}): Promise<World> {
  const w = new World(useLocks, opts);
  for (let i = 1; i <= n; i++) w.add(`t${i}`);
  await w.clock.advance(START);
  return w;
}

function expectOneCycle(w: World, ids: string[], epoch = 1): void {
  for (const id of ids) expect(w.callsOf(id), id).to.deep.equal([`teardown:${epoch}`, `reinit:${epoch}`]);
}

for (const useLocks of [true, false]) {
  describe(`TabCoordinator (${useLocks ? 'Web Locks' : 'channel-only fallback'})`, () => {
    it('idle tabs exchange no messages and run no timers', async () => {
      const w = await world(3, useLocks);
      const sent = w.sent();
      expect(sent).to.equal(3 + 3); // at start: one hello each, answered by each tab already open
      expect(w.clock.pending()).to.equal(0);
      await w.clock.advance(10 * 60_000);
      expect(w.sent()).to.equal(sent);
      expect(w.clock.pending()).to.equal(0);
      for (const t of w.tabs.values()) expect(t.c.shouldDeferInit()).to.equal(false);
    });

    it('runs a barrier: every tab tears down once, then re-initialises once, waiting for messages only', async () => {
      const w = await world(3, useLocks);
      const t0 = w.clock.now;
      w.tab('t2').c.requestReload('switch');
      await w.clock.advance(10_000);
      expectOneCycle(w, ['t1', 't2', 't3']);
      const firstReinit = w.calls.findIndex((c) => c.kind === 'reinit');
      expect(w.calls.slice(0, firstReinit).every((c) => c.kind === 'teardown')).to.equal(true);
      // No timer on the way: with Web Locks the held tab locks are the census; without them the
      // census window is the one wait. Every tab re-initialises on the leader's message.
      expect(w.calls.map((c) => c.at - t0)).to.deep.equal(Array(6).fill(useLocks ? 0 : 200));
      for (const id of ['t1', 't2', 't3']) {
        expect(w.stagesOf(id)).to.deep.equal(['requested', 'teardown', 'reinit', 'ready', 'done']);
      }
      const done = w.tab('t3').stages.at(-1)!;
      expect(done).to.include({ epoch: 1, reason: 'switch', automatic: false, tabs: 3, ready: 3, timedOut: 0, failed: 0 });
      expect(w.clock.pending()).to.equal(0);
      // Back to idle: nothing more.
      const sent = w.sent();
      await w.clock.advance(60_000);
      expect(w.sent()).to.equal(sent);
    });

    it('a tab with a live call that dies without a goodbye no longer holds the reload', async () => {
      const w = await world(3, useLocks, { vetoProbeMs: 5000 });
      w.tab('t3').c.setVoiceLive(true);
      await w.clock.advance(10);
      w.tab('t1').c.requestReload('switch');
      await w.clock.advance(1_000);
      expect(w.stagesOf('t1')).to.include('waiting-for-call');
      const killed = w.clock.now;
      w.kill('t3');
      await w.clock.advance(60_000);
      // With Web Locks its freed tab lock tells the leader at once; without them the leader's probe
      // (every 5 s while it waits for a call) gets no answer from it.
      expectOneCycle(w, ['t1', 't2']);
      const at = w.calls[0].at - killed;
      if (useLocks) expect(at).to.equal(0);
      else expect(at).to.be.within(1, 5000 + 200);
      expect(w.clock.pending()).to.equal(0);
    });

    if (useLocks) {
      it('a tab too busy to answer the census is still torn down before anyone re-initialises', async () => {
        const w = await world(3, useLocks);
        w.freeze('t3');
        w.tab('t1').c.requestReload('switch');
        await w.clock.advance(1_000); // census over, teardown under way, t3 still busy
        w.thaw('t3');
        await w.clock.advance(20_000);
        expectOneCycle(w, ['t1', 't2', 't3']);
        const t3down = w.calls.find((c) => c.tab === 't3' && c.kind === 'teardown')!.at;
        const firstUp = Math.min(...w.calls.filter((c) => c.kind === 'reinit').map((c) => c.at));
        expect(t3down).to.be.at.most(firstUp);
      });
    }

    it('waits for the last voice contact to end (veto) and tells every tab', async () => {
      const w = await world(3, useLocks);
      w.tab('t3').c.setVoiceLive(true);
      w.tab('t1').c.setVoiceLive(true);
      await w.clock.advance(10);
      w.tab('t2').c.requestReload('switch');
      await w.clock.advance(120_000);
      expect(w.calls).to.deep.equal([]);
      for (const id of ['t1', 't2', 't3']) {
        const ev = w.tab(id).stages.find((s) => s.stage === 'waiting-for-call');
        expect(ev, id).to.include({ voice: 2 });
      }
      // Waiting for a call needs no timer (without Web Locks: the probe for crashed tabs).
      expect(w.clock.pending()).to.equal(useLocks ? 0 : 1);
      w.tab('t3').c.setVoiceLive(false);
      await w.clock.advance(60_000);
      expect(w.calls).to.deep.equal([]);
      w.tab('t1').c.setVoiceLive(false);
      await w.clock.advance(10_000);
      expectOneCycle(w, ['t1', 't2', 't3']);
    });

    if (useLocks) {
      it('a tab frozen through a barrier (no freeze event): the others wait torn down, naming it; when it wakes every tab reloads once', async () => {
        const w = await world(3, useLocks);
        w.freeze('t3');
        w.tab('t1').c.requestReload('switch');
        await w.clock.advance(20_000);
        // Its tab lock shows it alive and it keeps its CCP (the old shared worker): re-initialising
        // now would attach the others to that worker again.
        expect(w.callsOf('t1')).to.deep.equal(['teardown:1']);
        expect(w.callsOf('t3')).to.deep.equal([]);
        for (const id of ['t1', 't2']) expect(w.tab(id).stages.at(-1), id).to.deep.include({ stage: 'blocked', blocking: ['Tab t3'] });
        const woke = w.clock.now;
        w.thaw('t3');
        await w.clock.advance(10);
        expectOneCycle(w, ['t1', 't2', 't3']);
        expect(w.calls.filter((c) => c.kind === 'reinit').every((c) => c.at === woke)).to.equal(true);
        expect(w.tab('t1').stages.find((s) => s.stage === 'done')).to.include({ tabs: 3, ready: 3, timedOut: 0 });
      });

      it('a tab blocking the barrier that never wakes: the others re-initialise after blockedMs; closing it moves on at once', async () => {
        const w = await world(3, useLocks);
        w.freeze('t3');
        w.tab('t1').c.requestReload('switch');
        await w.clock.advance(60_000);
        expectOneCycle(w, ['t1', 't2']);
        expect(w.calls.find((c) => c.kind === 'reinit')!.at).to.equal(START + 3000 + 30_000);
        expect(w.tab('t2').stages.find((s) => s.stage === 'done')).to.include({ tabs: 3, ready: 2, timedOut: 1 });
        // Next time the agent closes the frozen tab: its freed lock ends the wait.
        w.tab('t1').c.requestReload('switch');
        await w.clock.advance(5_000);
        expect(w.stagesOf('t1').at(-1)).to.equal('blocked');
        const closed = w.clock.now;
        w.kill('t3');
        await w.clock.advance(10);
        expect(w.calls.filter((c) => c.kind === 'reinit' && c.epoch === 2).map((c) => c.at)).to.deep.equal([closed, closed]);
      });
    } else {
      it('a frozen tab does not block the others (it never answered the census); it catches up when it thaws', async () => {
        const w = await world(3, useLocks);
        w.freeze('t3');
        w.tab('t1').c.requestReload('switch');
        await w.clock.advance(20_000);
        expectOneCycle(w, ['t1', 't2']);
        expect(w.tab('t1').stages.find((s) => s.stage === 'done')).to.include({ tabs: 2, ready: 2 });
        w.thaw('t3');
        await w.clock.advance(20_000);
        expect(w.callsOf('t3')).to.deep.equal(['teardown:1', 'reinit:1']);
      });
    }

    it('a participant stuck in its teardown is reported as timed out', async () => {
      const w = await world(3, useLocks);
      w.tab('t3').holdTeardown = true; // stuck in teardown: no ack
      w.tab('t1').c.requestReload('switch');
      await w.clock.advance(60_000);
      expectOneCycle(w, ['t1', 't2']);
      const done = w.tab('t1').stages.find((s) => s.stage === 'done')!;
      expect(done).to.include({ tabs: 3, ready: 2, timedOut: 1 });
      // With Web Locks it is alive and may still hold its CCP: the others wait `blockedMs` for it too.
      expect(w.calls.filter((c) => c.kind === 'reinit')[0].at).to.equal(START + (useLocks ? 3000 + 30_000 : 200 + 3000));
    });

    it('a tab closing mid-barrier leaves it without delaying the others', async () => {
      const w = await world(3, useLocks);
      w.tab('t3').holdTeardown = true;
      w.tab('t1').c.requestReload('switch');
      await w.clock.advance(250);
      expect(w.callsOf('t3')).to.deep.equal(['teardown:1']);
      const t0 = w.clock.now;
      w.tab('t3').c.dispose();
      await w.clock.advance(5_000);
      expectOneCycle(w, ['t1', 't2']);
      expect(w.calls.find((c) => c.kind === 'reinit')!.at).to.equal(t0);
      expect(w.tab('t1').stages.find((s) => s.stage === 'done')).to.include({ tabs: 2, ready: 2 });
    });

    it('a tab opening during teardown defers its first init until reinit', async () => {
      const w = await world(3, useLocks);
      w.tab('t2').holdTeardown = true;
      w.tab('t1').c.requestReload('switch');
      await w.clock.advance(250);
      const late = w.add('t4');
      let allowed = false;
      void late.c.initAllowed.then(() => (allowed = true));
      await w.clock.advance(500);
      expect(late.c.shouldDeferInit()).to.equal(true);
      expect(allowed).to.equal(false);
      w.tab('t2').resolveTeardown!();
      await w.clock.advance(5_000);
      expect(allowed).to.equal(true);
      expect(w.callsOf('t4')).to.deep.equal([]); // the element does its own first init
      expectOneCycle(w, ['t1', 't2', 't3']);
    });

    it('a tab opening when idle initialises after the short join window', async () => {
      const w = await world(2, useLocks);
      const t = w.add('t3');
      expect(t.c.shouldDeferInit()).to.equal(true);
      await w.clock.advance(100);
      expect(t.c.shouldDeferInit()).to.equal(false);
      expect(w.clock.pending()).to.equal(0);
    });

    it('merges concurrent and later requests into one reload', async () => {
      const w = await world(3, useLocks);
      w.tab('t3').holdTeardown = true;
      w.tab('t1').c.requestReload('switch', { automatic: true });
      w.tab('t3').c.requestReload('stale');
      await w.clock.advance(1250);
      w.tab('t2').c.requestReload('switch');
      await w.clock.advance(10);
      w.tab('t3').resolveTeardown!();
      await w.clock.advance(30_000);
      expectOneCycle(w, ['t1', 't2', 't3']);
      expect(w.tab('t2').stages.filter((s) => s.stage === 'done')).to.have.length(1);
    });

    it('jitter for automatic reloads comes from the injected random', async () => {
      const w = await world(3, useLocks);
      w.tab('t2').c.requestReload('switch', { automatic: true });
      await w.clock.advance(10_000);
      const jitter = w.tab('t3').stages.find((s) => s.stage === 'jitter')!;
      expect(jitter).to.include({ delayMs: 1000, automatic: true }); // 0.5 × 2000
      const requested = w.hub.log.find((m) => m.data.stage === 'requested')!;
      expect(requested).to.exist;
      expect(w.calls[0].at).to.equal(START + (useLocks ? 0 : 200) + 1000); // (census window +) jitter
      expectOneCycle(w, ['t1', 't2', 't3']);
    });

    it('setReloadJitter bounds the next automatic reload; a running jitter keeps its delay', async () => {
      const w = await world(2, useLocks);
      w.tab('t2').c.requestReload('switch', { automatic: true });
      await w.clock.advance(500); // census over: jittering for 0.5 × 2000
      for (const t of w.tabs.values()) t.c.setReloadJitter(8000);
      await w.clock.advance(10_000);
      expect(w.calls[0].at).to.equal(START + (useLocks ? 0 : 200) + 1000);
      w.tab('t2').c.requestReload('switch', { automatic: true });
      await w.clock.advance(10_000);
      const jitters = w.tab('t2').stages.filter((s) => s.stage === 'jitter');
      expect(jitters.map((s) => s.delayMs)).to.deep.equal([1000, 4000]); // 0.5 × 2000, then 0.5 × 8000
      for (const id of ['t1', 't2']) expect(w.callsOf(id), id).to.deep.equal(['teardown:1', 'reinit:1', 'teardown:2', 'reinit:2']);
    });

    it('triggers one desync reload when tabs keep disagreeing on the region', async () => {
      const w = await world(3, useLocks, { desyncGraceMs: 5000 });
      w.tab('t1').c.reportRegion('us-east-1');
      w.tab('t2').c.reportRegion('us-east-1');
      w.tab('t3').c.reportRegion('us-west-2');
      w.tab('t1').region = 'us-east-1';
      w.tab('t2').region = 'us-east-1';
      await w.clock.advance(4000);
      expect(w.calls).to.deep.equal([]);
      await w.clock.advance(30_000);
      expectOneCycle(w, ['t1', 't2', 't3']);
      expect(w.tab('t2').stages[0]).to.include({ stage: 'requested', reason: 'desync' });
      await w.clock.advance(120_000); // still split after the reload: no loop
      expect(w.calls).to.have.length(6);
      expect(w.clock.pending()).to.equal(0);
    });

    it('a short disagreement (tabs switching one after another) does not reload', async () => {
      const w = await world(2, useLocks, { desyncGraceMs: 5000 });
      w.tab('t1').c.reportRegion('us-east-1');
      w.tab('t2').c.reportRegion('us-east-1');
      await w.clock.advance(10);
      w.tab('t1').c.reportRegion('us-west-2');
      await w.clock.advance(2000);
      w.tab('t2').c.reportRegion('us-west-2');
      await w.clock.advance(60_000);
      expect(w.calls).to.deep.equal([]);
      expect(w.clock.pending()).to.equal(0);
    });

    it('ignores and counts malformed, foreign and wrong-version messages, with no state change', async () => {
      const w = await world(2, useLocks);
      const bad: unknown[] = [
        null,
        'hello',
        42,
        [],
        { ns: 'other', v: 2, t: 'req', from: 'x', reason: 'switch', auto: false },
        { ns: 'rac', v: 3, t: 'req', from: 'x', reason: 'switch', auto: false },
        { ns: 'rac', v: 2, t: 'req', from: 'x', reason: 'switch' },
        { ns: 'rac', v: 2, t: 'req', from: 'x', reason: 'x'.repeat(500), auto: false },
        { ns: 'rac', v: 2, t: 'req', from: 'x', reason: 'switch', auto: false, phone: '+4912345' },
        { ns: 'rac', v: 2, t: 'st', from: 'x', epoch: -1, stage: 'teardown', reason: 'switch', auto: false },
        { ns: 'rac', v: 2, t: 'st', from: 'x', epoch: 9, stage: 'explode', reason: 'switch', auto: false },
        { ns: 'rac', v: 2, t: 'nope', from: 'x' },
      ];
      const received = w.tab('t2').c.stats().received; // t1's answer to its hello
      for (const b of bad) w.hub.inject('t2', b);
      await w.clock.advance(10_000);
      expect(w.tab('t2').c.stats()).to.include({ invalid: bad.length, received });
      expect(w.tab('t2').invalid.at(-1)).to.equal(bad.length);
      expect(w.tab('t2').stages).to.deep.equal([]);
      expect(w.calls).to.deep.equal([]);
      expect(w.clock.pending()).to.equal(0);
    });

    it('ignores stale epochs: no second teardown or reinit', async () => {
      const w = await world(2, useLocks);
      w.tab('t1').c.requestReload('switch');
      await w.clock.advance(10_000);
      expectOneCycle(w, ['t1', 't2']);
      const before = w.tab('t2').c.stats().ignored;
      for (const stage of ['teardown', 'reinit'])
        w.hub.inject('t2', { ns: 'rac', v: 2, t: 'st', from: 't9', epoch: 0, stage, reason: 'switch', auto: false });
      // A replay of the current epoch is a no-op too.
      w.hub.inject('t2', { ns: 'rac', v: 2, t: 'st', from: 't1', epoch: 1, stage: 'teardown', reason: 'switch', auto: false });
      await w.clock.advance(10_000);
      expectOneCycle(w, ['t1', 't2']);
      expect(w.tab('t2').c.stats().ignored).to.equal(before + 2);
    });

    it('claim: exactly one tab wins, also when all claim at once; later tabs lose', async () => {
      const w = await world(3, useLocks);
      const results = await Promise.all([
        (async () => {
          const p = Promise.all(['t3', 't2', 't1'].map((id) => w.tab(id).c.claim('auto-available:s1')));
          await w.clock.advance(500);
          return p;
        })(),
      ]);
      expect(results[0]).to.deep.equal([false, false, true]); // lowest id wins: deterministic
      const again = w.tab('t1').c.claim('auto-available:s1');
      const t4 = w.add('t4');
      await w.clock.advance(300);
      const late = t4.c.claim('auto-available:s1');
      await w.clock.advance(300);
      expect(await again).to.equal(false);
      expect(await late).to.equal(false);
      // Sequential claims of another key: the first caller wins, even with a higher id.
      const first = w.tab('t3').c.claim('auto-available:s2');
      await w.clock.advance(300);
      const second = w.tab('t1').c.claim('auto-available:s2');
      await w.clock.advance(300);
      expect([await first, await second]).to.deep.equal([true, false]);
      expect(w.clock.pending()).to.equal(0);
    });

    it('a torn-down tab whose leader vanishes re-initialises (no tab stays without a CCP)', async () => {
      const w = await world(3, useLocks);
      // The leader (t1 holds the lock; without locks it is the lowest id) dies right after it tore down.
      w.tab('t1').holdTeardown = true;
      w.tab('t2').c.requestReload('switch');
      await w.clock.advance(250);
      expect(w.callsOf('t1')).to.deep.equal(['teardown:1']);
      w.kill('t1');
      await w.clock.advance(60_000);
      for (const id of ['t2', 't3']) {
        const calls = w.callsOf(id);
        expect(calls.filter((c) => c.startsWith('teardown'))).to.have.length(1);
        expect(calls.filter((c) => c.startsWith('reinit'))).to.have.length(1);
        expect(calls[0]).to.equal('teardown:1');
      }
      expect(w.clock.pending('t2') + w.clock.pending('t3')).to.equal(0);
    });
  });
}

describe('TabCoordinator with Web Locks: leader failover', () => {
  it('the next lock holder restarts the barrier with a new epoch', async () => {
    const w = await world(3, true);
    expect(w.tab('t1').c.isLeader).to.equal(true);
    w.tab('t1').holdTeardown = true;
    w.tab('t3').c.requestReload('switch');
    await w.clock.advance(250);
    w.kill('t1');
    await w.clock.advance(1);
    expect(w.tab('t2').c.isLeader).to.equal(true);
    await w.clock.advance(10_000);
    expect(w.callsOf('t2')).to.deep.equal(['teardown:1', 'reinit:2']);
    expect(w.callsOf('t3')).to.deep.equal(['teardown:1', 'reinit:2']);
    const done = w.tab('t3').stages.find((s) => s.stage === 'done')!;
    expect(done).to.include({ epoch: 2, tabs: 2, ready: 2 });
    expect(w.tab('t3').stages[0]).to.include({ stage: 'requested', epoch: 1 });
  });
});

describe('TabCoordinator with Web Locks: tabs that die without a goodbye', () => {
  it('a request survives a leader that dies during its census', async () => {
    const w = await world(3, true);
    expect(w.tab('t1').c.isLeader).to.equal(true);
    w.tab('t2').c.requestReload('switch');
    await w.clock.advance(50); // the leader is still collecting answers
    w.kill('t1');
    await w.clock.advance(20_000);
    expectOneCycle(w, ['t2', 't3']);
  });

  it('the region a crashed tab reported last does not make the others look split', async () => {
    const w = await world(3, true, { desyncGraceMs: 5000 });
    for (const id of ['t1', 't2', 't3']) w.tab(id).c.reportRegion('us-east-1');
    await w.clock.advance(10);
    w.kill('t3');
    w.tab('t1').c.reportRegion('us-west-2');
    w.tab('t2').c.reportRegion('us-west-2');
    await w.clock.advance(60_000);
    expect(w.calls).to.deep.equal([]);
    expect(w.clock.pending()).to.equal(0);
  });

  it('a tab that opened during teardown counts as ready once it has started', async () => {
    const w = await world(2, true);
    w.tab('t2').holdTeardown = true;
    w.tab('t1').c.requestReload('switch');
    await w.clock.advance(250); // teardown under way
    const late = w.add('t3');
    void late.c.initAllowed.then(() => late.c.reportRegion('us-west-2')); // the element's first start
    await w.clock.advance(500);
    w.tab('t2').resolveTeardown!();
    await w.clock.advance(10_000);
    const done = w.tab('t1').stages.find((x) => x.stage === 'done')!;
    expect(done).to.include({ tabs: 3, ready: 3, timedOut: 0 });
  });
});

describe('TabCoordinator claims', () => {
  it('a tab that yielded does not object to the lowest claimant: exactly one wins, never none', async () => {
    const w = await world(3, true);
    const won: Record<string, boolean> = {};
    const claim = (id: string) => void w.tab(id).c.claim('auto-available:x').then((v) => (won[id] = v));
    claim('t2');
    await w.clock.advance(50);
    claim('t1'); // lower id: t2 yields, with its window still open
    await w.clock.advance(70); // t2's window closes: it lost, but knows no owner
    claim('t3'); // t1 repeats its ask to make t3 yield; t2 must stay silent
    await w.clock.advance(1_000);
    expect(won).to.deep.equal({ t1: true, t2: false, t3: false });
  });
});

describe('TabCoordinator page mode', () => {
  it('stores the epoch before the reinit hook; the reloaded page reports ready for it', async () => {
    const data = new Map<string, string>();
    const store = {
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, v),
      removeItem: (k: string) => void data.delete(k),
    };
    const w = new World(true, { reloadMode: 'page' });
    w.add('t1', { reloadMode: 'ccp' }); // the leader re-initialises in place: one page to follow
    w.add('t2', { store });
    await w.clock.advance(START);
    w.tab('t1').c.requestReload('switch');
    await w.clock.advance(1);
    expect(w.callsOf('t2')).to.deep.equal(['teardown:1', 'reinit:1']);
    w.tab('t2').c.dispose(); // the page unloads...
    await w.clock.advance(10);
    expect(data.get('region-aware-ccp/v1/test#reinit')).to.equal('1 t2'); // the epoch and the tab id
    const again = w.add('t2', { store, tabId: undefined }); // ...and comes back with the same tab id
    expect(again.c.tabId).to.equal('t2');
    expect(again.c.shouldDeferInit()).to.equal(false);
    expect(again.c.resumedEpoch).to.equal(1);
    again.c.reportRegion('us-west-2');
    await w.clock.advance(10_000);
    expect(data.size).to.equal(0);
    expect(w.tab('t1').stages.find((s) => s.stage === 'done')).to.include({ ready: 2 });
  });
});

describe('TabCoordinator page mode: ids and cancelled reloads', () => {
  const memory = () => {
    const data = new Map<string, string>();
    return {
      data,
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, v),
      removeItem: (k: string) => void data.delete(k),
    };
  };

  it('a duplicated tab (its sessionStorage copied) gets an id of its own', async () => {
    const store = memory();
    const w = new World(true, { reloadMode: 'page', tabId: undefined });
    const a = w.add('a', { store });
    await w.clock.advance(START);
    // The id is kept only across a coordinated reload, so a copy made at any other time has none to reuse.
    const copy = memory();
    for (const [k, v] of store.data) copy.setItem(k, v);
    const b = w.add('b', { store: copy });
    expect(b.c.tabId).to.not.equal(a.c.tabId);
    const won = await Promise.all([a.c.claim('k'), b.c.claim('k'), w.clock.advance(500)]);
    expect(won.slice(0, 2).filter(Boolean)).to.have.length(1);
  });

  it('a reload that the page\'s own "leave page?" prompt cancels leaves the tab with a working CCP', async () => {
    const store = memory();
    const inPlace: number[] = [];
    const w = new World(true, { reloadMode: 'page' });
    w.add('t1', { reloadMode: 'ccp' });
    const t2 = w.add('t2', { store, pageReloadMs: 1000, hooks: { reinitInPlace: async (e) => void inPlace.push(e) } });
    await w.clock.advance(START);
    w.tab('t1').c.requestReload('switch');
    await w.clock.advance(1);
    expect(w.callsOf('t2')).to.deep.equal(['teardown:1', 'reinit:1']); // location.reload() was called...
    await w.clock.advance(990);
    expect(inPlace).to.deep.equal([]);
    await w.clock.advance(10); // ...but the page is still there (the agent chose to stay)
    expect(inPlace).to.deep.equal([1]);
    expect(store.data.size).to.equal(0); // a later reload of this page is not taken for this epoch's
    expect(t2.stages.map((s) => s.stage)).to.include('ready');
    expect(w.tab('t1').stages.find((s) => s.stage === 'done')).to.include({ ready: 2, timedOut: 0 });
    expect(w.clock.pending()).to.equal(0);
  });
});

describe('TabCoordinator release', () => {
  it('a teardown hook that settles after dispose (the element was removed meanwhile) arms no timer', async () => {
    const w = new World();
    w.add('t1');
    w.add('t2');
    await w.clock.advance(START);
    w.tab('t2').holdTeardown = true;
    w.tab('t1').c.requestReload('switch');
    await w.clock.advance(1);
    expect(w.tab('t2').resolveTeardown, 'the teardown is under way').to.be.a('function');
    w.tab('t2').c.dispose();
    w.tab('t2').resolveTeardown!();
    await w.clock.advance(1);
    expect(w.clock.pending('t2'), 'timers left behind').to.equal(0);
  });
});
