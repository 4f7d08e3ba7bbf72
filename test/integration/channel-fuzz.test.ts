// 10,000 hostile messages on the tab channel of a running element: malformed, oversized,
// wrong-version, foreign, replayed and out-of-order. Nothing may throw, reload or change.
import { expect } from '@open-wc/testing';
import { mount, until, type CcpHarness, releaseAll } from '../helpers/element-harness.js';
import { newSession } from '../helpers/sim.js';
import type { Session } from '../../simulator/client.mjs';

/** A small deterministic PRNG (mulberry32), so a failure can be replayed with its seed. */
function prng(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('tab channel fuzz', function () {
  this.timeout(60000);
  let h: CcpHarness | null = null;
  let session: Session | null = null;

  after(releaseAll);

  it('ignores and counts 10,000 bad, replayed and out-of-order messages', async () => {
    const channel = `rac-fuzz-${Date.now()}`;
    session = await newSession();
    h = mount(session, { channel });
    await h.event('rac-ready');
    await until(() => h!.el.phase === 'ready');

    // One real coordinated reload, recorded, so there are genuine messages to replay.
    const spy = new BroadcastChannel(channel);
    const recorded: unknown[] = [];
    spy.onmessage = (e) => recorded.push(e.data);
    h.el.reloadAllTabs('fuzz-setup');
    await until(() => h!.all('rac-tabs-reload').some((e) => e.stage === 'done'), 15000, 'reload done');
    await until(() => h!.el.phase === 'ready');
    const framesBefore = h.frames();
    const reloadsBefore = h.all('rac-tabs-reload').length;
    const statsBefore = h.el.diagnostics.tabs!;
    // Replays of everything but fresh requests (a same-origin `req` is a legitimate ask to reload).
    const replayable = recorded.filter((m) => (m as { t?: string }).t !== 'req' && (m as { t?: string }).t !== 'hello');
    expect(replayable.length).to.be.greaterThan(0);

    const rnd = prng(20261126);
    const pick = (xs: unknown[]): unknown => xs[Math.floor(rnd() * xs.length)];
    const makers: Array<() => unknown> = [
        () => null,
        () => 42,
        () => 'req',
        () => [1, 2, 3],
        () => ({}),
        () => ({ ns: 'rac', v: 3, from: 'x', t: 'req', reason: 'r', auto: true }),
        () => ({ ns: 'other', v: 2, from: 'x', t: 'req', reason: 'r', auto: true }),
        () => ({ ns: 'rac', v: 2, from: 'x', t: 'req', reason: 'x'.repeat(100_000), auto: true }),
        () => ({ ns: 'rac', v: 2, from: 'x', t: 'req', reason: 'ok', auto: 'yes' }),
        () => ({ ns: 'rac', v: 2, from: 'x', t: 'st', epoch: -1, stage: 'teardown', reason: 'r', auto: true }),
        () => ({ ns: 'rac', v: 2, from: 'x', t: 'st', epoch: 1, stage: 'explode', reason: 'r', auto: true }),
        () => ({ ns: 'rac', v: 2, from: '<img src=x onerror=alert(1)>', t: 'bye' }),
        () => ({ ns: 'rac', v: 2, from: 'x', t: 'ready', epoch: 1e300, ok: true }),
        () => ({ ns: 'rac', v: 2, from: 'x', t: 'region', region: 'us-west-2', contact: { phone: '+15550100' } }),
        () => ({ ns: 'rac', v: 2, from: 'x', t: 'constructor' }),
        () => ({ ns: 'rac', v: 2, from: 'x', t: '__proto__', key: 'k' }),
        () => ({ ns: 'rac', v: 2, from: 'x', t: 'st', epoch: 1, stage: 'teardown', reason: 'r', auto: true, tabs: Array(65).fill('t') }),
        () => new Uint8Array(1024),
        () => ({ ns: 'rac', v: 2, from: 'x', t: 'ack', epoch: 1, extra: 1 }),
    ];
    const junk = (): unknown => makers[Math.floor(rnd() * makers.length)]();
    let sentJunk = 0;
    for (let i = 0; i < 10_000; i++) {
      if (rnd() < 0.25) {
        spy.postMessage(pick(replayable)); // replayed / out of order
      } else {
        spy.postMessage(junk());
        sentJunk++;
      }
      if (i % 500 === 0) await new Promise((r) => setTimeout(r, 0));
    }
    const seen = () => {
      const t = h!.el.diagnostics.tabs!;
      return t.received + t.invalid - statsBefore.received - statsBefore.invalid;
    };
    await until(() => seen() >= 10_000, 20000, 'all fuzz messages received');
    await new Promise((r) => setTimeout(r, 500));

    const stats = h.el.diagnostics.tabs!;
    const invalid = stats.invalid - statsBefore.invalid;
    const ignored = stats.ignored - statsBefore.ignored;
    console.log(`fuzz: 10000 sent, ${sentJunk} malformed → ${invalid} invalid; replays → ${ignored} ignored`);
    expect(invalid).to.equal(sentJunk);
    expect(h.all('rac-tabs-reload').length).to.equal(reloadsBefore);
    expect(h.frames()).to.deep.equal(framesBefore);
    expect(h.el.phase).to.equal('ready');
    expect(h.el.activeRegion).to.equal('us-east-1');
    expect(h.pageErrors()).to.deep.equal([]);
    spy.close();
  });
});
