/**
 * The one owner of the CCP's life: the only place that starts and stops Streams. The element hands
 * it what the attributes ask for; it decides when that may happen. Voice is sacred (F1): a change
 * that needs a new CCP waits while the agent has a live voice call (a queued callback is one), then
 * applies once; a change equal in value to what runs changes nothing.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RacConfig } from '../config/config.js';
import { StreamsHost, type CcpHost } from '../ccp/streams-host.js';
import type { MachineInput } from '../switch/switch-machine.js';
import { liveCalls } from '../ccp/observation.js';
import type { TabsController } from './tabs.js';

/** What one CCP runs with: the attributes that shape it and the page's `initCCP` options. */
export interface CcpWish {
  config: RacConfig;
  options: Record<string, unknown>;
}

export interface CcpHooks {
  /** Streams' inputs for the switch machine. */
  input(input: MachineInput): void;
  /** A CCP life ends: the machine and its timers start afresh; `starting`: a new CCP follows. */
  reset(starting: boolean): void;
}

/** Attributes whose change needs a new CCP (and, for the last two, a new tab set). */
const CCP_KEYS = ['ccpUrl', 'secondaryCcpUrl', 'loginUrl', 'region', 'globalResiliency', 'channel', 'reloadMode'] as const;

/** Equal in value: plain objects and arrays compared member by member, anything else by identity. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  const plain = (x: unknown): x is Record<string, unknown> =>
    x !== null && typeof x === 'object' && [Object.prototype, Array.prototype, null].includes(Object.getPrototypeOf(x));
  if (!plain(a) || !plain(b) || Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => k in b && sameValue(a[k], b[k]));
}

const sameCcp = (a: CcpWish | null, b: CcpWish | null): boolean =>
  a === b || (!!a && !!b && CCP_KEYS.every((k) => a.config[k] === b.config[k]) && sameValue(a.options, b.options));

export class CcpController implements ReactiveController {
  /** Streams while it runs. */
  host: CcpHost | null = null;
  /** What runs (or is starting) now; null: nothing. */
  #running: CcpWish | null = null;
  /** What the element asks for; applied when connected and no call is live. */
  #wish: CcpWish | null = null;
  /** Whether this tab has a live voice call (a queued callback is one): nothing may reload it then (F1). Read only. */
  voice = false;
  #connected = false;
  /** Torn down by a coordinated reload, until its reinit: a change waits for that reinit, or a second CCP would start beside it. */
  #down = false;
  /** Resolves the tab set's reinit when the CCP is back (or failed). */
  #reinitDone: ((region: string | undefined) => void) | null = null;

  readonly #el: ReactiveControllerHost & { renderRoot: HTMLElement | DocumentFragment };
  readonly #tabs: TabsController;
  readonly #hooks: CcpHooks;

  constructor(
    el: ReactiveControllerHost & { renderRoot: HTMLElement | DocumentFragment },
    tabs: TabsController,
    hooks: CcpHooks,
  ) {
    this.#el = el;
    this.#tabs = tabs;
    this.#hooks = hooks;
    el.addController(this);
  }

  /**
   * The element's wish (null: the attributes are invalid, so no CCP). Applied now, or, while a voice
   * call is live, once it has ended; what is running stays until then.
   */
  configure(wish: CcpWish | null): void {
    const repeated = sameCcp(wish, this.#wish);
    this.#wish = wish;
    if (sameCcp(wish, this.#running) || !this.#connected || this.#down) return;
    if (this.voice) {
      if (!repeated) console.info('<region-aware-ccp>: settings wait for the live voice call.');
      return;
    }
    this.#apply(wish);
  }

  hostConnected(): void {
    this.#connected = true;
    addEventListener('pageshow', this.#onPageShow);
    if (this.#wish) this.#apply(this.#wish);
  }

  hostDisconnected(): void {
    this.#connected = false;
    removeEventListener('pageshow', this.#onPageShow);
    this.#apply(null);
  }

  /** Back from the back/forward cache (no call survives it): a fresh start. */
  #onPageShow = (e: PageTransitionEvent): void => {
    if (e.persisted) this.#apply(this.#wish);
  };

  /** Ends what runs and starts `wish`: joins its tab set first when that is another one. */
  #apply(wish: CcpWish | null): void {
    this.#down = false;
    this.#stop();
    this.#hooks.reset(wish !== null);
    this.#running = wish;
    if (!wish) return this.#tabs.leave();
    if (this.#tabs.isJoined(wish.config)) return this.#start();
    void this.#tabs.join(wish.config).then(() => {
      if (this.#running === wish && !this.host) this.#start();
    });
  }

  #start(): void {
    const wish = this.#running;
    if (!wish) return;
    this.host?.stop(); // a settings change during a reload may have started one already: never two
    const host: CcpHost = new StreamsHost((input) => this.#input(host, input));
    this.host = host;
    try {
      host.start(this.#el.renderRoot.querySelector<HTMLElement>('.ccp')!, wish.config, wish.options);
    } catch (e) {
      host.stop();
      this.host = null;
      this.#hooks.input({ type: 'error', code: 'init-failed', message: e instanceof Error ? e.message : String(e) });
      this.#reinitDone?.(undefined); // the tab set must not wait for a CCP that did not start
      this.#reinitDone = null;
    }
  }

  #stop(): void {
    this.host?.stop();
    this.host = null;
    this.#setVoice(false); // the tab set must not wait for a call this tab no longer hosts
  }

  /** Every Streams input passes here first: the call's life is read from the agent data itself. */
  #input(host: CcpHost, input: MachineInput): void {
    if (host !== this.host) return;
    if (input.type === 'ready' || input.type === 'error') {
      this.#reinitDone?.(input.type === 'ready' ? input.region : undefined);
      this.#reinitDone = null;
    }
    this.#hooks.input(input);
    if (input.type === 'agent') this.#setVoice(liveCalls(input.obs).length > 0);
    // No call (any more): a change that waited for one applies now, once.
    if (!this.voice && this.host === host && !sameCcp(this.#wish, this.#running)) this.#apply(this.#wish);
  }

  #setVoice(live: boolean): void {
    if (live === this.voice) return;
    this.voice = live;
    this.#tabs.set?.setVoiceLive(live);
  }


  /** A coordinated reload (the tab set waited for every call to end): stop, keep the switch state. */
  teardown(automatic: boolean): void {
    this.#hooks.input({ type: 'reloading', automatic });
    this.#stop();
    this.#down = true;
  }

  /** Starts what the element asks for now: a change made while torn down applies here, once (in another tab set: right after). */
  reinit(): Promise<string | undefined> {
    this.#down = false;
    if (this.#wish && this.#tabs.isJoined(this.#wish.config)) this.#running = this.#wish;
    return new Promise((resolve) => {
      this.#reinitDone = resolve;
      this.#start();
    });
  }

  /** Opens the sign-in window Streams asked for: from a click, which popup blockers allow. */
  signIn(): void {
    this.host?.signIn();
  }
}
