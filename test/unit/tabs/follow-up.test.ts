// Barriers that must end, and end with every tab in one region: a page-mode leader that reloads
// itself, a tab that kept its CCP for a call that started as the teardown went out, and a tab that
// joined after the last barrier and then leads one.
import { expect } from '@open-wc/testing';
import { PROTOCOL } from '../../../src/tabs/messages.js';
import type { LifecycleTarget, StoreLike } from '../../../src/tabs/tab-coordinator.js';
import { World } from './harness.js';

const START = 300;

const memory = (): StoreLike & { data: Map<string, string> } => {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
};

class Lifecycle implements LifecycleTarget {
  readonly fns = new Map<string, () => void>();
  addEventListener(type: string, fn: () => void): void {
    this.fns.set(type, fn);
  }
  removeEventListener(type: string): void {
    this.fns.delete(type);
  }
  fire(type: 'freeze' | 'resume'): void {
    this.fns.get(type)?.();
  }
}

/** Page mode: each tab whose reinit hook ran (location.reload) unloads and comes back ready, until none is left; the order they reloaded in. */
async function reloadPages(w: World, stores: Record<string, StoreLike>, epoch = 1): Promise<string[]> {
  const done: string[] = [];
  for (;;) {
    const next = [...w.tabs.keys()].find((id) => !done.includes(id) && w.callsOf(id).includes(`reinit:${epoch}`));
    if (!next) return done;
    done.push(next);
    w.tab(next).c.dispose();
    await w.clock.advance(10);
    w.add(next, { store: stores[next], tabId: undefined }).c.reportRegion('us-west-2');
    await w.clock.advance(10);
  }
}

/** The call starts in `id` after the leader decided on teardown, before `id` heard of it (the race F1 guards against). */
async function callStartsAsTeardownGoesOut(w: World, id: string, leader = 't1'): Promise<void> {
  w.hub.frozen.add(id); // holds what reaches `id`, its timers still run
  w.tab(leader).c.requestReload('switch', { automatic: true });
  await w.clock.advance(1);
  await w.clock.advance(w.tab(leader).stages.find((s) => s.stage === 'jitter')?.delayMs ?? 0);
  expect(w.stagesOf(leader)).to.include('teardown');
  w.tab(id).c.setVoiceLive(true);
  w.hub.thaw(id);
  await w.clock.advance(1);
}

describe('TabCoordinator page mode: a leader that reloads itself', () => {
  it('the barrier still reaches done: the leader reloads its own page last, once the others are back', async () => {
    const w = new World(true, { reloadMode: 'page' });
    const stores = { t1: memory(), t2: memory(), t3: memory() };
    for (const id of ['t1', 't2', 't3'] as const) w.add(id, { store: stores[id] });
    await w.clock.advance(START);
    expect(w.tab('t1').c.isLeader).to.equal(true);
    w.tab('t2').c.requestReload('switch');
    await w.clock.advance(1);
    for (const id of ['t2', 't3']) expect(w.callsOf(id), id).to.deep.equal(['teardown:1', 'reinit:1']);
    expect(w.callsOf('t1'), 'the leader waits, torn down').to.deep.equal(['teardown:1']);
    const reloaded = await reloadPages(w, stores);
    expect(reloaded).to.deep.equal(['t2', 't3', 't1']);
    for (const id of ['t2', 't3']) {
      expect(w.tab(id).stages.find((s) => s.stage === 'done'), id).to.include({ epoch: 1, tabs: 3, ready: 3, timedOut: 0 });
    }
    // On messages, not on the deadline; and nothing left running.
    expect(w.clock.now).to.be.below(START + 1000);
    expect(w.clock.pending()).to.equal(0);
    for (const s of Object.values(stores)) expect(s.data.size).to.equal(0);
  });

  it('the leader closed while the others reload: a reloaded page keeps the epoch, so the next barrier is newer', async () => {
    const w = new World(true, { reloadMode: 'page' });
    w.add('t1', { store: memory() });
    const s2 = memory();
    w.add('t2', { store: s2 });
    await w.clock.advance(START);
    w.tab('t1').c.requestReload('switch');
    await w.clock.advance(1);
    w.tab('t1').c.dispose(); // closed while it waited for the others
    w.tab('t2').c.dispose();
    await w.clock.advance(10);
    const t2 = w.add('t2', { store: s2, tabId: undefined });
    t2.c.reportRegion('us-west-2');
    await w.clock.advance(10_000);
    t2.c.requestReload('again');
    await w.clock.advance(10);
    expect(t2.stages.at(-1)).to.include({ stage: 'done', epoch: 2 });
  });
});

for (const mode of ['ccp', 'page'] as const) {
  describe(`TabCoordinator (${mode} mode): a tab that kept its CCP for a call follows up when the call ends`, () => {
    it('the call ends after the barrier: the tab asks for a reload with the same reason, every tab reloads once more', async () => {
      const w = new World(true, { reloadMode: mode });
      const stores = { t1: memory(), t2: memory(), t3: memory() };
      for (const id of ['t1', 't2', 't3'] as const) w.add(id, { store: stores[id] });
      await w.clock.advance(START);
      await callStartsAsTeardownGoesOut(w, 't3');
      expect(w.callsOf('t3'), 'voice is sacred').to.deep.equal([]);
      if (mode === 'page') expect(await reloadPages(w, stores)).to.deep.equal(['t2', 't1']);
      await w.clock.advance(100);
      expect(w.tab('t3').stages.find((s) => s.stage === 'done')).to.include({ epoch: 1, ready: 2 });
      // Long after, the call ends: t3 still shares the old worker, so the set reloads again.
      await w.clock.advance(60_000);
      expect(w.callsOf('t3')).to.deep.equal([]);
      w.tab('t3').c.setVoiceLive(false);
      await w.clock.advance(3000); // an automatic reload waits its jitter (2000 × 0.5 here)
      if (mode === 'page') await reloadPages(w, stores, 2);
      expect(w.callsOf('t3')).to.deep.equal(['teardown:2', 'reinit:2']);
      const req = w.hub.log.filter((l) => l.data.t === 'req' && l.owner === 't3');
      expect(req.map((l) => l.data)).to.deep.include.members([{ ns: 'rac', v: PROTOCOL, from: 't3', t: 'req', reason: 'switch', auto: true }]);
      expect(w.hub.log.some((l) => l.data.stage === 'jitter' && l.data.epoch === 2), 'the automatic reload waited its jitter').to.equal(true);
      // Once: no further reloads.
      await w.clock.advance(60_000);
      expect(w.callsOf('t3')).to.deep.equal(['teardown:2', 'reinit:2']);
    });
  });
}

describe('TabCoordinator: a tab that kept its CCP for a call', () => {
  it('the call ends while the barrier still tears down: the tab joins it, no second barrier', async () => {
    const w = new World(true);
    for (const id of ['t1', 't2', 't3']) w.add(id);
    await w.clock.advance(START);
    w.tab('t2').holdTeardown = true; // the barrier is still tearing down when the call ends
    await callStartsAsTeardownGoesOut(w, 't3');
    expect(w.callsOf('t3')).to.deep.equal([]);
    w.tab('t3').c.setVoiceLive(false);
    await w.clock.advance(10);
    expect(w.callsOf('t3')).to.deep.equal(['teardown:1']);
    w.tab('t2').resolveTeardown!();
    await w.clock.advance(10);
    for (const id of ['t1', 't2', 't3']) expect(w.callsOf(id), id).to.deep.equal(['teardown:1', 'reinit:1']);
    expect(w.tab('t1').stages.find((s) => s.stage === 'done')).to.include({ tabs: 3, ready: 3, timedOut: 0 });
    await w.clock.advance(60_000);
    expect(w.calls).to.have.length(6);
  });
});

for (const useLocks of [true, false]) {
  describe(`TabCoordinator (${useLocks ? 'Web Locks' : 'channel-only fallback'}): a tab that joined after the last barrier`, () => {
    it('learns the epoch from the answers to its hello: the barrier it leads is newer, every tab takes part', async () => {
      const w = new World(useLocks);
      const life = { t1: new Lifecycle(), t2: new Lifecycle() };
      w.add('t1', { lifecycle: life.t1 });
      w.add('t2', { lifecycle: life.t2 });
      await w.clock.advance(START);
      for (let i = 0; i < 3; i++) {
        w.tab('t1').c.requestReload('switch');
        await w.clock.advance(1000);
      }
      expect(w.callsOf('t2')).to.have.length(6);
      // A newcomer (without Web Locks its id is the lowest, so it leads; with them the others were
      // frozen for a while, which put them behind it in the leader queue).
      const late = w.add('t0');
      await w.clock.advance(START);
      if (useLocks) {
        for (const l of [life.t2, life.t1]) {
          l.fire('freeze');
          await w.clock.advance(1);
          l.fire('resume');
          await w.clock.advance(1);
        }
      }
      expect(late.c.isLeader || !useLocks).to.equal(true);
      late.c.requestReload('switch');
      await w.clock.advance(1000);
      expect(late.stages.at(-1)).to.include({ stage: 'done', epoch: 4, ready: 3 });
      for (const id of ['t1', 't2']) expect(w.callsOf(id).slice(-2), id).to.deep.equal(['teardown:4', 'reinit:4']);
    });
  });
}

describe('TabCoordinator: an epoch no tab could have sent', () => {
  it('in a census answer (here) is rejected and counted; the next reload runs', async () => {
    const w = new World(true);
    w.add('t1');
    w.add('t2');
    await w.clock.advance(START);
    w.hub.inject('t1', { ns: 'rac', v: PROTOCOL, t: 'here', from: 'evil', voice: true, epoch: Number.MAX_SAFE_INTEGER });
    await w.clock.advance(10);
    expect(w.tab('t1').invalid).to.deep.equal([1]);
    w.tab('t2').c.requestReload('switch');
    await w.clock.advance(10_000);
    for (const id of ['t1', 't2']) expect(w.callsOf(id), id).to.deep.equal(['teardown:1', 'reinit:1']);
  });
});
