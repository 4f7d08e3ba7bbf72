// The virtual clock of the floor simulation: a binary min-heap of timers keyed by (time, order),
// run in whole milliseconds. After every millisecond's timers the event loop is given one turn
// (setImmediate), so every promise the modules chain (claims, hook queues, lock grants, channel
// deliveries) settles before time moves on: the modules run as they would in a browser, only the
// waiting is skipped. One turn per busy millisecond, not per event, keeps 10,000 agents fast.
import { setImmediate } from 'node:timers';

const turn = () => new Promise((r) => setImmediate(r));

export class Clock {
  now = 0;
  #heap = [];
  #seq = 0;
  /** Timers run so far (for the report: how much work a scenario was). */
  fired = 0;
  /** Event-loop turns given (one per busy millisecond). */
  turns = 0;

  /** Runs `fn` at `at` (ms, rounded up to a whole millisecond, never in the past); returns a handle for `cancel`. */
  at(at, fn) {
    const t = { at: Math.max(this.now, Math.ceil(at)), seq: ++this.#seq, fn };
    this.#push(t);
    return t;
  }

  after(ms, fn) {
    return this.at(this.now + Math.max(0, ms), fn);
  }

  cancel(t) {
    if (t) t.fn = null;
  }

  /** Runs every timer due up to `until` in time order, giving the event loop a turn after each busy millisecond. */
  async run(until = Infinity) {
    const h = this.#heap;
    while (h.length && h[0].at <= until) {
      const at = h[0].at;
      this.now = at;
      while (h.length && h[0].at === at) {
        const t = this.#pop();
        if (!t.fn) continue;
        const fn = t.fn;
        t.fn = null;
        this.fired++;
        fn();
      }
      this.turns++;
      await turn();
    }
    if (until !== Infinity) this.now = Math.max(this.now, until);
  }

  get pending() {
    return this.#heap.filter((t) => t.fn).length;
  }

  #less(a, b) {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  #push(t) {
    const h = this.#heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.#less(h[i], h[p])) break;
      const x = h[i];
      h[i] = h[p];
      h[p] = x;
      i = p;
    }
  }

  #pop() {
    const h = this.#heap;
    const top = h[0];
    const last = h.pop();
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.#less(h[l], h[m])) m = l;
        if (r < h.length && this.#less(h[r], h[m])) m = r;
        if (m === i) break;
        const x = h[i];
        h[i] = h[m];
        h[m] = x;
        i = m;
      }
    }
    return top;
  }
}

// The seeded PRNG the fuzz tests use too: the same seed gives the same floor.
export { prng } from '../../test/helpers/prng.js';
