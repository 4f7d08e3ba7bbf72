// One agent's browser: the BroadcastChannel and Web Locks its tabs share, and each tab's timers on
// the virtual clock. These are the browser's APIs (not the modules' shapes), so they stay put when
// the modules change. Hidden tabs: Chrome wakes their timers at most once a second, on whole
// seconds; channel messages are never delayed.

export class Browser {
  #channels = [];
  #held = new Map();
  #queues = new Map();

  constructor(clock) {
    this.clock = clock;
  }

  /** `BroadcastChannel` for one tab: delivered to the browser's other open channels of that name, never to the sender. */
  channelFactory(owner) {
    return (name) => {
      const c = {
        owner,
        name,
        closed: false,
        onmessage: null,
        postMessage: (data) => {
          if (c.closed) return;
          for (const o of this.#channels) {
            // A task in a browser, a microtask here: either way after the sender's current code.
            if (o !== c && o.name === name) Promise.resolve().then(() => !o.closed && o.onmessage?.({ data }));
          }
        },
        close: () => {
          c.closed = true;
          this.#channels = this.#channels.filter((o) => o !== c);
        },
      };
      this.#channels.push(c);
      return c;
    };
  }

  /** `navigator.locks` for one tab: exclusive locks, granted in request order, released when the callback settles. */
  locks(owner) {
    return {
      request: (name, opts, cb) =>
        new Promise((done, fail) => {
          if (opts.ifAvailable && this.#held.has(name)) {
            done(cb(null));
            return;
          }
          const q = this.#queues.get(name) ?? [];
          const w = { owner, cb, done };
          q.push(w);
          this.#queues.set(name, q);
          opts.signal?.addEventListener('abort', () => {
            const queue = this.#queues.get(name) ?? [];
            if (!queue.includes(w)) return;
            this.#queues.set(name, queue.filter((x) => x !== w));
            fail(new DOMException('aborted', 'AbortError'));
          });
          this.#grant(name);
        }),
      query: async () => ({ held: [...this.#held.keys()].map((name) => ({ name })) }),
    };
  }

  #grant(name) {
    if (this.#held.has(name)) return;
    const w = this.#queues.get(name)?.shift();
    if (!w) return;
    this.#held.set(name, w.owner);
    void Promise.resolve(w.cb({ name })).finally(() => {
      this.#held.delete(name);
      this.#grant(name);
      w.done(undefined);
    });
  }

  /** A tab's `setTimeout`; `hidden()` says whether the tab is in the background now. */
  scheduler(hidden) {
    const clock = this.clock;
    return {
      setTimeout: (fn, ms) => {
        const due = clock.now + Math.max(0, ms);
        return clock.at(hidden() ? Math.ceil(due / 1000) * 1000 : due, fn);
      },
      clearTimeout: (h) => clock.cancel(h),
    };
  }
}
