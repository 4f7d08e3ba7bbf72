// Browsers that lack or refuse part of what the coordinator uses, frozen tabs, two versions of the
// element in one browser and forged messages: coordination fails open, never closed.
import { expect } from '@open-wc/testing';
import { randomId, type LifecycleTarget, type LockManagerLike } from '../../../src/tabs/tab-coordinator.js';
import { PROTOCOL } from '../../../src/tabs/messages.js';
import { World } from './harness.js';

const START = 300;

function expectOneCycle(w: World, ids: string[], epoch = 1): void {
  for (const id of ids) expect(w.callsOf(id), id).to.deep.equal([`teardown:${epoch}`, `reinit:${epoch}`]);
}

/** Web Locks that exist but refuse every request (a sandboxed frame, storage blocked). */
const rejecting: LockManagerLike = {
  request: () => Promise.reject(new DOMException('The request was denied.', 'SecurityError')),
  query: () => Promise.reject(new DOMException('denied', 'SecurityError')),
};

class Lifecycle implements LifecycleTarget {
  readonly listeners = new Map<string, Set<() => void>>();
  addEventListener(type: string, fn: () => void): void {
    this.listeners.set(type, (this.listeners.get(type) ?? new Set()).add(fn));
  }
  removeEventListener(type: string, fn: () => void): void {
    this.listeners.get(type)?.delete(fn);
  }
  fire(type: 'freeze' | 'resume'): void {
    for (const fn of this.listeners.get(type) ?? []) fn();
  }
}

describe('TabCoordinator in degraded browsers', () => {
  it('Web Locks that reject: the channel-only election leads, reloads still run', async () => {
    const w = new World(true);
    for (const id of ['t1', 't2', 't3']) w.add(id, { locks: rejecting });
    await w.clock.advance(START);
    w.tab('t2').c.requestReload('switch');
    await w.clock.advance(10_000);
    expectOneCycle(w, ['t1', 't2', 't3']);
    expect(w.tab('t3').stages.at(-1)).to.include({ stage: 'done', ready: 3 });
  });

  it('a request made before the rejection is known is still served', async () => {
    const w = new World(true);
    const late: LockManagerLike = {
      request: () => new Promise((_, fail) => setTimeout(() => fail(new DOMException('denied', 'SecurityError')), 5)),
    };
    w.add('t1', { locks: late });
    w.tab('t1').c.requestReload('switch');
    await w.clock.advance(START);
    await new Promise((r) => setTimeout(r, 20));
    await w.clock.advance(1_000);
    expect(w.callsOf('t1')).to.deep.equal(['teardown:1', 'reinit:1']);
  });

  it('without crypto.randomUUID (http: pages) ids come from getRandomValues, unique', () => {
    const noUuid = { getRandomValues: crypto.getRandomValues.bind(crypto) };
    const ids = new Set(Array.from({ length: 100 }, () => randomId(noUuid)));
    expect(ids.size).to.equal(100);
    for (const id of ids) expect(id).to.match(/^\d+(-\d+){3}$/);
    expect(randomId()).to.match(/^[0-9a-f-]{36}$/);
  });
});

describe('TabCoordinator and Page Lifecycle freezing', () => {
  it('a frozen leader gives up leadership at once and rejoins on resume', async () => {
    const w = new World(true);
    const life = new Lifecycle();
    w.add('t1', { lifecycle: life });
    w.add('t2');
    w.add('t3');
    await w.clock.advance(START);
    expect(w.tab('t1').c.isLeader).to.equal(true);
    life.fire('freeze');
    w.freeze('t1');
    await w.clock.advance(1);
    expect(w.tab('t2').c.isLeader).to.equal(true);
    // t1 froze with its CCP (its tab lock says it lives): a barrier tears the others down and, once
    // the ack deadline passed, waits for it, naming it.
    w.tab('t3').c.requestReload('switch');
    await w.clock.advance(3010);
    expect(w.tab('t3').stages.at(-1)).to.deep.include({ stage: 'blocked', blocking: ['Tab t1'] });
    // It wakes: the queued teardown runs, and every tab re-initialises once, into the new worker.
    w.thaw('t1');
    life.fire('resume');
    await w.clock.advance(10);
    expectOneCycle(w, ['t1', 't2', 't3']);
    expect(w.tab('t2').stages.at(-1)).to.include({ stage: 'done', tabs: 3, ready: 3 });
    expect(w.tab('t1').c.isLeader).to.equal(false);
    w.tab('t2').c.dispose();
    await w.clock.advance(1);
    expect(w.tab('t1').c.isLeader || w.tab('t3').c.isLeader).to.equal(true);
  });

  it('a tab whose barrier messages were lost while it slept catches up on resume: one reload, no second one for the others', async () => {
    const w = new World(true);
    const life = new Lifecycle();
    w.add('t1');
    w.add('t2');
    w.add('t3', { lifecycle: life });
    await w.clock.advance(START);
    w.freeze('t3'); // stopped without a freeze event (a long task, a debugger, a browser that sends none)
    w.tab('t1').c.requestReload('switch');
    await w.clock.advance(5_000);
    expect(w.tab('t1').stages.at(-1)).to.include({ stage: 'blocked' });
    for (const c of w.hub.channels) if (c.owner === 't3') c.queue.length = 0; // what it missed is gone
    w.thaw('t3');
    life.fire('resume');
    await w.clock.advance(10);
    expectOneCycle(w, ['t1', 't2', 't3']);
    expect(w.stagesOf('t3')).to.deep.equal(['blocked', 'reinit', 'ready', 'done']);
  });
});

describe('TabCoordinator with two versions in one browser', () => {
  it('a newer version\'s hello offers a reload of this tab, once', async () => {
    const w = new World(true);
    const told: number[] = [];
    w.add('t1', { hooks: { onNewerVersion: (v) => told.push(v) } });
    await w.clock.advance(START);
    const hello = { ns: 'rac', v: PROTOCOL + 1, t: 'hello', from: 'n1', caps: 'whatever' };
    w.hub.inject('t1', hello);
    w.hub.inject('t1', { ...hello, from: 'n2' });
    w.hub.inject('t1', { ns: 'rac', v: 1, t: 'hello', from: 'old' });
    await w.clock.advance(10);
    expect(told).to.deep.equal([PROTOCOL + 1]);
    expect(w.tab('t1').invalid).to.deep.equal([]);
  });

  it('tabs of another version that hold a CCP are counted in `done`, so the agent is told', async () => {
    const w = new World(true);
    w.add('t1');
    w.add('t2');
    // A tab of version 1 holds its tab lock under the old name and would keep the old shared worker.
    void w.locks.for('old').request('region-aware-ccp/v1/test/tab/old', {}, () => new Promise(() => {}));
    await w.clock.advance(START);
    w.tab('t2').c.requestReload('switch');
    await w.clock.advance(10_000);
    expectOneCycle(w, ['t1', 't2']);
    expect(w.tab('t1').stages.at(-1)).to.include({ stage: 'done', tabs: 2, otherVersion: 1 });
  });

  it('a forged epoch (2^53 − 1) is rejected and counted; the next reload runs', async () => {
    const w = new World(true);
    w.add('t1');
    w.add('t2');
    await w.clock.advance(START);
    for (const epoch of [Number.MAX_SAFE_INTEGER, 5000]) {
      w.hub.inject('t2', { ns: 'rac', v: PROTOCOL, t: 'st', from: 'evil', epoch, stage: 'teardown', reason: 'x', auto: false });
    }
    await w.clock.advance(10);
    expect(w.tab('t2').invalid).to.deep.equal([1, 2]);
    expect(w.calls).to.deep.equal([]);
    w.tab('t2').c.requestReload('switch');
    await w.clock.advance(10_000);
    expectOneCycle(w, ['t1', 't2']);
  });
});
