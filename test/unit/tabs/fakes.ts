// In-memory stand-ins for BroadcastChannel, Web Locks and timers, so that N coordinators can
// run in one page on a fake clock: deterministic and instant.
import type { BroadcastChannelLike, LockManagerLike, SchedulerLike } from '../../../src/tabs/tab-coordinator.js';

/** Lets every pending microtask (message deliveries, hook promises) run. */
export const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

interface Timer {
  at: number;
  fn: () => void;
  owner: string;
}

/** A shared fake clock; each tab gets its own scheduler so a frozen tab's timers do not fire. */
export class Clock {
  now = 0;
  private seq = 0;
  private readonly timers = new Map<number, Timer>();
  readonly frozen = new Set<string>();

  scheduler(owner: string): SchedulerLike {
    return {
      setTimeout: (fn, ms) => {
        const id = ++this.seq;
        this.timers.set(id, { at: this.now + Math.max(0, ms), fn, owner });
        return id;
      },
      clearTimeout: (h) => {
        this.timers.delete(h as number);
      },
    };
  }

  /** Pending timers, of one tab or of all. */
  pending(owner?: string): number {
    return [...this.timers.values()].filter((t) => !owner || t.owner === owner).length;
  }

  drop(owner: string): void {
    for (const [id, t] of this.timers) if (t.owner === owner) this.timers.delete(id);
  }

  /** Advances time, firing due timers in order and flushing after each. */
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    for (;;) {
      await flush();
      let next: [number, Timer] | undefined;
      for (const e of this.timers) {
        if (e[1].at <= end && !this.frozen.has(e[1].owner) && (!next || e[1].at < next[1].at)) next = e;
      }
      if (!next) break;
      this.timers.delete(next[0]);
      this.now = Math.max(this.now, next[1].at);
      next[1].fn();
    }
    this.now = end;
    await flush();
  }
}

class FakeChannel implements BroadcastChannelLike {
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  closed = false;
  readonly queue: unknown[] = [];
  constructor(private readonly hub: Hub, readonly owner: string, readonly name: string) {}
  postMessage(data: unknown): void {
    this.hub.post(this, data);
  }
  close(): void {
    this.closed = true;
  }
}

/** Connects fake channels of the same name; delivers asynchronously, holds messages for frozen tabs. */
export class Hub {
  readonly channels: FakeChannel[] = [];
  readonly frozen = new Set<string>();
  readonly dead = new Set<string>();
  /** Every message posted, with its sender. */
  readonly log: { owner: string; data: { t?: string; stage?: string; epoch?: number } }[] = [];

  factory(owner: string): (name: string) => BroadcastChannelLike {
    return (name) => {
      const c = new FakeChannel(this, owner, name);
      this.channels.push(c);
      return c;
    };
  }

  post(src: FakeChannel, data: unknown): void {
    if (this.dead.has(src.owner) || src.closed) return;
    this.log.push({ owner: src.owner, data: data as { t?: string } });
    for (const c of this.channels) if (c !== src && c.name === src.name) this.deliver(c, data);
  }

  /** Delivers raw data to one tab, as if another page had posted it. */
  inject(owner: string, data: unknown): void {
    for (const c of this.channels) if (c.owner === owner) this.deliver(c, data);
  }

  private deliver(c: FakeChannel, data: unknown): void {
    if (c.closed || this.dead.has(c.owner)) return;
    const copy = structuredClone(data);
    if (this.frozen.has(c.owner)) c.queue.push(copy);
    else queueMicrotask(() => !c.closed && !this.dead.has(c.owner) && c.onmessage?.({ data: copy }));
  }

  thaw(owner: string): void {
    this.frozen.delete(owner);
    for (const c of this.channels) if (c.owner === owner) for (const d of c.queue.splice(0)) this.deliver(c, d);
  }
}

interface Waiter {
  owner: string;
  cb: (lock: unknown) => unknown;
  done: (v: unknown) => void;
}

/** Exclusive Web Locks shared by all fake tabs; `kill` frees a dead tab's locks like the browser does. */
export class Locks {
  private readonly held = new Map<string, string>();
  private readonly queues = new Map<string, Waiter[]>();

  for(owner: string): LockManagerLike {
    return {
      request: (name, opts, cb) =>
        new Promise((done, fail) => {
          if (opts.ifAvailable && this.held.has(name)) {
            done(cb(null));
            return;
          }
          const q = this.queues.get(name) ?? [];
          const w = { owner, cb, done };
          q.push(w);
          this.queues.set(name, q);
          opts.signal?.addEventListener('abort', () => {
            const left = this.queues.get(name)?.filter((x) => x !== w);
            if (left && left.length !== this.queues.get(name)?.length) {
              this.queues.set(name, left);
              fail(new DOMException('aborted', 'AbortError'));
            }
          });
          this.grant(name);
        }),
      query: async () => ({ held: [...this.held.keys()].map((name) => ({ name })) }),
    };
  }

  holder(name: string): string | undefined {
    return this.held.get(name);
  }

  kill(owner: string): void {
    for (const [name, q] of this.queues) this.queues.set(name, q.filter((w) => w.owner !== owner));
    for (const [name, o] of this.held) {
      if (o === owner) {
        this.held.delete(name);
        this.grant(name);
      }
    }
  }

  private grant(name: string): void {
    if (this.held.has(name)) return;
    const w = this.queues.get(name)?.shift();
    if (!w) return;
    this.held.set(name, w.owner);
    void Promise.resolve(w.cb({ name })).finally(() => {
      if (this.held.get(name) === w.owner) {
        this.held.delete(name);
        this.grant(name);
      }
      w.done(undefined);
    });
  }
}
