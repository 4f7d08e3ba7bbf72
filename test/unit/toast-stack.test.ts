import { expect } from '@open-wc/testing';
import { ToastStack, type Phrase } from '../../src/ui/toast-stack.js';

/** A toast text in tests: one phrase whose parameter names it. */
const say = (name: string): Phrase[] => [{ key: 'error', params: { code: name } }];

/** A manual clock: timers run only when the test advances time. */
function fakeScheduler() {
  let now = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  let id = 0;
  return {
    setTimeout: (fn: () => void, ms: number) => (timers.set(++id, { at: now + ms, fn }), id),
    clearTimeout: (h: unknown) => void timers.delete(h as number),
    advance(ms: number) {
      now += ms;
      for (const [k, t] of [...timers]) if (t.at <= now) (timers.delete(k), t.fn());
    },
    get pending() {
      return timers.size;
    },
  };
}

describe('ToastStack', () => {
  it('hides informational toasts after the timeout, keeps ones that ask for action', () => {
    const s = fakeScheduler();
    const stack = new ToastStack(s, () => 1000, () => {});
    stack.show('switched', say('moved'));
    stack.show('refresh-needed', say('refresh'), { action: 'refresh' });
    stack.show('error', say('bad'));
    s.advance(1000);
    expect(stack.toasts.map((t) => t.kind)).to.deep.equal(['refresh-needed', 'error']);
    expect(stack.toasts.find((t) => t.kind === 'error')?.urgent).to.equal(true);
    expect(s.pending).to.equal(0);
  });

  it('keeps the Offline request until it is dismissed; dismissing picks toasts by what they say, and changes nothing when none matches', () => {
    const s = fakeScheduler();
    let changes = 0;
    const stack = new ToastStack(s, () => 1000, () => changes++);
    stack.show('offline', [{ key: 'offline' }]);
    stack.show('refresh-needed', [{ key: 'stale', params: { to: 'B', seconds: 1 } }], { action: 'refresh' });
    s.advance(5000);
    expect(stack.toasts.map((t) => t.kind)).to.deep.equal(['offline', 'refresh-needed']);
    const before = changes;
    stack.dismiss((t) => t.text[0].key === 'callDropped');
    expect(changes).to.equal(before); // nothing to remove: no re-render
    stack.dismiss((t) => t.action === 'refresh');
    expect(stack.toasts.map((t) => t.kind)).to.deep.equal(['offline']);
    stack.dismissKind('offline');
    expect(stack.toasts).to.deep.equal([]);
  });

  it('never hides a toast while the agent reads it, and restarts the full time after', () => {
    const s = fakeScheduler();
    const stack = new ToastStack(s, () => 1000, () => {});
    stack.show('status', say('Available'));
    s.advance(900);
    stack.pause();
    s.advance(5000);
    expect(stack.toasts).to.have.length(1);
    stack.resume();
    s.advance(900);
    expect(stack.toasts).to.have.length(1);
    s.advance(100);
    expect(stack.toasts).to.have.length(0);
  });

  it('replaces a toast of the same kind and caps the stack', () => {
    const s = fakeScheduler();
    const stack = new ToastStack(s, () => 0, () => {});
    stack.show('status', say('one'));
    stack.show('status', say('two'));
    expect(stack.toasts.map((t) => t.text)).to.deep.equal([say('two')]);
    (['switched', 'contacts-ended', 'refresh-needed', 'reload', 'error', 'switch-pending'] as const).forEach((k) => stack.show(k, say(k)));
    expect(stack.toasts).to.have.length(5);
    expect(s.pending).to.equal(0); // timeout 0 = until dismissed
  });

  it('a prompt with another button does not replace one of the same kind: "reload this tab" keeps "refresh in all tabs"', () => {
    const stack = new ToastStack(fakeScheduler(), () => 0, () => {});
    stack.show('refresh-needed', [{ key: 'stale', params: { to: 'B', seconds: 1 } }], { action: 'refresh' });
    stack.show('refresh-needed', [{ key: 'newerVersion' }], { action: 'reload-tab' });
    expect(stack.toasts.map((t) => t.action)).to.deep.equal(['refresh', 'reload-tab']);
    stack.show('refresh-needed', [{ key: 'callDropped' }], { action: 'refresh' });
    expect(stack.toasts.map((t) => t.text[0].key)).to.deep.equal(['newerVersion', 'callDropped']);
  });

  it('releases every timer on dispose', () => {
    const s = fakeScheduler();
    const stack = new ToastStack(s, () => 1000, () => {});
    stack.show('status', say('a'));
    stack.show('switched', say('b'));
    stack.dispose();
    expect(s.pending).to.equal(0);
    expect(stack.toasts).to.have.length(0);
  });

  it('keeps the "moving after this call" toast however many others show', () => {
    const s = fakeScheduler();
    const stack = new ToastStack(s, () => 0, () => {});
    stack.show('switch-pending', say('pending'));
    (['switched', 'contacts-ended', 'refresh-needed', 'reload', 'error', 'status'] as const).forEach((k) => stack.show(k, say(k)));
    expect(stack.toasts).to.have.length(5);
    expect(stack.toasts.some((t) => t.kind === 'switch-pending')).to.equal(true);
  });

  it('a sticky informational toast stays until replaced', () => {
    const s = fakeScheduler();
    const stack = new ToastStack(s, () => 1000, () => {});
    stack.show('status', say('trying'), { sticky: true });
    s.advance(5000);
    expect(stack.toasts).to.have.length(1);
    stack.show('status', say('done'));
    s.advance(1000);
    expect(stack.toasts).to.have.length(0);
  });

  it('after dispose (the element left the page while paused), new toasts time out again', () => {
    const s = fakeScheduler();
    const stack = new ToastStack(s, () => 1000, () => {});
    stack.pause(); // pointer over the stack when the element was removed: no pointerleave follows
    stack.dispose();
    stack.show('status', say('back'));
    s.advance(1000);
    expect(stack.toasts).to.have.length(0);
  });
});
