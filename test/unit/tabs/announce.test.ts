import { expect } from '@open-wc/testing';
import { MAX_ANNOUNCE_BYTES, MAX_ANNOUNCE_KEYS, MAX_ANNOUNCE_STRING } from '../../../src/tabs/messages.js';
import { World } from './harness.js';

const head = { ns: 'rac', v: 2, from: 't9' };

async function world(n: number): Promise<World> {
  const w = new World(true);
  for (let i = 1; i <= n; i++) w.add(`t${i}`);
  await w.clock.advance(300);
  return w;
}

describe('TabCoordinator announce', () => {
  it('reaches every other tab once, with the sender id; not the sender itself', async () => {
    const w = await world(3);
    const payload = { region: 'us-east-1', state: 'Available', ok: true, n: 2, reason: null };
    expect(w.tab('t2').c.announce('available-outcome', payload)).to.equal(true);
    await w.clock.advance(10);
    for (const id of ['t1', 't3']) {
      expect(w.tab(id).announced, id).to.deep.equal([{ topic: 'available-outcome', payload, from: 't2' }]);
    }
    expect(w.tab('t2').announced).to.deep.equal([]);
    expect(w.clock.pending()).to.equal(0); // no timer, no reply: one message
    expect(w.hub.log.filter((e) => e.data.t === 'ann')).to.have.length(1);
  });

  it('refuses to send a payload outside the bounds, and before start', async () => {
    const w = await world(2);
    const t1 = w.tab('t1').c;
    const many = Object.fromEntries(Array.from({ length: MAX_ANNOUNCE_KEYS + 1 }, (_, i) => [`k${i}`, i]));
    const bad: unknown[] = [
      many,
      { s: 'x'.repeat(MAX_ANNOUNCE_STRING + 1) },
      { s: 'line\nbreak' },
      { nested: { a: 1 } },
      { list: [1] },
      { n: Number.NaN },
      { 'bad key': 1 },
    ];
    for (const p of bad) expect(t1.announce('topic', p as Record<string, string>), JSON.stringify(p)).to.equal(false);
    expect(t1.announce('bad topic', {})).to.equal(false);
    await w.clock.advance(10);
    expect(w.tab('t2').announced).to.deep.equal([]);
    expect(w.tab('t2').invalid).to.deep.equal([]);
    t1.dispose();
    expect(t1.announce('topic', {})).to.equal(false);
  });

  it('ignores and counts bad, foreign and oversized announcements from the channel', async () => {
    const w = await world(1);
    const big = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`k${i}`, 'y'.repeat(200)]));
    expect(JSON.stringify(big).length).to.be.greaterThan(MAX_ANNOUNCE_BYTES);
    const bad: unknown[] = [
      { ...head, t: 'ann', topic: 'x', payload: big },
      { ...head, t: 'ann', topic: 'x', payload: { a: { b: 1 } } },
      { ...head, t: 'ann', topic: 'x' },
      { ...head, t: 'ann', topic: 'x'.repeat(65), payload: {} },
      { ...head, ns: 'other', t: 'ann', topic: 'x', payload: {} },
      { ...head, t: 'ann', topic: 'x', payload: {}, extra: 1 },
    ];
    for (const b of bad) w.hub.inject('t1', b);
    await w.clock.advance(10);
    expect(w.tab('t1').announced).to.deep.equal([]);
    expect(w.tab('t1').invalid).to.deep.equal([1, 2, 3, 4, 5, 6]);
    expect(w.tab('t1').c.stats()).to.include({ invalid: 6, received: 0 });
    w.hub.inject('t1', { ...head, t: 'ann', topic: 'auto-available-pref', payload: { on: false } });
    await w.clock.advance(10);
    expect(w.tab('t1').announced).to.deep.equal([{ topic: 'auto-available-pref', payload: { on: false }, from: 't9' }]);
  });

  it('a throwing onAnnounce hook does not break the tab', async () => {
    const w = new World(true);
    const t1 = w.add('t1');
    w.add('t2', {
      hooks: {
        onAnnounce() {
          throw new Error('listener bug');
        },
      },
    });
    await w.clock.advance(300);
    t1.c.announce('x', {});
    await w.clock.advance(10);
    t1.c.requestReload('switch');
    await w.clock.advance(10_000);
    expect(w.callsOf('t2')).to.deep.equal(['teardown:1', 'reinit:1']);
    expect(w.stagesOf('t2')).to.include('done');
  });
});
