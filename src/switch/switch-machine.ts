/**
 * The region switch as a pure reducer: (state, input, now) → (state, effects). No DOM, no timers:
 * the element performs the effects (events, toasts, timers, reloads), so every path is unit-tested
 * with plain values. See README "How a switch unfolds".
 */
import type { AutoAvailablePolicy, ReloadMode } from '../config/config.js';
import { shouldSetAvailable } from './auto-available.js';

export type Phase =
  | 'initializing'
  | 'ready'
  | 'switch-detected'
  | 'switch-pending'
  | 'switching'
  | 'stale'
  | 'reloading'
  | 'error';

export type ContactType = 'voice' | 'chat' | 'task' | 'email' | 'queue_callback';

export interface ContactView {
  id: string;
  type: ContactType | string;
  /** Streams' contact state type: connecting, connected, ended, error, … */
  state: string;
}

/** What the element needs from one Streams agent snapshot. */
export interface AgentView {
  /** Region the agent data belongs to (from the routing profile ARN), when known. */
  region: string | null;
  /** Streams' agent state type: routable | not_routable | offline | system (Busy, AfterCallWork) … */
  stateType: string;
  /** Type of the state the agent picked (Streams' availability state): a call's Busy hides it. */
  selectedType: string;
  stateName: string;
  /** When the current state began (ms since epoch); the same in every tab, so it names a switch's Offline. */
  stateSince: number;
  contacts: ContactView[];
}

export interface MachineOptions {
  staleAfterMs: number;
  reloadMode: ReloadMode;
  autoAvailable: boolean;
  autoAvailablePolicy: AutoAvailablePolicy;
}

export type MachineInput =
  | { type: 'ready'; region: string; ccpUrl: string }
  /** `ccpUrl`: the CCP the data came from (the active one). */
  | { type: 'agent'; view: AgentView; ccpUrl?: string }
  | { type: 'failover-detected'; to: string }
  | { type: 'failover-pending'; to: string }
  | { type: 'failover-completed'; to: string; ccpUrl: string }
  | { type: 'stale-timeout' }
  | { type: 'reloading' }
  /** Auto-available gave up: the next routable state is the agent's own doing. */
  | { type: 'available-failed' }
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
  | { type: 'emit'; name: 'rac-switched'; detail: { from: string | null; to: string; ccpUrl: string; endedContacts: EndedContact[] } }
  | { type: 'emit'; name: 'rac-stale'; detail: { to: string; waitedMs: number } }
  | { type: 'emit'; name: 'rac-agent-available'; detail: { region: string; automatic: boolean } }
  | { type: 'emit'; name: 'rac-error'; detail: { code: string; message: string } }
  | { type: 'toast'; key: ToastKey; params: Record<string, string | number>; refresh?: boolean }
  | { type: 'stale-timer'; ms: number | null }
  /** An automatic reload of every tab; in manual mode only the toast's button offers one. */
  | { type: 'reload'; reason: 'stale' | 'call-dropped' }
  | { type: 'set-available'; region: string; switchId: number; since: number }
  | { type: 'voice'; live: boolean };

export interface SwitchState {
  phase: Phase;
  region: string | null;
  ccpUrl: string;
  from: string | null;
  target: string | null;
  /** Increments with every switch, so auto-available runs once per switch. */
  switchId: number;
  wasRoutable: boolean;
  contacts: ContactView[];
  /** The last agent data seen: Streams may deliver the new region's data before it reports completion. */
  agent: AgentView | null;
  /** Chats/tasks that were live while a switch was under way: the switch ends them (F2). */
  endedByMove: EndedContact[];
  /** How many of them the agent was already told about (they end at detection, not at completion). */
  endedToasted: number;
  /** When the stale countdown started, or null while none runs. */
  waitingSince: number | null;
  /** Voice calls that end abnormally until this time are blamed on the switch (F8). */
  dropWindowUntil: number;
  /** A completed switch waits for the new region's agent data before it is announced. */
  completedUrl: string | null;
  /** A→B→A: the region a cancelled switch went to; the way back is announced from there. */
  via: string | null;
  /** After a switch announced before the agent's new Offline state arrived: wait for it (F3, F4). */
  offlineWatch: { region: string; until: number } | null;
  /** After auto-available asked for Available (in any tab): the routable state that proves it. */
  awaitRoutable: { region: string; until: number } | null;
  /** When the agent's state before the switch began: new-region data with that same state is stale. */
  sinceBefore: number;
  /** A switch announced on the new region's agent data: the region whose Streams completion is still to come. */
  completionDue: string | null;
  /** The last move announced, when (this tab's clock), and whether it was an A→B→A's way back (from B). */
  announced: { from: string | null; to: string; at: number; roundTrip: boolean } | null;
  /** Regions Streams reported completed since it last detected a move there: another completion there is a repeat. */
  completed: string[];
}

export const initialState: SwitchState = {
  phase: 'initializing',
  region: null,
  ccpUrl: '',
  from: null,
  target: null,
  switchId: 0,
  wasRoutable: false,
  contacts: [],
  agent: null,
  endedByMove: [],
  endedToasted: 0,
  waitingSince: null,
  dropWindowUntil: 0,
  completedUrl: null,
  via: null,
  offlineWatch: null,
  awaitRoutable: null,
  sinceBefore: 0,
  completionDue: null,
  announced: null,
  completed: [],
};

/**
 * Streams relays the Global Resiliency events of both CCPs of a tab (one per region), deduping a
 * detection only against the last one: after a quick A→B→A the other CCP may replay the whole round
 * (detections, completions) milliseconds later. For this long after a move is announced, a round that
 * would announce it again is taken for that replay. A real move needs a new traffic distribution, its
 * detection and the CCP's switch: a second real A→B→A, or a move to B right after an A→B→A, takes far
 * longer (agents see a move within one to two minutes).
 */
export const REPLAY_MS = 1000;

const SWITCH_PHASES: readonly Phase[] = ['switch-detected', 'switch-pending', 'switching', 'stale'];

export const isSwitching = (s: SwitchState): boolean => SWITCH_PHASES.includes(s.phase);

/** A voice contact counts as live until it reaches ended/error: F1 forbids any teardown then. */
export const liveVoice = (contacts: readonly ContactView[]): ContactView[] =>
  contacts.filter((c) => c.type === 'voice' && c.state !== 'ended' && c.state !== 'error');

const isOther = (c: ContactView): boolean => c.type !== 'voice';
const liveOther = (contacts: readonly ContactView[]): EndedContact[] =>
  contacts.filter((c) => isOther(c) && c.state !== 'ended').map(({ id, type }) => ({ id, type }));

export interface Step {
  state: SwitchState;
  effects: Effect[];
}

export function reduce(state: SwitchState, input: MachineInput, now: number, opts: MachineOptions): Step {
  const effects: Effect[] = [];
  let s = state;
  const startWaiting = (): void => {
    s = { ...s, waitingSince: now };
    effects.push({ type: 'stale-timer', ms: opts.staleAfterMs });
  };
  const stopWaiting = (): void => {
    if (s.waitingSince !== null) effects.push({ type: 'stale-timer', ms: null });
    s = { ...s, waitingSince: null };
  };

  /** F2: tell the agent as soon as chats/tasks end, not only when the switch completes. */
  const toastEnded = (): void => {
    const ended = s.endedByMove;
    if (ended.length <= s.endedToasted) return;
    s = { ...s, endedToasted: ended.length };
    effects.push({ type: 'toast', key: 'contactsEnded', params: { count: ended.length, ids: ended.map((c) => c.id).join(', ') } });
  };

  /** A completed switch is announced once agent data of the new region is there (F3, F4, F2). */
  const announceIfArrived = (): void => {
    const view = s.agent;
    if (s.phase === 'switching' && s.completedUrl !== null && view && s.via !== null && s.via === s.target) {
      // A→B→A: B's completion came late, after the way back was detected; the agent's new state in A
      // (not the one from before) says they are home: the way back it is, its completion still due.
      if (view.region === s.region && view.stateSince !== s.sinceBefore) {
        s = { ...s, from: s.via, target: s.region, completedUrl: s.ccpUrl, completionDue: s.region };
      }
    }
    if (s.phase !== 'switching' || s.completedUrl === null || !view) return;
    if (view.region !== null && (view.region !== s.target || view.region === s.from)) return;
    const to = s.target ?? view.region ?? '';
    const ended = s.endedByMove;
    const last = s.announced;
    // The same move announced a moment ago, nothing in between: Streams' replay of the round.
    const replay = last !== null && last.from === s.from && last.to === to && now < last.at + REPLAY_MS;
    // Back where the machine was: an A→B→A's way back (from B).
    const roundTrip = to === s.region && s.from !== null && s.from !== to;
    stopWaiting();
    if (!replay) toastEnded();
    s = {
      ...s,
      announced: replay ? last : { from: s.from, to, at: now, roundTrip },
      phase: 'ready',
      region: to,
      ccpUrl: s.completedUrl,
      completedUrl: null,
      target: null,
      via: null,
      endedByMove: [],
      endedToasted: 0,
      dropWindowUntil: now + opts.staleAfterMs,
    };
    if (replay) return;
    effects.push({ type: 'emit', name: 'rac-switched', detail: { from: s.from, to, ccpUrl: s.ccpUrl, endedContacts: ended } });
    const offline = view.stateType === 'offline';
    effects.push({ type: 'toast', key: 'switched', params: { from: s.from ?? '', to, offline: offline && !auto() ? 1 : 0 } });
    if (offline) wentOffline(view);
    else if (freshlyRoutable(view)) available(); // another tab was quicker
    // Streams may deliver the new region's Offline a moment after the switch: watch for it.
    else s = { ...s, offlineWatch: { region: to, until: now + opts.staleAfterMs } };
  };
  /** Available since the switch (another tab's request), not the old state still showing. */
  const freshlyRoutable = (view: AgentView): boolean =>
    view.stateType === 'routable' && auto() && view.stateSince !== s.sinceBefore;
  /** Every tab says so, whichever tab sent the request (F4, F5). */
  const available = (): void => {
    const region = s.region ?? '';
    s = { ...s, awaitRoutable: null, offlineWatch: null };
    effects.push({ type: 'emit', name: 'rac-agent-available', detail: { region, automatic: true } });
    effects.push({ type: 'toast', key: 'setAvailable', params: { region } });
  };
  const auto = (): boolean => shouldSetAvailable(opts.autoAvailable, opts.autoAvailablePolicy, s.wasRoutable);
  /** F4: the agent is Offline in the new region: set Available (policy permitting), else say so once. */
  const wentOffline = (view: AgentView): void => {
    s = { ...s, offlineWatch: null };
    if (!auto()) return;
    effects.push({ type: 'set-available', region: s.region ?? '', switchId: s.switchId, since: view.stateSince });
    s = { ...s, awaitRoutable: { region: s.region ?? '', until: now + opts.staleAfterMs } };
  };

  // Right after an A→B→A was announced, Streams' events toward B are the other CCP's replay of it.
  const a = s.announced;
  if ('to' in input && a?.roundTrip && input.to === a.from && now < a.at + REPLAY_MS) return { state: s, effects };

  switch (input.type) {
    case 'ready': {
      const wasReloading = s.phase === 'reloading' || s.phase === 'initializing' || s.phase === 'error';
      const prev = s.region;
      effects.push({ type: 'emit', name: 'rac-ready', detail: { region: input.region, ccpUrl: input.ccpUrl } });
      if (wasReloading && prev !== null && input.region !== prev) {
        // A reload finished the switch (F6/F7): announce it like a completion once agent data arrives.
        if (s.target !== input.region) s = { ...s, from: prev, target: input.region, switchId: s.switchId + 1 };
        stopWaiting();
        s = { ...s, phase: 'switching', completedUrl: input.ccpUrl, agent: null };
        break;
      }
      s = { ...s, region: input.region, ccpUrl: input.ccpUrl };
      if (wasReloading) {
        stopWaiting();
        s = { ...s, phase: 'ready', target: null };
      }
      break;
    }

    case 'failover-detected':
    case 'failover-pending': {
      const to = input.to;
      if (input.type === 'failover-detected') s = { ...s, completed: s.completed.filter((r) => r !== to) };
      if (to === s.region && !isSwitching(s)) break; // already there: Streams repeats itself
      if (to === s.region) {
        // A→B→A before B completed: the switch is off (unless Streams did go to B: see `via`).
        stopWaiting();
        s = { ...s, phase: 'ready', via: s.target, target: null, endedByMove: [], endedToasted: 0 };
        break;
      }
      const fresh = s.target !== to || !isSwitching(s);
      if (fresh) {
        s = {
          ...s,
          target: to,
          from: s.region,
          switchId: s.switchId + 1,
          endedByMove: liveOther(s.contacts),
          endedToasted: 0,
          via: null,
          sinceBefore: s.agent?.stateSince ?? 0,
          phase: 'switch-detected',
        };
        effects.push({ type: 'emit', name: 'rac-switch-detected', detail: { from: s.from, to } });
        toastEnded();
      }
      const voice = liveVoice(s.contacts);
      if (input.type === 'failover-pending' || voice.length > 0) {
        if (s.phase !== 'switch-pending') {
          s = { ...s, phase: 'switch-pending' };
          stopWaiting();
          const voiceContactIds = voice.map((c) => c.id);
          effects.push({
            type: 'emit',
            name: 'rac-switch-pending',
            detail: { to, voiceContactIds, otherContactIds: s.contacts.filter(isOther).map((c) => c.id) },
          });
          effects.push({ type: 'toast', key: 'switchPending', params: { to, calls: Math.max(1, voice.length) } });
        }
        if (voice.length === 0 && s.waitingSince === null) startWaiting();
      } else if (fresh) {
        startWaiting();
      }
      break;
    }

    case 'agent': {
      const view = input.view;
      const before = s.contacts;
      const voiceBefore = liveVoice(before).length;
      const seen = new Set(view.contacts.map((c) => c.id));
      // A live voice call that vanished or errored without reaching `ended` was dropped.
      const dropped = liveVoice(before).some(
        (c) => !seen.has(c.id) || view.contacts.some((n) => n.id === c.id && n.state === 'error'),
      );
      const switching = isSwitching(s);
      let endedByMove = s.endedByMove;
      if (switching) {
        // F2: every chat/task live during the switch ends with it (its `ended` state looks like any other end).
        const known = new Set(endedByMove.map((c) => c.id));
        const added = view.contacts.filter((c) => isOther(c) && !known.has(c.id) && c.state !== 'ended');
        endedByMove = [...endedByMove, ...added.map(({ id, type }) => ({ id, type }))];
      }
      // Routability before the switch decides the was-routable policy; ignore the new region's Offline.
      const wasRoutable = switching || s.via || s.offlineWatch ? s.wasRoutable : view.selectedType === 'routable';
      s = { ...s, contacts: view.contacts, agent: view, endedByMove, wasRoutable };
      if (switching) toastEnded();
      const watch = s.offlineWatch ?? s.awaitRoutable;
      if (watch && !switching) {
        const routable = view.stateType === 'routable';
        if (now > watch.until) s = { ...s, offlineWatch: null, awaitRoutable: null };
        else if (routable && (s.awaitRoutable || freshlyRoutable(view))) available();
        else if (routable && view.stateSince !== s.sinceBefore) s = { ...s, offlineWatch: null }; // the agent's own pick
        else if (s.offlineWatch && view.stateType === 'offline' && (view.region ?? watch.region) === watch.region) {
          wentOffline(view);
          if (!auto()) effects.push({ type: 'toast', key: 'offline', params: {} });
        }
      }
      if (switching && s.phase !== 'switching' && input.ccpUrl && view.region === s.target && view.region !== s.region) {
        // Streams' completion event can go missing (it waits for an agent update that may have come
        // first): the new region's own agent data is proof enough.
        s = { ...s, phase: 'switching', completedUrl: input.ccpUrl, completionDue: s.target };
      }
      const voiceNow = liveVoice(view.contacts).length;
      if (voiceBefore > 0 !== voiceNow > 0) effects.push({ type: 'voice', live: voiceNow > 0 });

      if (dropped && (switching || now <= s.dropWindowUntil)) {
        effects.push({ type: 'toast', key: 'callDropped', params: {}, refresh: true });
        if (opts.reloadMode !== 'manual') effects.push({ type: 'reload', reason: 'call-dropped' });
      }
      if (switching && s.phase !== 'switching' && voiceBefore > 0 && voiceNow === 0 && s.waitingSince === null) {
        startWaiting(); // F6: the clock runs from the end of the last call
      }
      announceIfArrived();
      break;
    }

    case 'failover-completed': {
      // Streams detects every move before it completes it: a completion again with no detection of a
      // move there since is a repeat, or the other CCP's replay of the round (its switches are no moves).
      if (s.completed.includes(input.to)) break;
      s = { ...s, completed: [...s.completed, input.to] };
      if (s.phase === 'switching' && s.target === input.to) break; // Streams repeats itself
      // Streams completes moves in order: while the completion of a move announced on agent data is
      // due, any other completion (but a new switch's) is older, of a move announced already.
      const due = s.completionDue;
      if (due !== null && (input.to === due || !isSwitching(s))) {
        if (input.to === due) s = { ...s, completionDue: null };
        break;
      }
      s = { ...s, completionDue: null };
      const via = s.via ?? (s.phase === 'switching' ? s.target : null);
      if (input.to === s.region) {
        if (!via && isSwitching(s)) break; // a repeat of the completion that brought us here: the new switch goes on
        // A→B→A, with Streams' completions late: back home, but the agent did go through B (and is
        // Offline now), so the way back is announced like any switch.
        if (via && via !== input.to) s = { ...s, phase: 'switching', from: via, target: input.to, completedUrl: input.ccpUrl };
        else {
          stopWaiting();
          s = { ...s, phase: 'ready', target: null, completedUrl: null, endedByMove: [], endedToasted: 0 };
        }
        announceIfArrived();
        break;
      }
      if (!isSwitching(s) || s.target !== input.to) {
        // Completion without a detection we saw (detected before this tab loaded, or a late one).
        s = {
          ...s,
          from: s.region,
          target: input.to,
          switchId: s.switchId + 1,
          endedByMove: liveOther(s.contacts),
          endedToasted: 0,
        };
      }
      s = { ...s, phase: 'switching', completedUrl: input.ccpUrl };
      announceIfArrived();
      break;
    }

    case 'available-failed':
      s = { ...s, awaitRoutable: null };
      break;

    case 'stale-timeout': {
      if (s.waitingSince === null || !s.target) break;
      const waitedMs = now - s.waitingSince;
      s = { ...s, phase: 'stale', waitingSince: null };
      effects.push({ type: 'emit', name: 'rac-stale', detail: { to: s.target!, waitedMs } });
      effects.push({ type: 'toast', key: 'stale', params: { to: s.target!, seconds: Math.round(waitedMs / 1000) }, refresh: true });
      if (opts.reloadMode !== 'manual') effects.push({ type: 'reload', reason: 'stale' });
      break;
    }

    case 'reloading': {
      stopWaiting();
      s = { ...s, phase: 'reloading', contacts: [], completedUrl: null, completionDue: null, completed: [] };
      break;
    }

    case 'error': {
      s = { ...s, phase: 'error' };
      effects.push({ type: 'emit', name: 'rac-error', detail: { code: input.code, message: input.message } });
      effects.push({ type: 'toast', key: 'error', params: { code: input.code }, refresh: input.code !== 'config' });
      break;
    }
  }
  // Switching waits for the new region's agent data, which may never come: the stale clock (started
  // at detection, else now) runs until the switch is announced, so a stuck switch gets repaired (F6).
  if (s.phase === 'switching' && s.waitingSince === null) startWaiting();
  return { state: s, effects };
}
