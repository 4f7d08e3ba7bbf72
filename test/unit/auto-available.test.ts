import { expect } from '@open-wc/testing';
import { backoffMs, firstDelayMs, FIRST_SPREAD_MS, pickAvailableState, retry, shouldSetAvailable } from '../../src/switch/auto-available.js';

/** A timer that never fires (the attempts below all answer). */
const noTimer = () => () => {};

const arn = (region: string, id: string) => `arn:aws:connect:${region}:111122223333:instance/i-1/agent-state/${id}`;

describe('auto-available', () => {
  it('picks the new region\'s routable Available state, never an old-region ARN', () => {
    const states = [
      { agentStateARN: arn('us-east-1', 'a'), type: 'routable', name: 'Available' },
      { agentStateARN: arn('us-west-2', 'o'), type: 'offline', name: 'Offline' },
      { agentStateARN: arn('us-west-2', 'b'), type: 'not_routable', name: 'Break' },
      { agentStateARN: arn('us-west-2', 'a'), type: 'routable', name: 'Available' },
    ];
    expect(pickAvailableState(states, 'us-west-2')?.agentStateARN).to.equal(arn('us-west-2', 'a'));
    expect(pickAvailableState(states.slice(0, 3), 'us-west-2')).to.equal(null);
  });

  it('applies the policy', () => {
    expect(shouldSetAvailable(false, 'always', true)).to.equal(false);
    expect(shouldSetAvailable(true, 'always', false)).to.equal(true);
    expect(shouldSetAvailable(true, 'was-routable', false)).to.equal(false);
    expect(shouldSetAvailable(true, 'was-routable', true)).to.equal(true);
  });

  it('backs off exponentially, capped, with full jitter from the injected random', () => {
    const o = { baseDelayMs: 1000, maxDelayMs: 8000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, { ...o, random: () => 0.5 }))).to.deep.equal([500, 1000, 2000, 4000, 4000]);
    // Full jitter: anywhere from no wait to the whole delay, never beyond the cap.
    expect(backoffMs(3, { ...o, random: () => 0 })).to.equal(0);
    expect(backoffMs(10, { ...o, random: () => 0.999 })).to.equal(7992);
  });

  it('spreads the first request over 0..FIRST_SPREAD_MS from the injected random', () => {
    expect(firstDelayMs(() => 0)).to.equal(0);
    expect(firstDelayMs(() => 0.5)).to.equal(FIRST_SPREAD_MS / 2);
    expect(firstDelayMs(() => 0.9999)).to.be.below(FIRST_SPREAD_MS);
    expect(firstDelayMs(() => 0.5, 1000)).to.equal(500);
  });

  it('retries a failing setState a bounded number of times, then reports the last error', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const out = await retry(
      async () => {
        calls++;
        throw new Error(`boom ${calls}`);
      },
      () => true,
      { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 40, random: () => 0.5, sleep: async (ms) => void sleeps.push(ms), timer: noTimer },
    );
    expect(out).to.deep.equal({ ok: false, attempts: 3, error: 'boom 3', abandoned: false });
    expect(calls).to.equal(3);
    expect(sleeps).to.deep.equal([5, 10]);
  });

  it('succeeds after transient failures and stops when no longer wanted', async () => {
    let calls = 0;
    const o = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 1, random: () => 0.5, sleep: async () => {}, timer: noTimer };
    const ok = await retry(
      async () => {
        if (++calls < 3) throw new Error('x');
      },
      () => true,
      o,
    );
    expect(ok).to.deep.equal({ ok: true, attempts: 3 });
    let wanted = true;
    const stopped = await retry(
      async () => {
        wanted = false; // the agent picked a state by hand meanwhile
        throw new Error('conflict');
      },
      () => wanted,
      o,
    );
    expect(stopped).to.deep.include({ ok: false, attempts: 1, abandoned: true });
  });

  it('an option turned off during an attempt stops the retries: no wait for the next delay, and the last attempt ends as stopped, not failed', async () => {
    let wanted = true;
    const sleeps: number[] = [];
    const o = { maxAttempts: 2, baseDelayMs: 1000, maxDelayMs: 8000, random: () => 1, sleep: async (ms: number) => void sleeps.push(ms), timer: noTimer };
    const off = async () => {
      wanted = false; // the agent turned the option off while this attempt ran
      throw new Error('No answer after 10000 ms.');
    };
    expect(await retry(off, () => wanted, o)).to.deep.include({ ok: false, attempts: 1, abandoned: true });
    expect(sleeps).to.deep.equal([]);
    wanted = true;
    let calls = 0;
    const lastOff = async () => {
      if (++calls === 2) wanted = false;
      throw new Error('boom');
    };
    expect(await retry(lastOff, () => wanted, o)).to.deep.include({ ok: false, attempts: 2, abandoned: true });
  });

  it('counts an attempt that never answers as a failed one (setState has no timeout), and clears the timer of one that does', async () => {
    let calls = 0;
    const armed: number[] = [];
    const cancelled: number[] = [];
    /** Attempt 1 and 2 never answer, attempt 3 does; the injected timer fires at once for a hanging attempt. */
    const attempt = () => (++calls < 3 ? new Promise<void>(() => {}) : Promise.resolve());
    const timer = (fn: () => void, ms: number) => {
      const n = calls;
      armed.push(ms);
      if (n < 3) queueMicrotask(fn);
      return () => cancelled.push(n);
    };
    const o = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, attemptTimeoutMs: 50, random: () => 0.5, sleep: async () => {}, timer };
    expect(await retry(attempt, () => true, o)).to.deep.equal({ ok: true, attempts: 3 });
    expect(armed).to.deep.equal([50, 50, 50]);
    expect(cancelled).to.deep.equal([3]);
    // Only hangs: the retries and the final failure follow as for an error.
    calls = -10;
    const out = await retry(() => (calls++, new Promise<void>(() => {})), () => true, { ...o, timer: (fn) => (queueMicrotask(fn), () => {}) });
    expect(out).to.deep.equal({ ok: false, attempts: 3, error: 'No answer after 50 ms.', abandoned: false });
    expect(calls).to.equal(-7);
  });
});
