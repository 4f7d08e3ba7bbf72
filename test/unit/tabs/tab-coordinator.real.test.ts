// The same coordinator on the browser's real BroadcastChannel and navigator.locks (three
// coordinators in one page: each BroadcastChannel object hears the others).
import { expect } from '@open-wc/testing';
import { TabCoordinator, type StageEvent } from '../../../src/tabs/tab-coordinator.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(10);
  }
}

describe('TabCoordinator on real BroadcastChannel and Web Locks', () => {
  const made: TabCoordinator[] = [];
  afterEach(() => made.splice(0).forEach((c) => c.dispose()));

  function make(n: number) {
    const name = `region-aware-ccp/v1/real-${Math.random().toString(36).slice(2)}`;
    const calls: string[] = [];
    const stages: Record<string, StageEvent[]> = {};
    const tabs = Array.from({ length: n }, (_, i) => {
      const id = `tab${i + 1}`;
      stages[id] = [];
      const c = new TabCoordinator({
        channelName: name,
        tabId: id,
        censusMs: 40,
        joinWindowMs: 30,
        claimWindowMs: 60,
        ackDeadlineMs: 800,
        hooks: {
          teardown: async (e) => void calls.push(`${id}:teardown:${e}`),
          reinit: async (e) => {
            calls.push(`${id}:reinit:${e}`);
            return 'us-west-2';
          },
          onStage: (ev) => stages[id].push(ev),
        },
      });
      made.push(c);
      c.start();
      return c;
    });
    return { tabs, calls, stages };
  }

  it('runs one barrier across three coordinators', async () => {
    expect(typeof BroadcastChannel).to.equal('function');
    expect(navigator.locks).to.exist;
    const { tabs, calls, stages } = make(3);
    await Promise.all(tabs.map((t) => t.initAllowed));
    await until(() => tabs.some((t) => t.isLeader));
    expect(tabs.filter((t) => t.isLeader)).to.have.length(1);
    tabs[2].requestReload('switch');
    await until(() => Object.values(stages).every((s) => s.some((e) => e.stage === 'done')));
    const firstReinit = calls.findIndex((c) => c.includes('reinit'));
    expect(firstReinit).to.equal(3);
    expect([...calls].sort()).to.deep.equal(
      ['tab1', 'tab2', 'tab3'].flatMap((t) => [`${t}:reinit:1`, `${t}:teardown:1`]).sort(),
    );
    expect(stages.tab1.at(-1)).to.include({ stage: 'done', ready: 3, timedOut: 0 });
    // Idle again: no traffic.
    const sent = tabs.map((t) => t.stats().sent);
    await sleep(300);
    expect(tabs.map((t) => t.stats().sent)).to.deep.equal(sent);
  });

  it('claim: exactly one of three concurrent claimants wins', async () => {
    const { tabs } = make(3);
    await Promise.all(tabs.map((t) => t.initAllowed));
    const results = await Promise.all(tabs.map((t) => t.claim('auto-available:real')));
    expect(results.filter(Boolean)).to.have.length(1);
    expect(await tabs[1].claim('auto-available:real')).to.equal(false);
  });

  it('hands leadership to another tab when the leader leaves', async () => {
    const { tabs } = make(3);
    await until(() => tabs.some((t) => t.isLeader));
    const leader = tabs.find((t) => t.isLeader)!;
    leader.dispose();
    await until(() => tabs.some((t) => t !== leader && t.isLeader));
    expect(tabs.filter((t) => t.isLeader)).to.have.length(1);
  });
});
