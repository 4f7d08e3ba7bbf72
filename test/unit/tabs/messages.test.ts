import { expect } from '@open-wc/testing';
import { parseMessage, MAX_TABS } from '../../../src/tabs/messages.js';

const head = { ns: 'rac', v: 2, from: 'tab-1' };

describe('parseMessage', () => {
  it('accepts every message type', () => {
    const ok = [
      { t: 'hello' },
      { t: 'hello', title: 'Case 00123 · CRM' },
      { t: 'st', epoch: 3, stage: 'blocked', reason: 'switch', auto: false, counts: { timedOut: 1 }, blocking: ['CRM', ''] },
      { t: 'st', epoch: 3, stage: 'done', reason: 'switch', auto: false, counts: { otherVersion: 1 } },
      { t: 'here', voice: false, epoch: 0, title: 'CRM' },
      { t: 'bye' },
      { t: 'req', reason: 'switch', auto: true },
      { t: 'here', voice: false, epoch: 3 },
      { t: 'here', voice: true, epoch: 1, region: 'us-east-1' },
      { t: 'st', epoch: 3, stage: 'teardown', reason: 'desync', auto: false },
      { t: 'st', epoch: 3, stage: 'done', reason: 'switch', auto: true, tabs: ['a', 'b'], counts: { ready: 2, timedOut: 0 } },
      { t: 'ack', epoch: 1 },
      { t: 'ready', epoch: 1, ok: true, region: 'us-west-2' },
      { t: 'voice', voice: true },
      { t: 'region', region: 'eu-central-1' },
      { t: 'ask', key: 'auto-available:7f3a-9' },
      { t: 'taken', key: 'k' },
      { t: 'own', key: 'k' },
    ];
    for (const body of ok) expect(parseMessage({ ...head, ...body }), body.t).to.deep.equal({ ...head, ...body });
  });

  it('understands the hello of every version: the version and the sender, whatever a later version adds', () => {
    expect(parseMessage({ ns: 'rac', v: 1, t: 'hello', from: 'old' })).to.deep.equal({ ns: 'rac', v: 1, t: 'hello', from: 'old' });
    expect(parseMessage({ ns: 'rac', v: 7, t: 'hello', from: 'new', title: 'CRM', caps: ['x'] })).to.include({ v: 7, t: 'hello', from: 'new', title: 'CRM' });
    for (const bad of [{ v: 0 }, { v: 1.5 }, { v: 1e6 }, { ns: 'x' }, { from: 'a b' }, { title: 'a\nb' }, { title: 't'.repeat(129) }]) {
      expect(parseMessage({ ns: 'rac', v: 3, t: 'hello', from: 'a', ...bad }), JSON.stringify(bad)).to.equal(null);
    }
  });

  it('rejects malformed, foreign, other-version, oversized and over-sharing messages without throwing', () => {
    const hostile = {
      ...head,
      t: 'bye',
      get extra(): never {
        throw new Error('boom');
      },
    };
    const bad: unknown[] = [
      undefined,
      null,
      0,
      'x',
      [head],
      { ...head, ns: 'streams' },
      { ...head, v: 3, t: 'ack', epoch: 1 },
      { ...head, v: '2', t: 'hello' },
      { ...head, t: 'toString' },
      { ...head, t: 'constructor' },
      { ...head, t: 'hello', from: '' },
      { ...head, t: 'hello', from: 'a b' },
      { ...head, t: 'req', reason: 'switch' },
      { ...head, t: 'req', reason: 'switch', auto: 'yes' },
      { ...head, t: 'req', reason: 'r'.repeat(129), auto: true },
      { ...head, t: 'ack', epoch: 1.5 },
      { ...head, t: 'ack', epoch: Number.MAX_SAFE_INTEGER + 2 },
      { ...head, t: 'ack', epoch: 1, contactId: 'c-1' },
      { ...head, t: 'st', epoch: 1, stage: 'teardown', reason: 'x', auto: false, tabs: Array(MAX_TABS + 1).fill('a') },
      { ...head, t: 'st', epoch: 1, stage: 'teardown', reason: 'x', auto: false, counts: { token: 1 } },
      { ...head, t: 'st', epoch: 1, stage: 'teardown', reason: 'x', auto: false, counts: { ready: -1 } },
      { ...head, t: 'st', epoch: 1, stage: 'teardown', reason: 'x', auto: false, counts: [] },
      { ...head, t: 'ready', epoch: 1, ok: true, region: '<img src=x>' },
      { ...head, t: 'voice', voice: true, region: 'us-east-1' },
      hostile,
    ];
    bad.forEach((b, i) => expect(parseMessage(b), `case ${i}`).to.equal(null));
  });
});
