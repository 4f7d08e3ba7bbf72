/**
 * The region switch as a pure reducer: (state, input, now) → (state, effects). No DOM, no timers:
 * the element performs the effects (events, toasts, timers, reloads), so every path is unit-tested
 * with plain values. `now` is a monotonic clock (`performance.now()`); it measures only the stale
 * watchdog and the reload cap, never the order of events.
 *
 * The one rule: a move is announced exactly when the confirmed region changes, the region of the
 * newest agent data (by the server's snapshot time). Replays carry older data, repeated or late
 * completions carry none; Streams' Global Resiliency events are only hints, which drive the
 * pending/stale messages and the watchdog. See docs/switch-machine.md.
 */
import type { AutoAvailablePolicy, ReloadMode } from '../config/config.js';
import { carryConnected, liveCalls, type ContactObservation, type Observation } from '../ccp/observation.js';
import { shouldSetAvailable } from './auto-available.js';
import type { MessageKey, Params } from '../i18n/messages.js';

export type Phase = 'initializing' | 'ready' | 'switch-detected' | 'switch-pending' | 'stale' | 'reloading' | 'error';

export interface MachineOptions {
  staleAfterMs: number;
  reloadMode: ReloadMode;
  autoAvailable: boolean;
  autoAvailablePolicy: AutoAvailablePolicy;
}

/** A Global Resiliency event of a CCP: a move to `target` was detected, or waits for calls. */
export type HintKind = 'detected' | 'pending';

export type MachineInput =
  | { type: 'ready'; region: string; ccpUrl: string }
  /** Agent data; `ccpUrl`: the CCP of its region; `at`: when it arrived, in the server's clock (for `completedAt`). */
  | { type: 'agent'; obs: Observation; ccpUrl?: string; at?: number }
  /**
   * `ccp`: the region of the CCP that sent it; `active`: Streams' active CCP then. `at`: when it
   * arrived, in the server's clock (ms since epoch), for `rac-switched`'s `detectedAt`.
   */
  | { type: 'hint'; kind: HintKind; target: string; ccp: string | null; active: boolean; at?: number }
  | { type: 'stale-timeout' }
  /** A coordinated reload tears this tab's CCP down; `automatic`: a watchdog's (whichever tab asked), counted for the cap. */
  | { type: 'reloading'; automatic?: boolean }
  /** Auto-available gave up: the next routable state is the agent's own doing. */
  | { type: 'available-failed' }
  /** The auto-available option (`opts.autoAvailable`) changed: on while the move's Offline holds sets Available now. */
  | { type: 'auto-available' }
  | { type: 'error'; code: string; message: string };

export interface EndedContact {
  id: string;
  type: string;
}

/** Toast requests: the element localises `key` with `params`. */
export type ToastKey =
  | 'switchPending'
  | 'switched'
  | 'contactsEnded'
  | 'stale'
  | 'callDropped'
  | 'offline'
  | 'setAvailable'
  | 'error';

export type Effect =
  | { type: 'emit'; name: 'rac-ready'; detail: { region: string; ccpUrl: string } }
  | { type: 'emit'; name: 'rac-switch-detected'; detail: { from: string | null; to: string } }
  | { type: 'emit'; name: 'rac-switch-pending'; detail: { to: string; voiceContactIds: string[]; otherContactIds: string[] } }
  | {
      type: 'emit';
      name: 'rac-switched';
      detail: { from: string | null; to: string; ccpUrl: string; endedContacts: EndedContact[]; detectedAt: number | null; completedAt: number };
    }
  | { type: 'emit'; name: 'rac-stale'; detail: { to: string; waitedMs: number } }
  | { type: 'emit'; name: 'rac-agent-available'; detail: { region: string; automatic: boolean; offlineMs: number } }
  | { type: 'emit'; name: 'rac-error'; detail: { code: string; message: string } }
  /** `params.capped`: automatic reloads for this region are used up (`reloadCapped` says why). */
  | { type: 'toast'; key: ToastKey; params: Params; refresh?: boolean }
  | { type: 'stale-timer'; ms: number | null }
  /** An automatic reload of every tab; in manual mode only the toast's button offers one. */
  | { type: 'reload'; reason: 'stale' | 'call-dropped' }
  /** Set Available in `region` while the agent is still in the Offline that began at `since` (server time). */
  | { type: 'set-available'; region: string; switchId: number; since: number }
  | { type: 'voice'; live: boolean };

/** A move a hint announced and the agent data has not confirmed yet. */
export interface Move {
  to: string;
  /** Server time of its first hint, or null when the data came first. */
  detectedAt: number | null;
  /** The agent's picked state before this move was routable (the `was-routable` policy), and since when. */
  routable: boolean;
  since: number;
  /** Chats/tasks live during the move: it ends them (F2); `told` of them the agent already heard about. */
  ended: Ended[];
  told: number;
  /** `rac-switch-pending` was said for this move. */
  pending: boolean;
}

/** After a move (or a cancelled one): the Offline it left, auto-available and its outcome (F3, F4). */
export interface Settle {
  /** Auto-available may apply to this move (the policy, with the state before it); it does while the option is on. */
  auto: boolean;
  /** The start of the state before the move: new-region data with it is the old state still showing. */
  before: number;
  /** The start of the Offline the move left, once seen; another Offline start is the agent's own pick. */
  offline: number | null;
  /** When the move took the agent away (server time), for `offlineMs` when no Offline was seen. */
  start: number;
}

export interface SwitchState {
  /** Where the element is in its life and in a switch (derived from the fields below after each input). */
  phase: Phase;
  /** The confirmed region: that of the newest agent data; null before the first. */
  region: string | null;
  /** The CCP the newest agent data came from. */
  ccpUrl: string;
  /** The newest agent data since the CCP (re)started; older data is dropped. */
  agent: Observation | null;
  /** The move the hints expect, until the data confirms or cancels it. */
  move: Move | null;
  /** The last announced move's follow-up, until the agent is Available or picks a state. */
  settle: Settle | null;
  /** Increments with every announced move, so auto-available runs once per switch. */
  switchId: number;
  /** When the stale clock started (monotonic), or null while none runs. */
  waitingSince: number | null;
  /** Automatic reloads this tab took part in (any tab may have asked) in the last `RELOAD_WINDOW_MS` (monotonic), per target region. */
  reloads: Array<{ to: string; at: number }>;
}

export const initialState: SwitchState = {
  phase: 'initializing',
  region: null,
  ccpUrl: '',
  agent: null,
  move: null,
  settle: null,
  switchId: 0,
  waitingSince: null,
  reloads: [],
};

/** At most this many automatic reloads per target region within `RELOAD_WINDOW_MS` (then only the button). */
export const MAX_RELOADS = 2;
export const RELOAD_WINDOW_MS = 10 * 60 * 1000;

const STARTING: readonly Phase[] = ['initializing', 'reloading', 'error'];

const others = (o: Observation | null): ContactObservation[] => o?.contacts.filter((c) => !c.voice && c.live) ?? [];
/** An ended contact, and what the agent recognises of it (for the toast; the event has the id). */
type Ended = EndedContact & { label?: string };
const brief = ({ id, type, label }: ContactObservation): Ended => ({ id, type, label });

export interface Step {
  state: SwitchState;
  effects: Effect[];
}

export function reduce(state: SwitchState, input: MachineInput, now: number, opts: MachineOptions): Step {
  const effects: Effect[] = [];
  let s = state;
  const toast = (key: ToastKey, params: Params = {}, refresh?: boolean): void => {
    effects.push(refresh === undefined ? { type: 'toast', key, params } : { type: 'toast', key, params, refresh });
  };

  /** F2: tell the agent as soon as chats/tasks end, not only when the switch completes: per type, how many and which. */
  const toastEnded = (ended: Ended[], told: number): void => {
    if (ended.length <= told) return;
    const list = [...new Set(ended.map((c) => c.type))].map((type) => {
      const of = ended.filter((c) => c.type === type);
      const who = of.map((c) => c.label).filter(Boolean).join('; ');
      return { key: type as MessageKey, params: { n: of.length, who: who && ` (${who})` } };
    });
    toast('contactsEnded', { list });
  };

  /** Stale watchdog and dropped calls: reload every tab, at most MAX_RELOADS times per region (defect 6). */
  const reloadOr = (reason: 'stale' | 'call-dropped', to: string, key: ToastKey, params: Params): void => {
    if (opts.reloadMode === 'manual') return toast(key, params, true);
    const recent = s.reloads.filter((r) => now - r.at < RELOAD_WINDOW_MS);
    const done = recent.filter((r) => r.to === to).length;
    if (done >= MAX_RELOADS) {
      s = { ...s, reloads: recent };
      return toast(key, { ...params, capped: done, to, minutes: RELOAD_WINDOW_MS / 60000 }, true);
    }
    s = { ...s, reloads: recent };
    toast(key, params, true);
    effects.push({ type: 'reload', reason });
  };
  const dropped = (to: string): void => reloadOr('call-dropped', to, 'callDropped', {});

  /** F1: the move waits for calls: said once per move, when a hint or a live call says so. */
  const checkPending = (hinted: boolean): void => {
    const m = s.move;
    const calls = liveCalls(s.agent);
    if (!m || m.pending || (!hinted && calls.length === 0)) return;
    s = { ...s, move: { ...m, pending: true } };
    const otherContactIds = s.agent?.contacts.filter((c) => !c.voice).map((c) => c.id) ?? [];
    effects.push({ type: 'emit', name: 'rac-switch-pending', detail: { to: m.to, voiceContactIds: calls.map((c) => c.id), otherContactIds } });
    toast('switchPending', { to: m.to, calls: Math.max(1, calls.length) });
  };

  /** Auto-available may apply to a move (F4; `was-routable` reads the state before THIS move, defect 9). */
  const policy = (m: Move): boolean => shouldSetAvailable(true, opts.autoAvailablePolicy, m.routable);
  const setAvailable = (since: number): void => void effects.push({ type: 'set-available', region: s.region!, switchId: s.switchId, since });

  /** F3/F4: the new region's Offline, auto-available and its outcome, read from the data only. */
  const settle = (o: Observation, announcing: boolean): void => {
    const t = s.settle!;
    const region = s.region!;
    // The state from before the move still showing, or older (a CCP's cached snapshot of the new
    // region): the move's Offline begins after the state it ended.
    if (o.since <= t.before) return;
    if (o.stateType === 'offline') {
      if (t.offline === null) {
        s = { ...s, settle: { ...t, offline: o.since } };
        if (t.auto && opts.autoAvailable) setAvailable(o.since);
        else if (!announcing) toast('offline');
      } else if (o.since !== t.offline) {
        s = { ...s, settle: null }; // the agent's own Offline (end of shift): their choice wins
      }
      return;
    }
    if (o.stateType === 'system') return; // a call (Busy, after-contact work)
    if (o.stateType === 'routable' && t.auto && opts.autoAvailable) {
      const offlineMs = Math.max(0, o.since - (t.offline ?? t.start));
      effects.push({ type: 'emit', name: 'rac-agent-available', detail: { region, automatic: true, offlineMs } });
      toast('setAvailable', { region });
    }
    s = { ...s, settle: null };
  };

  /** The one rule: the confirmed region changed, so the agent was moved. */
  const announce = (prev: Observation | null, o: Observation, from: string, to: string, completedAt: number): void => {
    const m: Move = s.move ?? {
      to,
      detectedAt: null,
      routable: prev?.selectedType === 'routable',
      since: prev?.since ?? 0,
      ended: [],
      told: 0,
      pending: false,
    };
    // Old-region chats/tasks get no `ended` event: they are gone from the new region's data (F2).
    const known = new Set(m.ended.map((c) => c.id));
    const endedContacts = [...m.ended, ...others(prev).filter((c) => !known.has(c.id)).map(brief)];
    const auto = policy(m);
    s = {
      ...s,
      region: to,
      move: null,
      switchId: s.switchId + 1,
      settle: { auto, before: m.since, offline: null, start: m.detectedAt ?? completedAt },
      phase: s.phase === 'error' ? 'error' : 'ready',
    };
    toastEnded(endedContacts, m.told);
    effects.push({
      type: 'emit',
      name: 'rac-switched',
      detail: { from, to, ccpUrl: s.ccpUrl, endedContacts: endedContacts.map(({ id, type }) => ({ id, type })), detectedAt: m.detectedAt, completedAt },
    });
    toast('switched', { from, to });
    // F3: a request, apart from the news: it stays until the agent is Available.
    if (o.stateType === 'offline' && !(auto && opts.autoAvailable)) toast('offline');
    // F8: a call the agent was on, still live when the region changed under it, was cut. Unless the
    // move waited for it (F1): then its end raced the switch (the old CCP's last snapshot, which
    // says so, can come after the new region's data and is dropped as older).
    if (!m.pending && prev?.contacts.some((c) => c.voice && c.live && c.connected)) dropped(to);
    settle(o, true);
  };

  const observed = (raw: Observation, ccpUrl: string | undefined, arrived: number | undefined): void => {
    const prev = s.agent;
    if (prev && raw.at < prev.at) return; // older than what this tab has: a replay or a late relay
    const o = carryConnected(prev, raw);
    const from = s.region;
    const to = o.region ?? from;
    s = { ...s, agent: o, ccpUrl: ccpUrl ?? s.ccpUrl };
    const callBefore = liveCalls(prev).length > 0;
    const callNow = liveCalls(o).length > 0;
    if (callBefore !== callNow) effects.push({ type: 'voice', live: callNow });
    if (from === null || to === null) return void (s = { ...s, region: to });
    if (to !== from) return announce(prev, o, from, to, arrived ?? o.at);
    const m = s.move;
    if (m) {
      // F2: every chat/task live during the move ends with it (its `ended` looks like any other end).
      const known = new Set(m.ended.map((c) => c.id));
      const ended = [...m.ended, ...others(o).filter((c) => !known.has(c.id)).map(brief)];
      toastEnded(ended, m.told);
      s = { ...s, move: { ...m, ended, told: ended.length } };
      // F8: a call the agent was on errored during the move (a missed or a normally ended one did not).
      const was = new Map(prev?.contacts.map((c) => [c.id, c.state]));
      if (o.contacts.some((c) => c.voice && c.connected && c.state === 'error' && was.get(c.id) !== 'error')) dropped(m.to);
      checkPending(false);
    }
    if (s.settle) settle(o, false);
  };

  const hint = ({ kind, target, ccp, active, at }: Extract<MachineInput, { type: 'hint' }>): void => {
    const o = s.agent;
    if (!o || s.region === null) return; // before this CCP's data (defect 5): the data will tell
    // Both CCPs send every hint; the one neither active nor of the agent's region relays a round late.
    if (!active && ccp !== s.region) return;
    if (target === s.region) {
      // Already there, or A→B→A before B's data came: the move is off. It may still have left the
      // agent Offline here: the data will say, and the agent is told or set Available (F3, F4).
      const m = s.move;
      if (m) s = { ...s, move: null, settle: { auto: policy(m), before: m.since, offline: null, start: m.detectedAt ?? o.at } };
      return;
    }
    if (s.move?.to !== target) {
      const ended = others(o).map(brief);
      s = {
        ...s,
        phase: 'switch-detected',
        move: { to: target, detectedAt: at ?? null, routable: o.selectedType === 'routable', since: o.since, ended, told: ended.length, pending: false },
      };
      effects.push({ type: 'emit', name: 'rac-switch-detected', detail: { from: s.region, to: target } });
      toastEnded(ended, 0);
    }
    checkPending(kind === 'pending');
  };

  switch (input.type) {
    case 'ready':
      effects.push({ type: 'emit', name: 'rac-ready', detail: { region: input.region, ccpUrl: input.ccpUrl } });
      // A restarted CCP that comes up where the data left the agent knows of no move under way (its
      // GR init names the active region): a move still expected is off; a new hint would say otherwise.
      if (s.phase === 'reloading' && input.region === s.region) s = { ...s, move: null };
      s = { ...s, ccpUrl: input.ccpUrl, phase: STARTING.includes(s.phase) ? 'ready' : s.phase };
      break;
    case 'agent':
      observed(input.obs, input.ccpUrl, input.at);
      break;
    case 'hint':
      hint(input);
      break;
    case 'stale-timeout': {
      const m = s.move;
      if (s.waitingSince === null || !m) break;
      const waitedMs = now - s.waitingSince;
      s = { ...s, phase: 'stale', waitingSince: null };
      effects.push({ type: 'emit', name: 'rac-stale', detail: { to: m.to, waitedMs } });
      reloadOr('stale', m.to, 'stale', { to: m.to, seconds: Math.round(waitedMs / 1000) });
      break;
    }
    case 'reloading': {
      // A new Streams instance: its data starts afresh; the confirmed region and the move stay. Every
      // tab counts every automatic reload it takes part in, so the cap holds per agent, not per tab.
      const to = s.move?.to ?? s.region;
      if (input.automatic && to) s = { ...s, reloads: [...s.reloads, { to, at: now }] };
      s = { ...s, phase: 'reloading', agent: null };
      break;
    }
    case 'available-failed':
      s = { ...s, settle: null };
      break;
    case 'auto-available': {
      // Turned on while the agent is still in the Offline the move left (off: the retries stop themselves).
      const t = s.settle;
      if (opts.autoAvailable && t?.auto && t.offline !== null && s.agent?.stateType === 'offline' && s.agent.since === t.offline) setAvailable(t.offline);
      break;
    }
    case 'error':
      s = { ...s, phase: 'error' };
      effects.push({ type: 'emit', name: 'rac-error', detail: { code: input.code, message: input.message } });
      toast('error', { code: input.code }, input.code !== 'config');
      break;
  }

  if (!STARTING.includes(s.phase)) {
    const m = s.move;
    if (!m) s = { ...s, phase: 'ready' };
    else if (s.phase !== 'stale') s = { ...s, phase: m.pending ? 'switch-pending' : 'switch-detected' };
  }
  // F6: the clock runs while a move is expected, this CCP has data and no call is live (F1, defect 7).
  const clock = (s.phase === 'switch-detected' || s.phase === 'switch-pending') && s.agent !== null && liveCalls(s.agent).length === 0;
  if (clock && s.waitingSince === null) {
    s = { ...s, waitingSince: now };
    effects.push({ type: 'stale-timer', ms: opts.staleAfterMs });
  } else if (!clock && s.waitingSince !== null) {
    s = { ...s, waitingSince: null };
    effects.push({ type: 'stale-timer', ms: null });
  }
  return { state: s, effects };
}
