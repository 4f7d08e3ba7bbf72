/**
 * Coordinates the tabs of one origin that embed the same Amazon Connect instance.
 *
 * Why: all CCP iframes of an origin share one SharedWorker, so a region switch only takes
 * effect cleanly when every tab tears its CCP down before any tab re-initialises (seed F7).
 * Idle tabs exchange nothing and run no timers; traffic and timers exist only while a reload
 * barrier, a claim, the start-up join window or a desync grace period is pending.
 *
 * A barrier that goes well waits for messages only (hidden tabs run timers at whole-second
 * wake-ups, messages at once): the leader learns the live tabs from their Web Locks, tears down,
 * moves on with the last ack and every tab re-initialises on the `reinit` message. Timers are
 * deadlines for tabs that die or freeze, plus the jitter of automatic reloads (herd safety).
 */
import {
  MAX_EPOCH_STEP, MAX_TABS, MAX_TITLE, PROTOCOL, parseMessage,
  type AnnouncePayload, type MessageBody, type Stage, type StageCounts, type TabMessage,
} from './messages.js';

/** The part of `BroadcastChannel` the coordinator uses. */
export interface BroadcastChannelLike {
  postMessage(data: unknown): void;
  close(): void;
  onmessage: ((ev: { data: unknown }) => void) | null;
}

/** The part of `navigator.locks` the coordinator uses. */
export interface LockManagerLike {
  request(name: string, options: { ifAvailable?: boolean; signal?: AbortSignal }, callback: (lock: unknown) => unknown): Promise<unknown>;
  /** Held locks: each tab holds `<channel>/tab/<id>` while it lives, so the leader knows who is alive. */
  query?(): Promise<{ held?: Array<{ name?: string }> }>;
}

/** Where Page Lifecycle events arrive (`document`): `freeze` and `resume`. */
export interface LifecycleTarget {
  addEventListener(type: 'freeze' | 'resume', fn: () => void): void;
  removeEventListener(type: 'freeze' | 'resume', fn: () => void): void;
}

/** Timer functions (injected so tests run on a fake clock). */
export interface SchedulerLike {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** A `sessionStorage`-like store, used in page mode to recognise the reload of an epoch. */
export interface StoreLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** What every tab is told about a reload. */
export interface StageEvent extends StageCounts {
  stage: Stage;
  epoch: number;
  reason: string;
  automatic: boolean;
  /** Region this tab reports after its reinit (stage `ready`). */
  region?: string;
  /** Titles of the tabs a `blocked` barrier waits for ('' when a tab's title is unknown). */
  blocking?: string[];
}

/** Callbacks into the element. */
export interface TabHooks {
  /** Terminate Streams and remove this tab's CCP iframes. */
  /** `automatic`: the reload was asked for by a watchdog, not by the agent (the switch machine caps those). */
  teardown(epoch: number, automatic: boolean): Promise<void> | void;
  /** Initialise the CCP again; resolve with the active region when known. In page mode: reload the page. */
  reinit(epoch: number): Promise<string | undefined | void> | string | undefined | void;
  /** Page mode: the page did not unload (its own "leave page?" prompt was cancelled): initialise in place. */
  reinitInPlace?(epoch: number): Promise<string | undefined | void> | string | undefined | void;
  /** A tab of a newer protocol version said hello (a deploy happened): offer the agent a reload of this tab. */
  onNewerVersion?(version: number): void;
  /** Fires in every tab for every stage of a reload. */
  onStage(ev: StageEvent): void;
  /** A malformed or foreign message arrived; `count` is the running total. */
  onInvalidMessage?(count: number): void;
  /** Another tab of the set called `announce` (validated: scalar payload, bounded size). */
  onAnnounce?(topic: string, payload: AnnouncePayload, fromTabId: string): void;
}

/** Construction options. Durations in milliseconds. */
export interface TabCoordinatorOptions {
  /** Channel (and lock) name, one per instance and origin, e.g. `region-aware-ccp/v1/<instance>`. */
  channelName: string;
  /**
   * Id of this tab. Default: in page mode the id the page had before its coordinated reload (kept
   * in `store` only across that reload, so a duplicated tab still gets an id of its own), else `randomId()`.
   */
  tabId?: string;
  /** This tab's title, named to the agent when it blocks a reload (e.g. `() => document.title`). */
  title?: () => string;
  /** `document`: a `freeze` gives up leadership, `resume` queues for it again. */
  lifecycle?: LifecycleTarget | null;
  hooks: TabHooks;
  channelFactory?: (name: string) => BroadcastChannelLike;
  /** Web Locks; `null` forces the channel-only fallback. Default `navigator.locks` when present. */
  locks?: LockManagerLike | null;
  scheduler?: SchedulerLike;
  /** Returns a number in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** `page`: the reinit hook reloads the page; the epoch is kept in `store` across the reload. */
  reloadMode?: 'ccp' | 'page';
  store?: StoreLike | null;
  /** Longest wait for teardown acks (and for ready after reinit). Default 3000. */
  ackDeadlineMs?: number;
  /** Longest wait, torn down, for a frozen tab that keeps the old CCP (stage `blocked`). Default 30000. */
  blockedMs?: number;
  /** Upper bound of the random wait before an automatic reload tears down. Default 3000. */
  reloadJitterMs?: number;
  /** How long the leader collects census answers when Web Locks cannot list the live tabs. Default 200. */
  censusMs?: number;
  /** Without Web Locks: how often a leader waiting for a call checks that the tabs with calls still live. Default 10000. */
  vetoProbeMs?: number;
  /** Page mode: a page still there this long after its reload started stayed (prompt cancelled). Default 3000. */
  pageReloadMs?: number;
  /** How long a starting tab waits to hear of a running barrier before its first init. Default 100. */
  joinWindowMs?: number;
  /** How long a claim waits for objections. Default 100. */
  claimWindowMs?: number;
  /** A torn-down tab that hears no reinit within this re-initialises by itself. Default 3 × ackDeadlineMs. */
  selfReinitMs?: number;
  /** Regions must disagree this long before a `desync` reload. Default 10000. */
  desyncGraceMs?: number;
}

/** Message counters for diagnostics. */
export interface TabStats {
  sent: number;
  received: number;
  invalid: number;
  ignored: number;
}

type StageMsg = Extract<TabMessage, { t: 'st' }>;
type Hook = () => Promise<string | undefined | void> | string | undefined | void;
interface Lead {
  epoch: number;
  reason: string;
  auto: boolean;
  tabs: string[];
  stage: Stage;
  counts: StageCounts;
  blocking?: string[];
  jittered: boolean;
  acks: Set<string>;
  ready: Set<string>;
  failed: number;
  /** Live tabs of another protocol version when the barrier started. */
  otherVersion: number;
}
/** Live tabs according to Web Locks: of this version, and how many of others. */
interface Alive {
  mine: string[];
  other: number;
}
interface PendingClaim {
  lost: boolean;
  resolve(won: boolean): void;
}

/** Default durations (see `TabCoordinatorOptions`). */
const DURATIONS = {
  ackDeadlineMs: 3000, blockedMs: 30000, reloadJitterMs: 3000, censusMs: 200, vetoProbeMs: 10000, pageReloadMs: 3000,
  joinWindowMs: 100, claimWindowMs: 100, desyncGraceMs: 10000,
};

const PRE_REINIT: readonly Stage[] = ['requested', 'waiting-for-call', 'jitter', 'teardown', 'blocked'];
/** The stages in which the tabs tear down and the leader collects their acks. */
const tearingDown = (stage: Stage): boolean => stage === 'teardown' || stage === 'blocked';

/** A random id; `crypto.randomUUID` exists in secure contexts only (an intranet CRM on `http:` has none). */
export function randomId(c: Pick<Crypto, 'getRandomValues'> & { randomUUID?: () => string } = globalThis.crypto): string {
  return typeof c.randomUUID === 'function' ? c.randomUUID() : c.getRandomValues(new Uint32Array(4)).join('-');
}

const clean = (title: string): string => title.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, MAX_TITLE);

/** Leader election, coordinated reload barrier, voice veto, desync detection and claims across tabs. */
export class TabCoordinator {
  /** Resolves when this tab may initialise its CCP for the first time (not during a running teardown). */
  readonly initAllowed: Promise<void>;

  readonly #id: string;
  readonly #name: string;
  readonly #hooks: TabHooks;
  /** Set to `null` when the browser rejects Web Locks (sandboxed frame, blocked storage): channel-only election. */
  #locks: LockManagerLike | null;
  readonly #title: () => string;
  readonly #lifecycle: LifecycleTarget | null;
  readonly #sched: SchedulerLike;
  readonly #random: () => number;
  readonly #factory: (name: string) => BroadcastChannelLike;
  readonly #page: boolean;
  readonly #store: StoreLike | null;
  readonly #ms: Required<Pick<TabCoordinatorOptions,
    'ackDeadlineMs' | 'blockedMs' | 'reloadJitterMs' | 'censusMs' | 'vetoProbeMs' | 'pageReloadMs' | 'joinWindowMs' | 'claimWindowMs' |
    'selfReinitMs' | 'desyncGraceMs'>>;

  #ch: BroadcastChannelLike | null = null;
  #disposed = false;
  readonly #counters: TabStats = { sent: 0, received: 0, invalid: 0, ignored: 0 };
  readonly #timers = new Map<string, unknown>();
  #leader = false;
  #unlockTab?: () => void;
  /** Frees the leader lock or aborts the request for it (a frozen tab must not be granted it). */
  #unlead?: () => void;
  /** Between this tab's `freeze` and `resume`. */
  #frozenSelf = false;
  readonly #titles = new Map<string, string>();
  #newerTold = false;
  /** Aborts the leader's watches on the locks of tabs with a live call (see `#watchVoiceTabs`). */
  #watches: AbortController | null = null;
  #epochMax = 0;
  readonly #seen = new Set<string>();
  #bar: StageMsg | null = null;
  #lead: Lead | null = null;
  #census: { reason: string; auto: boolean; sawLeader: boolean } | null = null;
  readonly #heard = new Map<string, boolean>();
  readonly #voiceTabs = new Set<string>();
  readonly #regions = new Map<string, string>();
  #voiceLive = false;
  #region: string | undefined;
  #down = 0;
  #chain: Promise<unknown> = Promise.resolve();
  #deferred = true;
  #allow!: () => void;
  #resumed = 0;
  #desyncFired = false;
  /** A teardown this tab skipped for its live call: it joins that barrier, or asks for a new one, when the call ends. */
  #owed: StageMsg | null = null;
  /** A reload request no leader has answered yet: a new leader serves it if the old one died. */
  #pendingReq: { reason: string; auto: boolean } | null = null;
  /** `own`: this tab won; `known`: another tab announced it owns the key; `lost`: yielded, owner unknown. */
  readonly #claims = new Map<string, PendingClaim | 'own' | 'known' | 'lost'>();

  constructor(o: TabCoordinatorOptions) {
    this.#name = o.channelName;
    this.#page = o.reloadMode === 'page';
    this.#store = o.store ?? null;
    // Page mode: the epoch and the id this page had before its coordinated reload, consumed at once so
    // that a copy of the tab (its sessionStorage duplicated) cannot reuse them.
    const [epoch, kept] = ((this.#page && this.#store?.getItem(this.#key)) || '').split(' ');
    if (kept) this.#store!.removeItem(this.#key);
    this.#epochMax = this.#resumed = Number(epoch) || 0;
    this.#id = o.tabId ?? (kept || randomId());
    this.#hooks = o.hooks;
    this.#title = o.title ?? (() => '');
    this.#lifecycle = o.lifecycle ?? null;
    this.#locks = o.locks === undefined ? globalThis.navigator?.locks ?? null : o.locks;
    this.#sched = o.scheduler ?? globalThis;
    this.#random = o.random ?? Math.random;
    this.#factory = o.channelFactory ?? ((n) => new BroadcastChannel(n) as unknown as BroadcastChannelLike);
    const ms = (this.#ms = { ...DURATIONS, selfReinitMs: 3 * (o.ackDeadlineMs ?? DURATIONS.ackDeadlineMs) });
    for (const k of Object.keys(ms) as Array<keyof typeof ms>) ms[k] = o[k] ?? ms[k];
    this.initAllowed = new Promise((r) => (this.#allow = () => {
      this.#deferred = false;
      this.#disarm('join');
      r();
    }));
  }

  /** Opens the channel, queues for leadership and announces this tab (one `hello`). */
  start(): void {
    if (this.#ch || this.#disposed) return;
    // This page is the page-mode reinit of that epoch: it must init now and report ready.
    if (this.#resumed) this.#allow();
    this.#ch = this.#factory(this.#name);
    this.#ch.onmessage = (ev) => this.#receive(ev.data);
    this.#lifecycle?.addEventListener('freeze', this.#onFreeze);
    this.#lifecycle?.addEventListener('resume', this.#onResume);
    // Held for the tab's lifetime (also while frozen): the leader counts live tabs even when they
    // are too busy to answer, and learns of a frozen one that still holds the old shared worker.
    this.#locks
      ?.request(this.#tabLock(this.#id), {}, () => (this.#disposed ? undefined : new Promise<void>((r) => (this.#unlockTab = r))))
      .catch(() => this.#noLocks());
    this.#queueForLeader();
    this.#hello();
    if (this.#deferred) this.#arm('join', this.#ms.joinWindowMs, this.#allow);
  }

  /** Says goodbye, closes the channel, frees the lock and every timer. */
  dispose(): void {
    if (this.#disposed) return;
    if (this.#ch) this.#send({ t: 'bye' });
    this.#disposed = true;
    this.#ch?.close();
    this.#ch = null;
    this.#lifecycle?.removeEventListener('freeze', this.#onFreeze);
    this.#lifecycle?.removeEventListener('resume', this.#onResume);
    for (const t of this.#timers.keys()) this.#disarm(t);
    this.#unlead?.();
    this.#unlockTab?.();
    this.#watches?.abort();
    for (const c of this.#claims.values()) if (typeof c === 'object') c.resolve(false);
  }

  /**
   * Page Lifecycle `freeze` (Chrome's background freezing, Firefox, Safari, Android): give up
   * leadership, so that no barrier or desync check waits for this tab to lead it.
   */
  readonly #onFreeze = (): void => {
    if (this.#frozenSelf) return;
    this.#frozenSelf = true;
    this.#unlead?.();
    this.#lead = null;
    this.#census = null;
    for (const t of ['lead', 'census', 'desync', 'probe']) this.#disarm(t);
    this.#watches?.abort();
  };

  /**
   * Page Lifecycle `resume`: lead again if next, and say hello: a barrier's messages may not have
   * reached a frozen page, and its leader answers a hello with its stage.
   */
  readonly #onResume = (): void => {
    if (this.#frozenSelf) this.#queueForLeader();
    this.#frozenSelf = false;
    this.#hello();
  };

  #here(): void {
    this.#send({ t: 'here', voice: this.#voiceLive, epoch: this.#epochMax, ...(this.#region ? { region: this.#region } : {}), ...this.#titled() });
  }

  #hello(): void {
    this.#send({ t: 'hello', ...this.#titled() });
  }

  #titled(): { title?: string } {
    const title = clean(this.#title());
    return title ? { title } : {};
  }

  /** The browser frees the leader lock when the tab dies, which hands leadership to the next tab. */
  #queueForLeader(): void {
    const abort = new AbortController();
    let release = () => {};
    this.#unlead = () => {
      abort.abort();
      release();
      this.#leader = false;
    };
    this.#locks
      ?.request(`${this.#name}/v${PROTOCOL}/leader`, { signal: abort.signal }, () =>
        this.#disposed || abort.signal.aborted ? undefined : new Promise<void>((r) => {
          release = r;
          this.#leader = true;
          this.#takeOver();
        }))
      .catch(() => abort.signal.aborted || this.#noLocks());
  }

  /**
   * The browser rejects Web Locks (a sandboxed frame, blocked storage): the channel-only election
   * instead of no leader at all. A request made before the rejection was seen is served now.
   */
  #noLocks(): void {
    if (this.#disposed || !this.#locks) return;
    this.#locks = null;
    if (this.#pendingReq && !this.#lead && !this.#census) this.#startCensus(this.#pendingReq);
  }

  get #key(): string {
    return `${this.#name}#reinit`;
  }

  /** Whether the first CCP init must wait (a barrier is tearing down); see `initAllowed`. */
  shouldDeferInit(): boolean {
    return this.#deferred;
  }

  /** This tab's id. */
  get tabId(): string {
    return this.#id;
  }

  /** Whether this tab currently leads (lock holder, or without Web Locks: runs a barrier). */
  get isLeader(): boolean {
    return this.#locks ? this.#leader : !!this.#lead;
  }

  /** In page mode after a coordinated reload: the epoch this page load completes, else 0. */
  get resumedEpoch(): number {
    return this.#resumed;
  }

  /** Message counters (idle tabs must not move them). */
  stats(): TabStats {
    return { ...this.#counters };
  }

  /** Asks for a coordinated reload of every tab; requests during a running barrier merge into it. */
  requestReload(reason: string, opts: { automatic?: boolean } = {}): void {
    this.#send({ t: 'req', reason, auto: !!opts.automatic });
  }

  /** Sets `reloadJitterMs` for the next automatic reload this tab leads; a jitter already running keeps its delay. */
  setReloadJitter(ms: number): void {
    this.#ms.reloadJitterMs = ms;
  }

  /** Reports whether this tab has a live voice contact (only changes are broadcast). */
  setVoiceLive(live: boolean): void {
    if (live === this.#voiceLive) return;
    this.#voiceLive = live;
    this.#send({ t: 'voice', voice: live });
    this.#followUp();
  }

  /**
   * A tab that kept its CCP (and the old shared worker) for a call, once the call is over: it joins
   * the barrier while that tears down; once it is done, it asks for a new one with the same reason (an
   * automatic one waits its jitter and counts for the cap). A barrier in its reinit is waited out.
   */
  #followUp(): void {
    const o = this.#owed;
    const b = this.#bar!;
    if (!o || this.#voiceLive || b.stage === 'reinit') return;
    this.#owed = null;
    if (b.stage === 'done') this.requestReload(o.reason, { automatic: o.auto });
    else if (b.epoch === o.epoch) this.#tearDown(o);
    // else a newer barrier is on its way: this tab takes part in it.
  }

  /** Reports this tab's active region (only changes are broadcast); tabs that disagree trigger a `desync` reload. */
  reportRegion(region: string): void {
    if (this.#resumed) {
      this.#send({ t: 'ready', epoch: this.#resumed, ok: true, region });
      this.#resumed = 0;
    }
    if (region === this.#region) return;
    this.#region = region;
    this.#send({ t: 'region', region });
  }

  /**
   * Posts `payload` under `topic` to every other tab of the set (their `onAnnounce` hook); e.g.
   * `available-outcome` so that every tab can say what auto-available did. Returns `false`, sending
   * nothing, when the tab is not started or the topic or payload is outside the bounds of `messages.ts`.
   */
  announce(topic: string, payload: AnnouncePayload): boolean {
    const body = { t: 'ann', topic, payload: { ...payload } } as const;
    if (!this.#ch || !parseMessage({ ns: 'rac', v: PROTOCOL, from: this.#id, ...body })) return false;
    this.#send(body);
    return true;
  }

  /**
   * Resolves `true` in exactly one tab of the origin for `key`, for the lifetime of the tab set.
   * Concurrent claimants: the lowest tab id wins; a tab that knows the key is taken objects.
   */
  claim(key: string): Promise<boolean> {
    if (!this.#ch || this.#claims.has(key)) return Promise.resolve(false);
    return new Promise((resolve) => {
      const c: PendingClaim = { lost: false, resolve };
      this.#claims.set(key, c);
      this.#send({ t: 'ask', key });
      this.#arm(`claim:${key}`, this.#ms.claimWindowMs, () => {
        this.#claims.set(key, c.lost ? 'lost' : 'own');
        if (!c.lost) this.#send({ t: 'own', key });
        resolve(!c.lost);
      });
    });
  }

  // ---- channel ----

  #receive(data: unknown): void {
    if (this.#disposed) return;
    const m = parseMessage(data);
    if (!m) return this.#invalid();
    this.#counters.received++;
    this.#handle(m);
  }

  #invalid(): void {
    // Count first: `hook?.(++n)` would skip the increment when no hook is given.
    const n = ++this.#counters.invalid;
    this.#hooks.onInvalidMessage?.(n);
  }

  /** Broadcasts and also handles the message locally (a channel does not echo to its sender). */
  #send(body: MessageBody): void {
    if (!this.#ch) return;
    const m = { ns: 'rac', v: PROTOCOL, from: this.#id, ...body } as TabMessage;
    this.#ch.postMessage(m);
    this.#counters.sent++;
    this.#handle(m);
  }

  #handle(m: TabMessage): void {
    const me = m.from === this.#id;
    const L = this.#lead;
    if ('title' in m && m.title) this.#titles.set(m.from, m.title);
    switch (m.t) {
      case 'hello':
        if (me) break;
        if (m.v !== PROTOCOL) {
          if (m.v > PROTOCOL && !this.#newerTold) {
            this.#newerTold = true;
            this.#hooks.onNewerVersion?.(m.v);
          }
          break;
        }
        if (L) this.#announce();
        // The newcomer may lead one day: it must know of calls that started before it, and the
        // titles of tabs that may freeze before it needs to name them.
        this.#here();
        break;
      case 'bye':
        this.#gone(m.from);
        break;
      case 'req':
        this.#pendingReq = { reason: m.reason, auto: m.auto };
        if (L) {
          L.auto &&= m.auto;
          this.#announce(); // proves the leader alive to fallback electors
        } else if (this.#census) {
          this.#census.auto &&= m.auto;
        } else if (this.#leader || !this.#locks) {
          this.#startCensus(m);
        }
        this.#here();
        break;
      case 'here':
        // A newcomer learns the epoch from the answers to its hello: a barrier it leads one day must be newer.
        if (!this.#learn(m.epoch)) break;
        this.#heard.set(m.from, m.voice);
        if (m.region) this.#regions.set(m.from, m.region);
        this.#voiceTabs[m.voice ? 'add' : 'delete'](m.from);
        // A call that started as the teardown went out: that tab keeps its CCP, nobody waits for its ack.
        this.#recheck();
        break;
      case 'voice':
        this.#voiceTabs[m.voice ? 'add' : 'delete'](m.from);
        this.#recheck();
        break;
      case 'st':
        this.#onStage(m);
        break;
      case 'ack':
        if (L?.epoch === m.epoch && tearingDown(L.stage)) {
          // A tab the census missed (busy, just opened) tore down too: wait for it like the others.
          if (!L.tabs.includes(m.from) && L.tabs.length < MAX_TABS) L.tabs = [...L.tabs, m.from].sort();
          L.acks.add(m.from);
          this.#recheck();
        } else if (!me) this.#counters.ignored++;
        break;
      case 'ready':
        if (m.region) this.#regions.set(m.from, m.region);
        if (L?.epoch === m.epoch && L.stage === 'reinit') {
          L.ready.add(m.from);
          if (!m.ok) L.failed++;
          this.#allReady(L);
        } else if (!me) this.#counters.ignored++;
        break;
      case 'region':
        this.#regions.set(m.from, m.region);
        this.#checkDesync();
        break;
      case 'ann':
        if (me) break;
        try {
          this.#hooks.onAnnounce?.(m.topic, m.payload, m.from);
        } catch {
          // A throwing listener must not break this tab's message handling.
        }
        break;
      default: {
        // Claim protocol (ask / taken / own).
        if (me) break;
        const c = this.#claims.get(m.key);
        if (m.t === 'ask') {
          // Owners (and tabs that saw the owner) object; a pending claimant with a lower id repeats
          // its ask so the newcomer yields; one with a higher id yields itself.
          // A tab that merely yielded knows no owner: it must not object, or every claimant may lose.
          if (c === 'own' || c === 'known') this.#send({ t: 'taken', key: m.key });
          else if (typeof c === 'object' && m.from > this.#id) this.#send({ t: 'ask', key: m.key });
          else if (typeof c === 'object') c.lost = true;
        } else if (typeof c === 'object') c.lost = true;
        else this.#claims.set(m.key, 'known');
      }
    }
  }

  // ---- leader side ----

  #takeOver(): void {
    // A barrier the dead leader left before reinit is restarted with a new epoch.
    const b = this.#bar;
    const req = b && PRE_REINIT.includes(b.stage) ? { reason: b.reason, auto: b.auto } : this.#pendingReq;
    if (req) this.#send({ t: 'req', ...req });
    this.#checkDesync();
  }

  /**
   * With Web Locks the held tab locks are the census: no window to wait out (in a hidden leader a
   * 200 ms timer takes a whole second). Without them, or when they cannot be listed, the tabs that
   * answer within `censusMs` take part and the lowest id among them leads.
   */
  #startCensus(c: { reason: string; auto: boolean }): void {
    const census = (this.#census = { reason: c.reason, auto: c.auto, sawLeader: false });
    this.#heard.clear();
    if (!this.#locks) {
      this.#arm('census', this.#ms.censusMs, () => this.#elect());
      return;
    }
    // A tab whose main thread is busy misses the census, but its tab lock says it is alive: its
    // CCP must be torn down too, or the others re-attach to the old shared worker (F7).
    void this.#alive().then((alive) => {
      if (this.#disposed || this.#census !== census) return;
      if (alive) {
        this.#census = null;
        this.#lead0(census, alive);
      } else this.#arm('census', this.#ms.censusMs, () => this.#elect());
    });
  }

  #elect(): void {
    const c = this.#census!;
    this.#census = null;
    // Fallback: the lowest id among the tabs that answered leads, unless a live leader spoke.
    if (!this.#locks && (c.sawLeader || [...this.#heard.keys(), this.#id].sort()[0] !== this.#id)) return;
    this.#lead0(c, null);
  }

  /** The tabs alive now (their tab locks are held), or null when Web Locks cannot tell. */
  async #alive(): Promise<Alive | null> {
    const mine = this.#tabLock('');
    // Tab locks of other protocol versions: `<channel>/tab/<id>` (version 1), `<channel>/v<n>/tab/<id>`.
    const other = (n: string) => n.startsWith(`${this.#name}/`) && n.includes('/tab/') && !n.startsWith(mine);
    try {
      const names = ((await this.#locks?.query?.())?.held ?? []).map((l) => l.name ?? '');
      const ids = names.filter((n) => n.startsWith(mine)).map((n) => n.slice(mine.length));
      return ids.length ? { mine: ids, other: names.filter(other).length } : null;
    } catch {
      return null;
    }
  }

  /** Forget what tabs that died without a goodbye reported (their regions would look like a desync). */
  #prune(alive: Alive | null): void {
    if (!alive) return;
    for (const m of [this.#regions, this.#voiceTabs]) for (const t of m.keys()) if (!alive.mine.includes(t)) m.delete(t);
  }

  #lead0(c: { reason: string; auto: boolean }, alive: Alive | null): void {
    const tabs = [...new Set([...this.#heard.keys(), ...(alive?.mine ?? []), this.#id])].sort().slice(0, MAX_TABS);
    // (Calls the census heard of are in `#voiceTabs` already: each `here` set them.) Calls and regions reported by tabs that are gone no longer count.
    this.#prune(alive);
    this.#lead = {
      epoch: this.#epochMax + 1, reason: c.reason, auto: c.auto, tabs, stage: 'requested', counts: {},
      jittered: false, acks: new Set(), ready: new Set(), failed: 0, otherVersion: alive?.other ?? 0,
    };
    this.#stage('requested', { tabs: tabs.length });
    this.#advance();
  }

  #stage(stage: Stage, counts: StageCounts): void {
    const L = this.#lead!;
    L.stage = stage;
    L.counts = counts;
    this.#announce();
  }

  #announce(): void {
    const L = this.#lead!;
    const blocking = L.stage === 'blocked' ? { blocking: L.blocking } : {};
    this.#send({ t: 'st', epoch: L.epoch, stage: L.stage, reason: L.reason, auto: L.auto, tabs: L.tabs, counts: L.counts, ...blocking });
  }

  #advance(): void {
    // Runs only before teardown: from `#lead0`, the jitter timer and the end of a veto.
    const L = this.#lead!;
    if (this.#voiceTabs.size) {
      // Voice veto (F1): resumes from the `voice` handler when the last call ends, or when a tab
      // with a call disappears (its `bye`, or its tab lock freed by a crash; without Web Locks, a probe).
      if (L.stage !== 'waiting-for-call') {
        this.#stage('waiting-for-call', { voice: this.#voiceTabs.size });
        this.#watch([...this.#voiceTabs]);
        if (!this.#locks) this.#arm('probe', this.#ms.vetoProbeMs, () => this.#probe());
      }
    } else if (L.auto && !L.jittered) {
      L.jittered = true;
      const delayMs = Math.floor(this.#random() * this.#ms.reloadJitterMs);
      this.#stage('jitter', { delayMs });
      this.#arm('lead', delayMs, () => this.#advance());
    } else {
      this.#stage('teardown', { tabs: L.tabs.length });
      this.#arm('lead', this.#ms.ackDeadlineMs, () => this.#ackDeadline());
    }
  }

  /**
   * Without Web Locks a crashed tab's call would veto every reload for the rest of the session:
   * while waiting for a call, the leader says hello now and then (every tab answers it, as it
   * answers every newcomer), and a tab with a call that does not answer within the census window
   * is taken for gone.
   */
  #probe(): void {
    if (this.#lead?.stage !== 'waiting-for-call') return;
    this.#heard.clear();
    this.#hello();
    this.#arm('probe', this.#ms.censusMs, () => {
      for (const t of [...this.#voiceTabs]) if (t !== this.#id && !this.#heard.has(t)) this.#gone(t);
      if (this.#lead?.stage === 'waiting-for-call') this.#arm('probe', this.#ms.vetoProbeMs, () => this.#probe());
    });
  }

  /** Participants still to ack; a tab with a call keeps its CCP (F1) and is not waited for. */
  #unacked(L: Lead): string[] {
    return L.tabs.filter((t) => !L.acks.has(t) && !this.#voiceTabs.has(t));
  }


  /** Tabs that have not acked but still live (lock held: frozen, or busy) keep the old shared worker. */
  #ackDeadline(): void {
    const L = this.#lead!;
    void this.#alive().then((alive) => {
      if (this.#disposed || this.#lead !== L || L.stage !== 'teardown') return;
      const left = this.#unacked(L).filter((t) => alive?.mine.includes(t));
      if (left.length) this.#block(left);
      else this.#toReinit();
    });
  }

  /**
   * Re-initialising now would attach every tab to the old shared worker a frozen tab keeps alive:
   * stay torn down and name the tab, so that the agent can wake or close it. Its ack (it woke) or
   * its end (tab lock freed) moves on at once; `blockedMs` is the fallback.
   */
  #block(tabs: string[]): void {
    const L = this.#lead!;
    L.blocking = tabs.map((t) => this.#titles.get(t) ?? '');
    this.#stage('blocked', { tabs: L.tabs.length, timedOut: tabs.length });
    this.#watch(tabs);
    this.#arm('lead', this.#ms.blockedMs, () => this.#toReinit());
  }

  #toReinit(): void {
    const L = this.#lead;
    if (!L || !tearingDown(L.stage)) return;
    this.#stage('reinit', { tabs: L.tabs.length, timedOut: L.tabs.filter((t) => !L.acks.has(t)).length });
    // A reloaded page needs longer than a CCP started in place; it may also stay (prompt cancelled).
    this.#arm('lead', this.#ms.ackDeadlineMs + (this.#page ? this.#ms.pageReloadMs : 0), () => this.#finish());
  }

  #finish(): void {
    const L = this.#lead!;
    this.#disarm('lead');
    this.#watches?.abort();
    this.#watches = null;
    const ready = L.tabs.filter((t) => L.ready.has(t)).length;
    const other = L.otherVersion ? { otherVersion: L.otherVersion } : {};
    this.#stage('done', { tabs: L.tabs.length, ready: ready - L.failed, failed: L.failed, timedOut: L.tabs.length - ready, ...other });
    this.#lead = null;
    this.#checkDesync();
    if (this.#page) this.#reinit(L.epoch); // this leader's own page reload, last
  }

  /** Every tab that tore down is back (a page-mode leader: all but its own page): the barrier is done. */
  #allReady(L: Lead): void {
    if (L.tabs.every((t) => L.ready.has(t) || !L.acks.has(t))) this.#finish();
  }

  #checkDesync(): void {
    if (this.#locks && !this.#leader) return;
    const split = new Set(this.#regions.values()).size > 1;
    if (!split) {
      this.#disarm('desync');
      this.#desyncFired = false;
    } else if (!this.#desyncFired && !this.#timers.has('desync') && !this.#lead && !this.#census) {
      this.#arm('desync', this.#ms.desyncGraceMs, () =>
        void this.#alive().then((alive) => {
          this.#prune(alive);
          if (this.#disposed || new Set(this.#regions.values()).size < 2) return;
          // Once per disagreement: if a reload does not reconcile the tabs, reloading again will not either.
          this.#desyncFired = true;
          this.requestReload('desync', { automatic: true });
        }),
      );
    }
  }

  /** Learns when these tabs end: the browser grants a dead tab's lock to the next requester (no polling, no timer). */
  #watch(tabs: string[]): void {
    // Web Locks take an AbortSignal, so every browser that has them has AbortController.
    if (!this.#locks || this.#disposed) return;
    this.#watches?.abort();
    const watches = (this.#watches = new AbortController());
    for (const t of tabs) {
      if (t === this.#id) continue;
      this.#locks
        .request(this.#tabLock(t), { signal: watches.signal }, () => {
          if (!watches.signal.aborted) this.#gone(t);
        })
        .catch(() => undefined);
    }
  }

  /** A tab left (goodbye or death): it no longer votes, holds calls or counts in a teardown. */
  #gone(tab: string): void {
    this.#voiceTabs.delete(tab);
    this.#regions.delete(tab);
    const L = this.#lead;
    if (!L || L.stage === 'reinit') return;
    L.tabs = L.tabs.filter((t) => t !== tab);
    this.#recheck();
  }

  /**
   * Calls, participants or acks changed: the last call ended (veto over), or no ack is missing any
   * more (`#toReinit` checks that the barrier is tearing down).
   */
  #recheck(): void {
    const L = this.#lead;
    if (L?.stage === 'waiting-for-call' && !this.#voiceTabs.size) this.#advance();
    else if (L && !this.#unacked(L).length) this.#toReinit();
  }

  #tabLock(id: string): string {
    return `${this.#name}/v${PROTOCOL}/tab/${id}`;
  }

  // ---- every tab ----

  /** Takes in an epoch a tab sent; `false` for one no tab could have sent (epochs grow by one): it would wedge coordination. */
  #learn(epoch: number): boolean {
    if (epoch > this.#epochMax + MAX_EPOCH_STEP) {
      this.#invalid();
      return false;
    }
    if (epoch > this.#epochMax) {
      this.#seen.clear();
      this.#epochMax = epoch;
    }
    return true;
  }

  #onStage(m: StageMsg): void {
    if (m.epoch < this.#epochMax) {
      this.#counters.ignored++;
      return;
    }
    if (!this.#learn(m.epoch)) return;
    if (this.#census) this.#census.sawLeader = true;
    // Re-announcements: every step runs once per epoch (`#seen` holds the stages of `#epochMax`).
    if (this.#seen.has(m.stage)) return;
    this.#seen.add(m.stage);
    this.#pendingReq = null; // a leader is serving it
    this.#bar = m;
    this.#emit(m.stage, m.epoch, { ...m.counts, blocking: m.blocking });
    if (this.#deferred) {
      // A starting tab must not create a CCP while the others tear theirs down.
      if (tearingDown(m.stage)) {
        this.#arm('join', this.#ms.blockedMs + this.#ms.selfReinitMs, this.#allow);
        this.#send({ t: 'ack', epoch: m.epoch });
        this.#resumed = m.epoch; // its first start counts as this epoch's reinit (`ready` from reportRegion)
      } else if (!PRE_REINIT.includes(m.stage)) this.#allow();
    } else if (tearingDown(m.stage)) {
      // `blocked` reaches a tab that slept through the teardown (the leader answers its hello):
      // it tears down now, which lets the others go on.
      this.#tearDown(m);
    } else if (m.stage === 'reinit') {
      this.#reinit(m.epoch);
    } else this.#followUp();
  }

  #tearDown(m: StageMsg): void {
    this.#queue(async () => {
      // F1, also against a race with the leader's veto: this tab keeps the old shared worker, so it
      // follows once the call ends (see `setVoiceLive`), or the set stays split.
      if (this.#voiceLive) {
        this.#owed = m;
        return;
      }
      if (!this.#down) {
        this.#down = m.epoch;
        await this.#call(m.epoch, () => this.#hooks.teardown(m.epoch, m.auto));
      }
      // No reinit (leader gone, message lost)? Re-initialise alone rather than stay without a CCP;
      // not before a leader waiting for a frozen tab (stage `blocked`) would have given up.
      this.#arm('self', this.#ms.blockedMs + this.#ms.selfReinitMs, () => this.#reinit(m.epoch));
      this.#send({ t: 'ack', epoch: m.epoch });
    });
  }


  #reinit(epoch: number): void {
    this.#queue(async () => {
      if (!this.#down) return;
      this.#disarm('self');
      const L = this.#lead;
      if (this.#page && L?.epoch === epoch && !L.ready.has(this.#id)) {
        // A page-mode leader reloads last (from `#finish`): a reloaded page could not finish the barrier.
        L.ready.add(this.#id);
        return this.#allReady(L);
      }
      this.#down = 0;
      if (!this.#page) return this.#start(epoch, this.#hooks.reinit);
      // The reloaded page reports ready (`reportRegion`); the epoch and the tab id wait for it in `store`.
      this.#store?.setItem(this.#key, `${epoch} ${this.#id}`);
      const ok = await this.#call(epoch, () => this.#hooks.reinit(epoch));
      // Still here after a while: the page's own "leave page?" prompt was cancelled (or the reload
      // failed). It must not stay without a CCP.
      const inPlace = this.#hooks.reinitInPlace;
      if (!ok || !inPlace) {
        if (!ok) this.#send({ t: 'ready', epoch, ok });
        return;
      }
      this.#arm('page', this.#ms.pageReloadMs, () => {
        this.#store?.removeItem(this.#key);
        this.#queue(() => this.#start(epoch, inPlace));
      });
    });
  }

  /** Runs a reinit hook and reports the result to every tab. */
  async #start(epoch: number, hook: (epoch: number) => ReturnType<Hook>): Promise<void> {
    let region: string | undefined;
    const ok = await this.#call(epoch, async () => {
      region = (await hook(epoch)) || undefined;
    });
    if (region) this.#region = region;
    const reported = region ? { region } : {};
    if (ok) this.#emit('ready', epoch, reported);
    this.#send({ t: 'ready', epoch, ok, ...reported });
  }

  /** Runs a hook; a failure is reported as stage `failed` instead of breaking the barrier. */
  async #call(epoch: number, fn: () => unknown): Promise<boolean> {
    try {
      await fn();
      return true;
    } catch {
      this.#emit('failed', epoch);
      return false;
    }
  }

  #queue(fn: () => Promise<void>): void {
    // Hooks run one at a time, in message order (a late teardown never overlaps a reinit).
    this.#chain = this.#chain.then(() => (this.#disposed ? undefined : fn()));
  }

  /** Tells this tab's element about a stage of the barrier in `#bar` (set before any hook runs). */
  #emit(stage: Stage, epoch: number, details?: StageCounts & { region?: string; blocking?: string[] }): void {
    const b = this.#bar!;
    try {
      this.#hooks.onStage({ stage, epoch, reason: b.reason, automatic: b.auto, ...details });
    } catch {
      // A throwing listener must not stall the barrier for the other tabs.
    }
  }

  #arm(name: string, ms: number, fn: () => void): void {
    if (this.#disposed) return; // a late callback (a lock query, a queued hook) arms nothing after dispose
    this.#disarm(name);
    this.#timers.set(name, this.#sched.setTimeout(() => {
      this.#timers.delete(name);
      if (!this.#disposed) fn();
    }, ms));
  }

  #disarm(name: string): void {
    if (this.#timers.has(name)) this.#sched.clearTimeout(this.#timers.get(name));
    this.#timers.delete(name);
  }
}
