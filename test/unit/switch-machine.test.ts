import { expect } from '@open-wc/testing';
import {
  initialState,
  reduce,
  type AgentView,
  type ContactView,
  type Effect,
  type MachineInput,
  type MachineOptions,
  type SwitchState,
} from '../../src/switch/switch-machine.js';

const opts: MachineOptions = { staleAfterMs: 1000, reloadMode: 'ccp', autoAvailable: false, autoAvailablePolicy: 'was-routable' };

const view = (region: string | null, stateType: string, contacts: ContactView[] = [], since = 1, selectedType = stateType): AgentView => ({
  region,
  stateType,
  selectedType,
  stateName: stateType === 'routable' ? 'Available' : 'Offline',
  stateSince: since,
  contacts,
});
const voice = (id: string, state = 'connected'): ContactView => ({ id, type: 'voice', state });
const chat = (id: string, state = 'connected'): ContactView => ({ id, type: 'chat', state });

/** Feeds inputs in order at increasing times; returns the final state and every effect. */
function run(inputs: Array<MachineInput | [number, MachineInput]>, o: Partial<MachineOptions> = {}, from: SwitchState = initialState) {
  let s = from;
  let t = 0;
  const effects: Effect[] = [];
  for (const item of inputs) {
    const [at, input] = Array.isArray(item) ? item : [t + 1, item];
    t = at;
    const step = reduce(s, input, t, { ...opts, ...o });
    s = step.state;
    effects.push(...step.effects);
  }
  return { s, effects, names: effects.flatMap((e) => (e.type === 'emit' ? [e.name] : [])) };
}

/** Mulberry32: a seeded PRNG, so the fuzz below sends the same sequences on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOME = 'us-west-2';
const AWAY = 'us-east-1';
const URLS: Record<string, string> = { [HOME]: 'https://west/ccp-v2/', [AWAY]: 'https://east/ccp-v2/' };
const snap = (region: string, stateType: string, since: number, ccpUrl = URLS[region]): MachineInput => ({ type: 'agent', view: view(region, stateType, [], since), ccpUrl });
const completed = (to: string): MachineInput => ({ type: 'failover-completed', to, ccpUrl: URLS[to] });

/** One input of an A→B→A, with the region the agent physically is in once this tab has it. */
interface Delivery {
  input: MachineInput;
  at: string;
  /** Sent by the tab's other CCP, replaying the round. */
  replay?: boolean;
}

/**
 * What one tab may get from Streams for a quick HOME→AWAY→HOME: each move's detection (and maybe
 * pending) in order; completions late (past the next detection and agent data), duplicated or
 * missing, but in the order of the moves (Streams fires them on agent updates); agent snapshots in
 * order: HOME's before, AWAY's (first maybe its old state, F3), maybe a stale HOME one while the
 * agent is in AWAY, then HOME's again; Offline, or routable (the old state, or Available picked).
 * At times the tab's other CCP replays the round: its detections, its completions, AWAY's last word.
 */
function abaSequence(rnd: () => number): { deliveries: Delivery[]; wayBackSeen: boolean } {
  const pick = (p: number): boolean => rnd() < p;
  const int = (n: number): number => Math.floor(rnd() * n);
  const before = pick(0.7) ? 'routable' : 'not_routable';
  const gr: MachineInput[] = [{ type: 'failover-detected', to: AWAY }];
  if (pick(0.4)) gr.push({ type: 'failover-pending', to: AWAY });
  gr.push({ type: 'failover-detected', to: HOME });
  if (pick(0.4)) gr.push({ type: 'failover-pending', to: HOME });
  /** Inserts `input` anywhere after index `after`; returns where. */
  const insertAfter = (input: MachineInput, after: number): number => {
    const i = after + 1 + int(gr.length - after);
    gr.splice(i, 0, input);
    return i;
  };
  const copies = (): number => (pick(0.3) ? 2 : 1);
  let i = 0;
  if (pick(0.75)) for (let n = copies(); n > 0; n--) i = insertAfter(completed(AWAY), i);
  const homeCompleted = pick(0.8);
  if (homeCompleted) {
    i = Math.max(i, gr.findIndex((e) => e.type === 'failover-detected' && e.to === HOME));
    for (let n = copies(); n > 0; n--) i = insertAfter(completed(HOME), i);
  }
  // The tab's other CCP (one per region, Streams relays both) replays the round milliseconds later:
  // its detections pass Streams' dedupe (against the last detected region only), and each of its
  // failover_initiated flips the active CCP, so its completions fire again on the next agent update.
  const replay = pick(0.3);
  const replayed = new Set<MachineInput>();
  if (replay) {
    const again: MachineInput[] = [];
    if (pick(0.6)) {
      again.push({ type: 'failover-detected', to: AWAY });
      if (pick(0.2)) again.push({ type: 'failover-pending', to: AWAY });
      again.push({ type: 'failover-detected', to: HOME });
    }
    for (const e of gr) if (e.type === 'failover-completed') again.push(completed(e.to));
    for (const input of again) replayed.add(input);
    gr.push(...again);
  }

  const agent: Array<{ input: MachineInput; stage: number }> = [];
  for (let n = int(2); n > 0; n--) agent.push({ input: snap(HOME, before, 1), stage: 0 });
  if (pick(0.7)) {
    if (pick(0.3)) agent.push({ input: snap(AWAY, before, 1, pick(0.5) ? URLS[AWAY] : URLS[HOME]), stage: 1 });
    for (let n = int(3); n > 0; n--) agent.push({ input: pick(0.8) ? snap(AWAY, 'offline', 20) : snap(AWAY, 'routable', 30), stage: 1 });
    if (pick(0.2)) agent.push({ input: snap(HOME, before, 1), stage: -1 }); // stale: the old region's last word
  }
  const wayBack = pick(0.85);
  if (wayBack) {
    if (pick(0.2)) agent.push({ input: snap(HOME, before, 1), stage: 2 });
    for (let n = 1 + int(3); n > 0; n--) {
      agent.push({ input: pick(0.8) ? snap(HOME, 'offline', 40, pick(0.8) ? URLS[HOME] : URLS[AWAY]) : snap(HOME, 'routable', 50), stage: 2 });
    }
  }

  // Any interleaving of the two, each region's data after its detection (a stale HOME snapshot only
  // before the way back's). `stage`: 0 before the move, 1 in AWAY, 2 back in HOME.
  const deliveries: Delivery[] = [];
  let stage = 0;
  let detected = 0;
  let gi = 0;
  let ai = 0;
  while (gi < gr.length || ai < agent.length) {
    const next = ai < agent.length ? agent[ai] : null;
    if (next?.stage === -1 && detected === 2) {
      ai++;
      continue;
    }
    if (next && next.stage <= detected && (gi >= gr.length || pick(0.5))) {
      ai++;
      stage = Math.max(stage, next.stage);
      deliveries.push({ input: next.input, at: stage === 1 ? AWAY : HOME });
      continue;
    }
    const input = gr[gi++];
    if (input.type === 'failover-detected') detected++;
    if (input.type === 'failover-completed') stage = Math.max(stage, input.to === AWAY ? 1 : 2);
    deliveries.push({ input, at: stage === 1 ? AWAY : HOME, replay: replayed.has(input) });
  }
  // The replay's switch to AWAY's CCP brings AWAY's last word, after all: Offline since before the move.
  if (replay && pick(0.5)) deliveries.push({ input: snap(AWAY, 'offline', 1, pick(0.5) ? URLS[HOME] : URLS[AWAY]), at: HOME, replay: true });
  return { deliveries, wayBackSeen: homeCompleted && wayBack };
}

const show = (input: MachineInput): string =>
  input.type === 'agent'
    ? `agent ${input.view.region} ${input.view.stateType}@${input.view.stateSince} ${input.ccpUrl ?? ''}`
    : `${input.type} ${'to' in input ? input.to : 'region' in input ? input.region : ''}`;

/**
 * Feeds one A→B→A (plus, at times, a reload: this tab's stale clock or another tab's) and returns
 * the broken invariants: each move announced at most once, never twice in a row to one region, never
 * from a region to itself; and with the way back completed and its data in, ready back home. Liveness:
 * the element's stale timer (as the `stale-timer` effects leave it) runs exactly while the state says
 * it waits, and a sequence that ends mid-switch has it running, and its timeout repairs (F6).
 */
function fuzzOne(seed: number): { problems: string[]; trace: string[] } {
  const rnd = prng(seed);
  const { deliveries, wayBackSeen } = abaSequence(rnd);
  const o: MachineOptions = {
    staleAfterMs: 1000,
    reloadMode: rnd() < 0.5 ? 'ccp' : 'manual',
    autoAvailable: rnd() < 0.5,
    autoAvailablePolicy: rnd() < 0.5 ? 'always' : 'was-routable',
  };
  let s = initialState;
  let t = 0;
  const problems: string[] = [];
  const trace: string[] = [];
  const count = new Map<string, number>();
  let last: string | null = null;
  let armed = false; // the element's stale timer
  const feed = (input: MachineInput): Effect[] => {
    trace.push(show(input));
    if (input.type === 'stale-timeout') armed = false; // it fired
    const step = reduce(s, input, ++t, o);
    s = step.state;
    for (const e of step.effects) if (e.type === 'stale-timer') armed = e.ms !== null;
    if (armed !== (s.waitingSince !== null)) problems.push(`after ${show(input)}: stale timer ${armed ? 'armed' : 'off'}, waitingSince ${s.waitingSince}`);
    for (const e of step.effects) {
      if (e.type !== 'emit' || e.name !== 'rac-switched') continue;
      const { from, to } = e.detail;
      if (from === to) problems.push(`rac-switched from ${to} to itself`);
      if (to === last) problems.push(`rac-switched to ${to} twice in a row`);
      last = to;
      count.set(to, (count.get(to) ?? 0) + 1);
    }
    return step.effects;
  };
  feed({ type: 'ready', region: HOME, ccpUrl: URLS[HOME] });
  feed(snap(HOME, 'routable', 1));
  const reloadAt = rnd() < 0.3 ? Math.floor(rnd() * deliveries.length) : -1;
  let reloaded = false;
  let stale = false;
  deliveries.forEach(({ input, replay }, i) => {
    let reload = i === reloadAt; // another tab's
    if (!reloaded && s.waitingSince !== null && rnd() < 0.1) {
      stale = true;
      reload ||= feed({ type: 'stale-timeout' }).some((e) => e.type === 'reload');
    }
    if (reload && !reloaded) {
      reloaded = true;
      const at = i > 0 ? deliveries[i - 1].at : HOME;
      feed({ type: 'reloading' });
      feed({ type: 'ready', region: at, ccpUrl: URLS[at] });
      feed(snap(at, 'offline', 60));
    }
    if (rnd() < 0.05) feed({ type: 'available-failed' });
    if (reloaded && (input.type === 'failover-completed' || replay)) return; // the restarted Streams never sends those, nor replays
    feed(input);
  });
  for (const [to, n] of count) if (n > 1) problems.push(`${n} × rac-switched to ${to}`);
  if (wayBackSeen && !reloaded && !stale && (s.phase !== 'ready' || s.region !== HOME)) problems.push(`ends ${s.phase} in ${s.region}`);
  if (['switch-detected', 'switch-pending', 'switching'].includes(s.phase)) {
    // Mid-switch (no voice call here to hold the clock, F1): only the watchdog can end it.
    if (!armed) problems.push(`ends ${s.phase} toward ${s.target} with no stale timer`);
    else if (!feed({ type: 'stale-timeout' }).some((e) => e.type === 'emit' && e.name === 'rac-stale')) problems.push(`ends ${s.phase}: its stale timeout does nothing`);
  }
  return { problems, trace };
}

const ready: MachineInput[] = [
  { type: 'ready', region: 'us-east-1', ccpUrl: 'https://east/ccp-v2/' },
  { type: 'agent', view: view('us-east-1', 'routable') },
];

describe('switch machine', () => {
  it('starts in initializing and becomes ready with region and url', () => {
    const { s, names } = run(ready);
    expect(s.phase).to.equal('ready');
    expect(s.region).to.equal('us-east-1');
    expect(names).to.deep.equal(['rac-ready']);
  });

  it('completes at once when the new region\'s data arrived before Streams reported completion', () => {
    const { s, names } = run([
      ...ready,
      { type: 'failover-detected', to: 'us-west-2' },
      { type: 'agent', view: view('us-west-2', 'offline') },
      { type: 'failover-completed', to: 'us-west-2', ccpUrl: 'https://west/' },
    ]);
    expect(names).to.deep.equal(['rac-ready', 'rac-switch-detected', 'rac-switched']);
    expect(s.phase).to.equal('ready');
  });

  it('F3/F5/F9: detected → completed → new-region data: announces from → to, Offline, new URL', () => {
    const { s, effects, names } = run([
      ...ready,
      { type: 'failover-detected', to: 'us-west-2' },
      { type: 'failover-completed', to: 'us-west-2', ccpUrl: 'https://west/ccp-v2/' },
      { type: 'agent', view: view('us-east-1', 'routable') }, // stale old-region data: not yet
      { type: 'agent', view: view('us-west-2', 'offline') },
    ]);
    expect(names).to.deep.equal(['rac-ready', 'rac-switch-detected', 'rac-switched']);
    const switched = effects.find((e) => e.type === 'emit' && e.name === 'rac-switched');
    expect(switched).to.deep.equal({
      type: 'emit',
      name: 'rac-switched',
      detail: { from: 'us-east-1', to: 'us-west-2', ccpUrl: 'https://west/ccp-v2/', endedContacts: [] },
    });
    expect(effects).to.deep.include({ type: 'toast', key: 'switched', params: { from: 'us-east-1', to: 'us-west-2', offline: 1 } });
    expect(s).to.deep.include({ phase: 'ready', region: 'us-west-2', ccpUrl: 'https://west/ccp-v2/' });
    expect(effects.filter((e) => e.type === 'stale-timer').map((e) => (e as { ms: number | null }).ms)).to.deep.equal([1000, null]);
  });

  it('F1: a live voice call makes the switch pending; the stale clock starts only when the call ends', () => {
    const { s, effects, names } = run([
      ...ready,
      { type: 'agent', view: view('us-east-1', 'routable', [voice('v1'), chat('c1')]) },
      { type: 'failover-detected', to: 'us-west-2' },
      { type: 'failover-pending', to: 'us-west-2' },
    ]);
    expect(s.phase).to.equal('switch-pending');
    expect(names).to.deep.equal(['rac-ready', 'rac-switch-detected', 'rac-switch-pending']);
    expect(effects).to.deep.include({
      type: 'emit',
      name: 'rac-switch-pending',
      detail: { to: 'us-west-2', voiceContactIds: ['v1'], otherContactIds: ['c1'] },
    });
    expect(effects.some((e) => e.type === 'stale-timer' && e.ms !== null)).to.equal(false);
    const after = run([{ type: 'agent', view: view('us-east-1', 'routable', [voice('v1', 'ended')]) }], {}, s);
    expect(after.effects).to.deep.include({ type: 'stale-timer', ms: 1000 });
    expect(after.effects).to.deep.include({ type: 'voice', live: false });
    expect(after.effects.some((e) => e.type === 'reload')).to.equal(false);
  });

  it('F2: lists the chats and tasks the switch ended, not ones the agent had already finished', () => {
    const { effects } = run([
      ...ready,
      { type: 'agent', view: view('us-east-1', 'routable', [chat('c1'), { id: 't1', type: 'task', state: 'connected' }, chat('c2', 'ended')]) },
      { type: 'failover-detected', to: 'us-west-2' },
      { type: 'agent', view: view('us-east-1', 'routable', [chat('c1', 'ended'), chat('c2', 'ended')]) },
      { type: 'agent', view: view('us-east-1', 'routable', []) },
      { type: 'failover-completed', to: 'us-west-2', ccpUrl: 'https://west/' },
      { type: 'agent', view: view('us-west-2', 'offline') },
    ]);
    const switched = effects.find((e) => e.type === 'emit' && e.name === 'rac-switched') as Extract<Effect, { name: 'rac-switched' }>;
    expect(switched.detail.endedContacts).to.deep.equal([
      { id: 'c1', type: 'chat' },
      { id: 't1', type: 'task' },
    ]);
    const toast = { type: 'toast', key: 'contactsEnded', params: { count: 2, ids: 'c1, t1' } };
    expect(effects).to.deep.include(toast);
    // Told at detection, when they end, not only when the switch completes; and only once.
    const at = effects.findIndex((e) => e.type === 'toast' && e.key === 'contactsEnded');
    expect(at).to.be.below(effects.findIndex((e) => e.type === 'emit' && e.name === 'rac-switched'));
    expect(effects.filter((e) => e.type === 'toast' && e.key === 'contactsEnded')).to.have.length(1);
  });

  it('F4: asks for Available once, only under the policy, with the Offline state\'s timestamp as key', () => {
    const sw = (stateBefore: string, o: Partial<MachineOptions>) =>
      run(
        [
          { type: 'ready', region: 'us-east-1', ccpUrl: 'e' },
          { type: 'agent', view: view('us-east-1', stateBefore) },
          { type: 'failover-detected', to: 'us-west-2' },
          { type: 'failover-completed', to: 'us-west-2', ccpUrl: 'w' },
          { type: 'agent', view: view('us-west-2', 'offline', [], 4242) },
          { type: 'agent', view: view('us-west-2', 'offline', [], 4242) },
        ],
        o,
      ).effects.filter((e) => e.type === 'set-available');
    expect(sw('routable', { autoAvailable: true })).to.deep.equal([{ type: 'set-available', region: 'us-west-2', switchId: 1, since: 4242 }]);
    expect(sw('not_routable', { autoAvailable: true })).to.deep.equal([]);
    expect(sw('not_routable', { autoAvailable: true, autoAvailablePolicy: 'always' })).to.have.length(1);
    expect(sw('routable', { autoAvailable: false })).to.deep.equal([]);
  });

  it('F4: an agent on a call (Busy) who had picked Available counts as routable before the switch', () => {
    const { effects } = run(
      [
        { type: 'ready', region: 'us-east-1', ccpUrl: 'e' },
        { type: 'agent', view: view('us-east-1', 'system', [voice('v1')], 1, 'routable') },
        { type: 'failover-pending', to: 'us-west-2' },
        { type: 'agent', view: view('us-east-1', 'system', [voice('v1', 'ended')], 1, 'routable') },
        { type: 'failover-completed', to: 'us-west-2', ccpUrl: 'w' },
        { type: 'agent', view: view('us-west-2', 'offline', [], 7) },
      ],
      { autoAvailable: true },
    );
    expect(effects.filter((e) => e.type === 'set-available')).to.have.length(1);
  });

  it('F6: an expected switch that does not arrive goes stale and asks for a reload (only offers one in manual mode)', () => {
    const { s, effects, names } = run([...ready, [10, { type: 'failover-detected', to: 'us-west-2' }], [1010, { type: 'stale-timeout' }]]);
    expect(s.phase).to.equal('stale');
    expect(names).to.include('rac-stale');
    expect(effects).to.deep.include({ type: 'emit', name: 'rac-stale', detail: { to: 'us-west-2', waitedMs: 1000 } });
    expect(effects).to.deep.include({ type: 'reload', reason: 'stale' });
    const manual = run([...ready, [10, { type: 'failover-detected', to: 'us-west-2' }], [1010, { type: 'stale-timeout' }]], { reloadMode: 'manual' });
    expect(manual.effects.some((e) => e.type === 'reload')).to.equal(false);
    expect(manual.effects).to.deep.include({ type: 'toast', key: 'stale', params: { to: 'us-west-2', seconds: 1 }, refresh: true });
  });

  it('F6: a reload that comes back in the new region announces the switch', () => {
    const { s, names } = run([
      ...ready,
      { type: 'failover-detected', to: 'us-west-2' },
      { type: 'stale-timeout' },
      { type: 'reloading' },
      { type: 'ready', region: 'us-west-2', ccpUrl: 'https://west/' },
      { type: 'agent', view: view('us-west-2', 'offline') },
    ]);
    expect(names).to.deep.equal(['rac-ready', 'rac-switch-detected', 'rac-stale', 'rac-ready', 'rac-switched']);
    expect(s).to.deep.include({ phase: 'ready', region: 'us-west-2' });
  });

  it('F8: a voice call dropped during a switch prompts a reload; a normal hang-up does not', () => {
    const base = [...ready, { type: 'agent', view: view('us-east-1', 'routable', [voice('v1')]) } as MachineInput, { type: 'failover-pending', to: 'us-west-2' } as MachineInput];
    const dropped = run([...base, { type: 'agent', view: view('us-east-1', 'routable', [voice('v1', 'error')]) }]);
    expect(dropped.effects).to.deep.include({ type: 'reload', reason: 'call-dropped' });
    expect(dropped.effects).to.deep.include({ type: 'toast', key: 'callDropped', params: {}, refresh: true });
    const vanished = run([...base, { type: 'agent', view: view('us-east-1', 'routable', []) }]);
    expect(vanished.effects.some((e) => e.type === 'reload')).to.equal(true);
    const normal = run([...base, { type: 'agent', view: view('us-east-1', 'routable', [voice('v1', 'ended')]) }, { type: 'agent', view: view('us-east-1', 'routable', []) }]);
    expect(normal.effects.some((e) => e.type === 'reload')).to.equal(false);
    const noSwitch = run([...ready, { type: 'agent', view: view('us-east-1', 'routable', [voice('v1')]) }, { type: 'agent', view: view('us-east-1', 'routable', [])}]);
    expect(noSwitch.effects.some((e) => e.type === 'reload')).to.equal(false);
  });

  it('ignores repeats and a switch back to where the agent already is', () => {
    const { s, names } = run([
      ...ready,
      { type: 'failover-detected', to: 'us-east-1' },
      { type: 'failover-detected', to: 'us-west-2' },
      { type: 'failover-detected', to: 'us-west-2' },
      { type: 'failover-detected', to: 'us-east-1' },
    ]);
    expect(names).to.deep.equal(['rac-ready', 'rac-switch-detected']);
    expect(s).to.deep.include({ phase: 'ready', region: 'us-east-1', target: null, waitingSince: null });
  });

  it('F3/F4: an Offline state that arrives after the announcement still gets its toast or auto-available', () => {
    const steps = (o: Partial<MachineOptions>) =>
      run(
        [
          ...ready,
          { type: 'failover-detected', to: 'us-west-2' },
          { type: 'agent', view: view('us-west-2', 'routable'), ccpUrl: 'w' }, // before the service set Offline
          { type: 'agent', view: view('us-west-2', 'routable'), ccpUrl: 'w' }, // still the old state
          { type: 'agent', view: view('us-west-2', 'offline', [], 5), ccpUrl: 'w' },
          { type: 'agent', view: view('us-west-2', 'offline', [], 5), ccpUrl: 'w' },
        ],
        o,
      ).effects;
    const manual = steps({});
    expect(manual).to.deep.include({ type: 'toast', key: 'switched', params: { from: 'us-east-1', to: 'us-west-2', offline: 0 } });
    expect(manual.filter((e) => e.type === 'toast' && e.key === 'offline')).to.have.length(1);
    const auto = steps({ autoAvailable: true });
    expect(auto.filter((e) => e.type === 'set-available')).to.deep.equal([{ type: 'set-available', region: 'us-west-2', switchId: 1, since: 5 }]);
    expect(auto.some((e) => e.type === 'toast' && e.key === 'offline')).to.equal(false);
  });

  it('F4: every tab announces Available when the agent data shows it, whichever tab sent the request', () => {
    const base: MachineInput[] = [
      ...ready,
      { type: 'failover-detected', to: 'us-west-2' },
      { type: 'failover-completed', to: 'us-west-2', ccpUrl: 'w' },
    ];
    const available = { type: 'emit', name: 'rac-agent-available', detail: { region: 'us-west-2', automatic: true } };
    // This tab saw Offline (it or another tab sends the request), then Available.
    const seen = run([...base, { type: 'agent', view: view('us-west-2', 'offline') }, { type: 'agent', view: view('us-west-2', 'routable') }], { autoAvailable: true });
    expect(seen.effects).to.deep.include(available);
    expect(seen.effects).to.deep.include({ type: 'toast', key: 'setAvailable', params: { region: 'us-west-2' } });
    // Another tab was quicker: this tab's first new-region data is already Available.
    const quick = run([...base, { type: 'agent', view: view('us-west-2', 'routable', [], 50) }], { autoAvailable: true });
    expect(quick.effects).to.deep.include(available);
    expect(quick.effects.some((e) => e.type === 'set-available')).to.equal(false);
    // Without auto-available an agent's own choice is not announced as automatic.
    const own = run([...base, { type: 'agent', view: view('us-west-2', 'offline') }, { type: 'agent', view: view('us-west-2', 'routable') }]);
    expect(own.names).to.not.include('rac-agent-available');
    // After auto-available gave up, the agent's own Available is not claimed either.
    const failed = run([...base, { type: 'agent', view: view('us-west-2', 'offline') }, { type: 'available-failed' }, { type: 'agent', view: view('us-west-2', 'routable') }], { autoAvailable: true });
    expect(failed.names).to.not.include('rac-agent-available');
  });

  it('a switch whose completion event never comes completes on the new region\'s agent data', () => {
    const { s, names, effects } = run([
      ...ready,
      { type: 'failover-detected', to: 'us-west-2' },
      { type: 'agent', view: view('us-west-2', 'offline'), ccpUrl: 'https://west/' },
    ]);
    expect(names).to.deep.equal(['rac-ready', 'rac-switch-detected', 'rac-switched']);
    expect(s).to.deep.include({ phase: 'ready', region: 'us-west-2', ccpUrl: 'https://west/', waitingSince: null });
    expect(effects).to.deep.include({ type: 'stale-timer', ms: null });
  });

  it('A→B→A with late completions: never stuck waiting, no watchdog needed', () => {
    // The detection of the way back arrives before B's completion (Streams fires completions late).
    const late = run([
      ...ready,
      { type: 'failover-detected', to: 'us-west-2' },
      { type: 'failover-detected', to: 'us-east-1' },
      { type: 'failover-completed', to: 'us-west-2', ccpUrl: 'w' },
      { type: 'agent', view: view('us-west-2', 'offline') },
      { type: 'failover-completed', to: 'us-east-1', ccpUrl: 'e' },
      { type: 'agent', view: view('us-east-1', 'offline') },
    ]);
    expect(late.s).to.deep.include({ phase: 'ready', region: 'us-east-1', waitingSince: null });
    expect(late.names.filter((n) => n === 'rac-switched')).to.have.length(2);
    // B completed but its agent data never came before the way back completed.
    const quick = run([
      ...ready,
      { type: 'failover-detected', to: 'us-west-2' },
      { type: 'failover-completed', to: 'us-west-2', ccpUrl: 'w' },
      { type: 'failover-completed', to: 'us-east-1', ccpUrl: 'e' },
    ]);
    expect(quick.s).to.deep.include({ phase: 'ready', region: 'us-east-1', waitingSince: null, target: null });
    // Only the way back reaches this tab: it is announced from where the agent went, Offline.
    const back = run(
      [
        ...ready,
        { type: 'failover-detected', to: 'us-west-2' },
        { type: 'failover-detected', to: 'us-east-1' },
        { type: 'agent', view: view('us-east-1', 'offline', [], 9) },
        { type: 'failover-completed', to: 'us-east-1', ccpUrl: 'e' },
      ],
      { autoAvailable: true },
    );
    expect(back.effects).to.deep.include({
      type: 'emit',
      name: 'rac-switched',
      detail: { from: 'us-west-2', to: 'us-east-1', ccpUrl: 'e', endedContacts: [] },
    });
    expect(back.effects).to.deep.include({ type: 'set-available', region: 'us-east-1', switchId: 1, since: 9 });
    expect(back.s).to.deep.include({ phase: 'ready', region: 'us-east-1', via: null });
  });

  it('A→B→A announced on agent data: Streams\' late completions of both moves announce nothing more', () => {
    // Found by the fuzz below: the late completion of the first move was taken for a new switch,
    // and the next one for a quick round trip through it.
    const { s, effects } = run([
      { type: 'ready', region: HOME, ccpUrl: URLS[HOME] },
      snap(HOME, 'routable', 1),
      { type: 'failover-detected', to: AWAY },
      snap(AWAY, 'offline', 20),
      { type: 'failover-detected', to: HOME },
      snap(HOME, 'offline', 40),
      completed(AWAY),
      completed(HOME),
    ]);
    const switched = effects.flatMap((e) => (e.type === 'emit' && e.name === 'rac-switched' ? [[e.detail.from, e.detail.to]] : []));
    expect(switched).to.deep.equal([
      [HOME, AWAY],
      [AWAY, HOME],
    ]);
    expect(effects.filter((e) => e.type === 'toast' && e.key === 'switched')).to.have.length(2);
    expect(s).to.deep.include({ phase: 'ready', region: HOME, target: null });
  });

  it('A→B→A cancelled before B completed, B\'s completion late, A\'s never: A\'s new data brings the tab home, no reload', () => {
    // The agent is in A, where they belong: a "switch to B did not arrive" toast or a reload of every
    // tab would be wrong (and a reload is refused during a call). B's completion says the agent did go
    // through B, so they are Offline now: the way back is announced (F3/F4), like the one above.
    const steps: MachineInput[] = [
      { type: 'ready', region: HOME, ccpUrl: URLS[HOME] },
      snap(HOME, 'routable', 1),
      { type: 'failover-detected', to: AWAY },
      { type: 'failover-detected', to: HOME },
      completed(AWAY), // late: fired on an agent update of AWAY this tab never saw
      snap(HOME, 'offline', 40), // A's completion never comes
    ];
    const { s, effects, names } = run(steps, { autoAvailable: true });
    expect(s).to.deep.include({ phase: 'ready', region: HOME, ccpUrl: URLS[HOME], target: null, completedUrl: null, via: null, waitingSince: null });
    expect(names).to.not.include('rac-stale');
    expect(effects.some((e) => e.type === 'reload' || (e.type === 'toast' && e.key === 'stale'))).to.equal(false);
    const switched = effects.flatMap((e) => (e.type === 'emit' && e.name === 'rac-switched' ? [e.detail] : []));
    expect(switched).to.deep.equal([{ from: AWAY, to: HOME, ccpUrl: URLS[HOME], endedContacts: [] }]);
    expect(effects.filter((e) => e.type === 'set-available')).to.deep.equal([{ type: 'set-available', region: HOME, switchId: 2, since: 40 }]);
    // No watchdog left armed, and Streams' stragglers (B's repeated, A's after all) announce nothing more.
    const timers = effects.flatMap((e) => (e.type === 'stale-timer' ? [e.ms] : []));
    expect(timers.at(-1) ?? null).to.equal(null);
    const after = run([completed(AWAY), completed(HOME), snap(HOME, 'offline', 40)], { autoAvailable: true }, s);
    expect(after.names).to.deep.equal([]);
    expect(after.s).to.deep.include({ phase: 'ready', region: HOME, target: null, waitingSince: null });
  });

  it('a completed switch whose new-region data never comes is not a dead end: the watchdog fires (F6)', () => {
    const stuck = (inputs: MachineInput[]) => {
      const { s } = run(inputs);
      expect(s.phase).to.equal('switching');
      expect(s.waitingSince, 'a stale timer runs while switching').to.not.equal(null);
      return run([[s.waitingSince! + 1000, { type: 'stale-timeout' }]], {}, s);
    };
    // The same late completion of B, but A's only data is its state from before the switch: the
    // machine cannot tell the agent is home, so at the latest after stale-after a reload repairs it.
    const old = stuck([
      { type: 'ready', region: HOME, ccpUrl: URLS[HOME] },
      snap(HOME, 'routable', 1),
      { type: 'failover-detected', to: AWAY },
      { type: 'failover-detected', to: HOME },
      completed(AWAY),
      snap(HOME, 'routable', 1),
    ]);
    expect(old.effects).to.deep.include({ type: 'emit', name: 'rac-stale', detail: { to: AWAY, waitedMs: 1000 } });
    expect(old.effects).to.deep.include({ type: 'reload', reason: 'stale' });
    // A plain switch: detected, completed, and then no agent data of the new region.
    const plain = stuck([...ready, { type: 'failover-detected', to: 'us-west-2' }, { type: 'failover-completed', to: 'us-west-2', ccpUrl: 'w' }]);
    expect(plain.names).to.deep.equal(['rac-stale']);
    expect(plain.effects).to.deep.include({ type: 'reload', reason: 'stale' });
    // A completion without a detection this tab saw.
    const undetected = stuck([...ready, { type: 'failover-completed', to: 'us-west-2', ccpUrl: 'w' }]);
    expect(undetected.names).to.deep.equal(['rac-stale']);
  });

  it('a repeated completion of the move that brought the agent here does not announce it again', () => {
    const { s, names } = run([
      ...ready,
      { type: 'failover-detected', to: 'us-west-2' },
      { type: 'failover-completed', to: 'us-west-2', ccpUrl: 'w' },
      { type: 'agent', view: view('us-west-2', 'offline', [], 20), ccpUrl: 'w' },
      { type: 'failover-detected', to: 'us-east-1' },
      { type: 'failover-completed', to: 'us-west-2', ccpUrl: 'w' }, // Streams repeats itself
    ]);
    expect(names.filter((n) => n === 'rac-switched')).to.have.length(1);
    expect(s).to.deep.include({ phase: 'switch-detected', region: 'us-west-2', target: 'us-east-1' });
    // The way back still completes.
    const back = run([{ type: 'failover-completed', to: 'us-east-1', ccpUrl: 'e' }, { type: 'agent', view: view('us-east-1', 'offline', [], 40), ccpUrl: 'e' }], {}, s);
    expect(back.effects).to.deep.include({
      type: 'emit',
      name: 'rac-switched',
      detail: { from: 'us-west-2', to: 'us-east-1', ccpUrl: 'e', endedContacts: [] },
    });
  });

  describe('A→B→A replayed by the tab\'s other CCP (Streams relays both regions\' CCPs)', () => {
    const A = 'us-east-1';
    const B = 'us-west-2';
    const urlA = 'http://localhost:42825/s/7371939c1b78/ccp-v2/'; // Streams' active CCP, as logged
    const agent = (region: string, stateType: string, since: number): MachineInput => ({ type: 'agent', view: view(region, stateType, [], since), ccpUrl: urlA });
    const done = (to: string): MachineInput => ({ type: 'failover-completed', to, ccpUrl: urlA });
    const switched = (effects: Effect[]) => effects.flatMap((e) => (e.type === 'emit' && e.name === 'rac-switched' ? [`${e.detail.from}>${e.detail.to}`] : []));
    const count = (effects: Effect[], key: string) => effects.filter((e) => (e.type === 'emit' ? e.name : e.type === 'toast' ? e.key : '') === key).length;
    const timers = (effects: Effect[]) => effects.flatMap((e) => (e.type === 'stale-timer' ? [e.ms] : []));
    /** The replay left one way back announced (B→A), one detection, one Offline toast, and the tab settled in A. */
    const expectHomeOnce = (s: SwitchState, effects: Effect[]) => {
      expect(switched(effects)).to.deep.equal([`${B}>${A}`]);
      expect(count(effects, 'rac-switch-detected')).to.equal(1);
      expect(count(effects, 'offline')).to.equal(1);
      expect(s).to.deep.include({ phase: 'ready', region: A, target: null, waitingSince: null });
      expect(timers(effects).at(-1)).to.equal(null);
    };

    it('a completion replay (e2e, run 5 tab 2) announces the way back once', () => {
      // Real Streams in Chromium, quick A→B→A: both completions came twice, 2-3 ms apart; the
      // machine announced "moved from us-west-2 to us-east-1" twice in a row.
      const { s, effects } = run([
        [77903, { type: 'ready', region: A, ccpUrl: urlA }],
        [77908, agent(A, 'routable', 75266)],
        [77989, { type: 'failover-detected', to: B }],
        [78008, { type: 'failover-detected', to: A }],
        [78040, agent(A, 'routable', 75266)],
        [78042, done(B)],
        [78043, done(A)],
        [78045, done(B)], // the replay
        [78046, done(A)],
        [78116, agent(A, 'offline', 77974)],
        [78126, agent(B, 'offline', 75266)], // B's CCP's last word
      ]);
      expect(count(effects, 'switched')).to.equal(1);
      expectHomeOnce(s, effects);
    });

    it('a full replay (detections too, and the move\'s own Offline in between) announces once, detects once', () => {
      // e2e run 2 tab 0 of the same suite: the replayed detections came 27 ms after the way back was
      // announced, its completion 244 ms after, past the agent's new Offline in A.
      const { s, effects } = run([
        [42718, { type: 'ready', region: A, ccpUrl: urlA }],
        [42719, agent(A, 'routable', 41445)],
        [44337, { type: 'failover-detected', to: B }],
        [44445, { type: 'failover-detected', to: A }],
        [44467, agent(A, 'routable', 41445)],
        [44469, done(B)],
        [44473, done(A)],
        [44484, agent(A, 'routable', 41445)],
        [44500, { type: 'failover-detected', to: B }], // the replay
        [44519, { type: 'failover-detected', to: A }],
        [44590, agent(A, 'routable', 41445)],
        [44714, agent(A, 'offline', 44329)],
        [44717, done(B)],
        [44720, done(A)],
        [44733, agent(B, 'offline', 41445)],
      ]);
      expectHomeOnce(s, effects);
    });

    it('a replay after both legs were announced: nothing more (the completions are repeats, the way back not announced twice)', () => {
      const legs: Array<[number, MachineInput]> = [
        [1000, { type: 'ready', region: A, ccpUrl: urlA }],
        [1001, agent(A, 'routable', 900)],
        [2000, { type: 'failover-detected', to: B }],
        [2050, agent(B, 'offline', 1990)],
        [2060, done(B)],
        [2100, { type: 'failover-detected', to: A }],
        [2150, agent(A, 'offline', 2090)],
        [2160, done(A)],
      ];
      // Its completions fire on agent updates: B's CCP's last word (Offline there, from before) between them.
      const completions = run([...legs, [2170, done(B)], [2171, agent(B, 'offline', 1990)], [2172, done(A)]]);
      expect(switched(completions.effects)).to.deep.equal([`${A}>${B}`, `${B}>${A}`]);
      expect(completions.s).to.deep.include({ phase: 'ready', region: A, waitingSince: null });
      const full = run([...legs, [2170, { type: 'failover-detected', to: B }], [2171, { type: 'failover-detected', to: A }], [2180, done(B)], [2181, done(A)]]);
      expect(switched(full.effects)).to.deep.equal([`${A}>${B}`, `${B}>${A}`]);
      expect(full.s).to.deep.include({ phase: 'ready', region: A, waitingSince: null });
    });

    it('a genuine later move is still announced, the same round trip again included', () => {
      const round = (t: number, since: number): Array<[number, MachineInput]> => [
        [t, { type: 'failover-detected', to: B }],
        [t + 20, { type: 'failover-detected', to: A }],
        [t + 50, done(B)],
        [t + 52, done(A)],
        [t + 300, agent(A, 'offline', since)],
      ];
      const first = run([[1000, { type: 'ready', region: A, ccpUrl: urlA }], [1001, agent(A, 'routable', 900)], ...round(2000, 1990)]);
      expect(switched(first.effects)).to.deep.equal([`${B}>${A}`]);
      // A minute later the same round trip (its completions before its new data), then a move to B.
      const again = run([...round(62000, 61990), [90000, { type: 'failover-detected', to: B }], [90400, agent(B, 'offline', 90390)]], {}, first.s);
      expect(switched(again.effects)).to.deep.equal([`${B}>${A}`, `${A}>${B}`]);
      expect(count(again.effects, 'rac-switch-detected')).to.equal(2);
      expect(again.s).to.deep.include({ phase: 'ready', region: B, waitingSince: null });
      // The way back to A right after the first leg was announced (A→B, B→A: no round trip) is no replay.
      const quick = run([
        [1000, { type: 'ready', region: A, ccpUrl: urlA }],
        [1001, agent(A, 'routable', 900)],
        [2000, { type: 'failover-detected', to: B }],
        [2100, agent(B, 'offline', 1990)],
        [2105, done(B)],
        [2200, { type: 'failover-detected', to: A }],
        [2250, done(A)],
        [2300, agent(A, 'offline', 2190)],
      ]);
      expect(switched(quick.effects)).to.deep.equal([`${A}>${B}`, `${B}>${A}`]);
    });
  });

  it('fuzz: however Streams orders, repeats or drops the events of a quick A→B→A, each move is announced once at most', () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= 4000; seed++) {
      const { problems, trace } = fuzzOne(seed);
      if (problems.length) failures.push(`seed ${seed}: ${problems.join('; ')}\n    ${trace.join('\n    ')}`);
    }
    expect(failures.slice(0, 3), `${failures.length} failing sequences`).to.deep.equal([]);
  });

  it('errors emit rac-error and an alert toast', () => {
    const { s, effects } = run([{ type: 'error', code: 'load-timeout', message: 'x' }]);
    expect(s.phase).to.equal('error');
    expect(effects).to.deep.equal([
      { type: 'emit', name: 'rac-error', detail: { code: 'load-timeout', message: 'x' } },
      { type: 'toast', key: 'error', params: { code: 'load-timeout' }, refresh: true },
    ]);
  });
});
