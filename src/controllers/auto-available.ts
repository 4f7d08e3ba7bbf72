/**
 * Owns auto-available (F4) once the switch machine asks for it: the claim (one tab of the set sends
 * the request), the bounded retries, and the outcome, which every tab tells the agent. The agent's own
 * choice wins: a state they pick while retries run (Offline again at the end of a shift included) is
 * a state that began after the switch's Offline, so the retries stop; so does the option turned off.
 *
 * It also keeps the agent's own choice of the option (issue 18): in `localStorage` per instance and
 * agent, and in every tab of the set at once (the tab channel).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { DEFAULT_RETRY, FIRST_SPREAD_MS, firstDelayMs, retry, type RetryOptions } from '../switch/auto-available.js';
import type { AnnouncePayload } from '../tabs/messages.js';
import type { CcpController } from './ccp.js';
import type { TabsController } from './tabs.js';

export type RetryPolicy = Omit<RetryOptions, 'random' | 'sleep' | 'timer'> & {
  /** Longest random wait before the first request (herd safety, bench/floor.mjs); default `FIRST_SPREAD_MS`. */
  firstSpreadMs?: number;
};

/** How a request ended, in the tab that sent it; every tab of the set hears it. */
export interface AvailableOutcome {
  region: string;
  /** `stopped`: no longer wanted (the agent chose a state, the CCP went away). */
  result: 'available' | 'failed' | 'stopped';
  attempts: number;
  error: string;
}

export interface AutoAvailableHooks {
  policy(): Partial<RetryPolicy>;
  /** The newest agent data (the switch machine's): its state type and when that state began. */
  agent(): { stateType: string; since: number } | null;
  /** Every tab: the agent is Offline in `region` and the element is trying. */
  trying(region: string): void;
  /** Every tab, whichever sent the request. */
  settled(outcome: AvailableOutcome): void;
  /** The effective option: off stops the retries. */
  enabled(): boolean;
  /** The agent's choice changed: theirs (this tab, or read from storage) or another tab's. */
  changed(source: 'agent' | 'other-tab'): void;
}

/** The outcome of a request, or (`on` alone) the agent's choice. */
const TOPIC = 'auto-available';

export class AutoAvailableController implements ReactiveController {
  /**
   * Sleeps between attempts and attempt deadlines, with what each does when it ends: cleared on
   * disconnect, which ends the retries; run at once when the agent turns the option off.
   */
  readonly #timers = new Map<ReturnType<typeof setTimeout>, () => void>();
  readonly #ccp: CcpController;
  readonly #tabs: TabsController;
  readonly #hooks: AutoAvailableHooks;
  /** The agent's choice (null: none, the default applies) and its storage key (null: agent unknown). */
  choice: boolean | null = null;
  #key: string | null = null;
  /** Requests stopped so far: an option turned on again claims anew (a claim key is used once). */
  #stops = 0;
  #warned = false;

  constructor(host: ReactiveControllerHost, ccp: CcpController, tabs: TabsController, hooks: AutoAvailableHooks) {
    this.#ccp = ccp;
    this.#tabs = tabs;
    this.#hooks = hooks;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#timers.forEach((_, t) => clearTimeout(t));
    this.#timers.clear();
  }

  /**
   * The switch left the agent Offline in `region` since `since` (the state's server start time, the
   * same in every tab): every tab says so, one sets Available.
   */
  async request(region: string, since: number): Promise<void> {
    const host = this.#ccp.host;
    if (!host) return;
    this.#hooks.trying(region);
    if (!(await this.#tabs.set?.claim(`auto-available:${region}:${since}:${this.#stops}`))) return;
    const wanted = (): boolean => {
      const agent = this.#hooks.agent();
      return this.#ccp.host === host && agent?.stateType === 'offline' && agent.since === since && this.#hooks.enabled();
    };
    const timer = (fn: () => void, ms: number) => {
      const t = setTimeout(() => (this.#timers.delete(t), fn()), ms);
      this.#timers.set(t, fn);
      return () => (clearTimeout(t), this.#timers.delete(t));
    };
    const { firstSpreadMs = FIRST_SPREAD_MS, ...policy } = { ...DEFAULT_RETRY, ...this.#hooks.policy() };
    // A floor whose switches complete together must not send every request in the same second;
    // a state the agent picks meanwhile is covered by `wanted` before the first attempt.
    const wait = firstDelayMs(Math.random, firstSpreadMs);
    if (wait > 0) await new Promise<void>((resolve) => timer(resolve, wait));
    const outcome = await retry(() => host.setAvailable(region), wanted, {
      ...policy,
      random: Math.random,
      sleep: (ms) => new Promise((resolve) => timer(resolve, ms)),
      timer,
    });
    const settled: AvailableOutcome = {
      region,
      result: outcome.ok ? 'available' : outcome.abandoned ? 'stopped' : 'failed',
      attempts: outcome.attempts,
      // The tab channel carries short single-line strings only.
      error: outcome.ok ? '' : outcome.error.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 200),
    };
    // Also when a new CCP (a reload of every tab) ended the retries: the other tabs still say "trying".
    this.#tabs.set?.announce(TOPIC, { ...settled });
    this.#settled(settled);
  }

  #settled(o: AvailableOutcome): void {
    if (o.result === 'stopped') this.#stops++;
    this.#hooks.settled(o);
  }

  /** Another tab's outcome or choice (validated by the tab channel; checked here for its shape). */
  heard(topic: string, p: AnnouncePayload): void {
    if (topic === TOPIC && typeof p.on === 'boolean') {
      this.choice = p.on; // that tab stored it
      this.#hooks.changed('other-tab');
    }
    if (topic !== TOPIC || typeof p.region !== 'string' || typeof p.attempts !== 'number' || typeof p.error !== 'string') return;
    if (p.result === 'available' || p.result === 'failed' || p.result === 'stopped') {
      this.#settled({ region: p.region, result: p.result, attempts: p.attempts, error: p.error });
    }
  }

  /** The agent is known (`key`: the instance and the agent): their stored choice, or none (another agent's never carries over). */
  identify(key: string): void {
    if (key === this.#key) return;
    const v = this.#storage((s) => s.getItem(key));
    this.choice = v ? v === '1' : null;
    this.#key = key;
    this.#hooks.changed('agent');
  }

  /** The agent flipped the option in this tab: remembered for them, and the same in every tab. */
  choose(on: boolean): void {
    this.choice = on;
    const key = this.#key;
    if (key) this.#storage((s) => s.setItem(key, on ? '1' : '0'));
    this.#tabs.set?.announce(TOPIC, { on });
    this.#hooks.changed('agent');
  }

  /**
   * The option was turned off (here, in another tab, or by the attribute): a wait or an unanswered
   * attempt ends now, so the retries ask `wanted()` at once rather than after their delay, and every
   * tab says the agent stays Offline.
   */
  stop(): void {
    const pending = [...this.#timers];
    this.#timers.clear();
    for (const [t, fn] of pending) {
      clearTimeout(t);
      fn();
    }
  }

  /** Blocked storage (Safari's private mode, a policy) throws: the choice then lasts this session only. */
  #storage(run: (s: Storage) => string | null | void): string | null | void {
    try {
      return run(localStorage);
    } catch (e) {
      if (!this.#warned) console.warn('<region-aware-ccp>: no storage, the choice lasts this session:', e);
      this.#warned = true;
    }
  }
}
