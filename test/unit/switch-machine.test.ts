import { expect } from '@open-wc/testing';
import {
  initialState,
  reduce,
  MAX_RELOADS,
  RELOAD_WINDOW_MS,
  type Effect,
  type MachineInput,
  type MachineOptions,
  type SwitchState,
} from '../../src/switch/switch-machine.js';
import { observe, type ContactObservation, type Observation } from '../../src/ccp/observation.js';
import { prng } from '../helpers/prng.js';

const opts: MachineOptions = { staleAfterMs: 1000, reloadMode: 'ccp', autoAvailable: false, autoAvailablePolicy: 'was-routable' };

const LIVE = ['paused', 'incoming', 'pending', 'connecting', 'connected'];
const contact = (id: string, type: string, state: string): ContactObservation => ({
  id,
  type,
  state,
  voice: type === 'voice' || type === 'queue_callback',
  live: LIVE.includes(state),
  connected: state === 'connected' || state === 'paused',
});
const voice = (id: string, state = 'connected') => contact(id, 'voice', state);
const callback = (id: string, state = 'connected') => contact(id, 'queue_callback', state);
const chat = (id: string, state = 'connected') => contact(id, 'chat', state);

/**
 * Agent data of `region`. `at` is the server's snapshot time; 0 means "fresh": `run` stamps it with
 * the delivery time (the newest data). A replay passes its (older) time.
 */
const view = (region: string | null, stateType: string, contacts: ContactObservation[] = [], since = 1, selectedType = stateType, at = 0): Observation => ({
  region,
  stateType,
  selectedType,
  since,
  at,
  contacts,
});
const agent = (v: Observation, ccpUrl?: string): MachineInput => (ccpUrl ? { type: 'agent', obs: v, ccpUrl } : { type: 'agent', obs: v });
/** The inactive AWAY CCP's copy of a detection. */
const relay = (to: string): MachineInput => ({ type: 'hint', kind: 'detected', target: to, ccp: 'us-east-1', active: false });
/** A hint from the active CCP (the host passes which CCP sent it). */
const detected = (to: string, at?: number): MachineInput => ({ type: 'hint', kind: 'detected', target: to, ccp: null, active: true, ...(at === undefined ? {} : { at }) });
const pending = (to: string): MachineInput => ({ type: 'hint', kind: 'pending', target: to, ccp: null, active: true });

/** Feeds inputs in order at increasing times; returns the final state and every effect. */
function run(inputs: Array<MachineInput | [number, MachineInput]>, o: Partial<MachineOptions> = {}, from: SwitchState = initialState, t0 = 0) {
  let s = from;
  let t = t0;
  const effects: Effect[] = [];
  for (const item of inputs) {
    const [at, raw] = Array.isArray(item) ? item : [t + 1, item];
    t = at;
    const input = raw.type === 'agent' && raw.obs.at === 0 ? { ...raw, obs: { ...raw.obs, at: t } } : raw;
    const step = reduce(s, input, t, { ...opts, ...o });
    s = step.state;
    effects.push(...step.effects);
  }
  return { s, t, effects, names: effects.flatMap((e) => (e.type === 'emit' ? [e.name] : [])) };
}

const switchedOf = (effects: Effect[]) => effects.flatMap((e) => (e.type === 'emit' && e.name === 'rac-switched' ? [`${e.detail.from}>${e.detail.to}`] : []));
const timers = (effects: Effect[]) => effects.flatMap((e) => (e.type === 'stale-timer' ? [e.ms] : []));
const keyCount = (effects: Effect[], key: string) => effects.filter((e) => (e.type === 'emit' ? e.name : e.type === 'toast' ? e.key : '') === key).length;
const reloads = (effects: Effect[]) => effects.filter((e) => e.type === 'reload');


const HOME = 'us-west-2';
const AWAY = 'us-east-1';
const URLS: Record<string, string> = { [HOME]: 'https://west/ccp-v2/', [AWAY]: 'https://east/ccp-v2/' };
/** Agent data with an explicit server time: `at`. */
const snap = (region: string, stateType: string, since: number, at: number, ccpUrl = URLS[region]): MachineInput => ({
  type: 'agent',
  obs: view(region, stateType, [], since, stateType, at),
  ccpUrl,
});

/**
 * What one tab may get for a quick HOME→AWAY→HOME, as the host passes it on: the active CCP's
 * detections (and maybe pending) in order, the way back's maybe before AWAY's data or missing; agent
 * data stamped by the server: HOME's before (at 1–5), AWAY's (at 20–29: Offline since 20, or Available
 * since 30), HOME's after the way back (at 40–49: Offline since 40, or Available since 50). Replays and
 * late relays carry older stamps: a stale HOME snapshot while the agent is in AWAY, AWAY's last word
 * after the way back, a repeat of the newest data.
 */
function abaSequence(rnd: () => number): MachineInput[] {
  const pick = (p: number): boolean => rnd() < p;
  const int = (n: number): number => Math.floor(rnd() * n);
  const before = pick(0.7) ? 'routable' : 'not_routable';
  const data: Array<{ input: MachineInput; stage: number }> = [];
  for (let n = int(2); n > 0; n--) data.push({ input: snap(HOME, before, 1, 1 + n), stage: 0 });
  const away = pick(0.7);
  if (away) {
    for (let n = 1 + int(3); n > 0; n--) data.push({ input: pick(0.8) ? snap(AWAY, 'offline', 20, 24 - n) : snap(AWAY, 'routable', 30, 30 - n), stage: 1 });
    if (pick(0.3)) data.push({ input: snap(HOME, before, 1, 3), stage: 1 }); // stale: the old region's last word
  }
  const back = pick(0.85);
  if (back) {
    for (let n = 1 + int(3); n > 0; n--) {
      data.push({ input: pick(0.8) ? snap(HOME, 'offline', 40, 45 - n, pick(0.8) ? URLS[HOME] : URLS[AWAY]) : snap(HOME, 'routable', 50, 50), stage: 2 });
    }
    if (pick(0.4)) data.push({ input: snap(AWAY, 'offline', 20, 25), stage: 2 }); // AWAY's CCP's last word (the replay's switch)
    if (pick(0.3)) data.push({ input: snap(HOME, 'offline', 40, 44), stage: 2 }); // a repeat
  }
  const hints: Array<{ input: MachineInput; stage: number }> = [{ input: detected(AWAY, 10), stage: 0 }];
  if (pick(0.4)) hints.push({ input: pending(AWAY), stage: 0 });
  if (pick(0.85)) {
    // The way back's detection: before AWAY's data reached this tab, or after it.
    hints.push({ input: detected(HOME, 35), stage: pick(0.5) ? 0 : 1 });
    if (pick(0.3)) hints.push({ input: pending(HOME), stage: 1 });
  }
  // The tab's other CCP relays the round late (neither active nor the agent's region's CCP by then).
  if (pick(0.3)) hints.push({ input: relay(AWAY), stage: 1 }, { input: relay(HOME), stage: 1 });
  // Any interleaving keeping each stream's order, a stage's data after the hints of the stage before.
  const out: MachineInput[] = [];
  let hi = 0;
  let di = 0;
  let stage = 0;
  while (hi < hints.length || di < data.length) {
    const d = data[di];
    const h = hints[hi];
    const dataOk = d && (d.stage === 0 || hi > 0);
    if (dataOk && (!h || h.stage > stage || pick(0.5))) {
      out.push(d.input);
      stage = Math.max(stage, d.stage);
      di++;
    } else if (h) {
      out.push(h.input);
      hi++;
    } else {
      out.push(d.input);
      di++;
    }
  }
  return out;
}

const show = (input: MachineInput): string =>
  input.type === 'agent'
    ? `agent ${input.obs.region} ${input.obs.stateType}@${input.obs.since} at ${input.obs.at}`
    : input.type === 'hint'
      ? `${input.kind} ${input.target}${input.active ? '' : ` (relayed by ${input.ccp})`}`
      : input.type;

/**
 * Feeds one A→B→A (plus, at times, a reload: this tab's stale clock or another tab's) and returns the
 * broken invariants: the announcements are exactly the region changes of the newest data (an oracle
 * that reads only the stamps), never from a region to itself; the stale timer (as the `stale-timer`
 * effects leave it) runs exactly while the state says it waits; a sequence that ends mid-switch has
 * it running, and its timeout repairs (F6); with the way back's data in, the tab ends ready at home.
 */
function fuzzOne(seed: number): { problems: string[]; trace: string[] } {
  const rnd = prng(seed);
  const deliveries = abaSequence(rnd);
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
  const announced: string[] = [];
  const expected: string[] = [];
  let newest = -1;
  let region: string | null = null;
  let armed = false; // the element's stale timer
  const feed = (input: MachineInput): Effect[] => {
    trace.push(show(input));
    if (input.type === 'stale-timeout') armed = false; // it fired
    if (input.type === 'reloading') newest = -1;
    if (input.type === 'agent' && input.obs.at >= newest) {
      newest = input.obs.at;
      if (region !== null && input.obs.region !== region) expected.push(`${region}>${input.obs.region}`);
      region = input.obs.region;
    }
    const step = reduce(s, input, ++t, o);
    s = step.state;
    for (const e of step.effects) if (e.type === 'stale-timer') armed = e.ms !== null;
    if (armed !== (s.waitingSince !== null)) problems.push(`after ${show(input)}: stale timer ${armed ? 'armed' : 'off'}, waitingSince ${s.waitingSince}`);
    for (const e of step.effects) {
      if (e.type !== 'emit' || e.name !== 'rac-switched') continue;
      if (e.detail.from === e.detail.to) problems.push(`rac-switched from ${e.detail.to} to itself`);
      announced.push(`${e.detail.from}>${e.detail.to}`);
    }
    return step.effects;
  };
  feed({ type: 'ready', region: HOME, ccpUrl: URLS[HOME] });
  feed(snap(HOME, 'routable', 1, 1));
  const reloadAt = rnd() < 0.3 ? Math.floor(rnd() * deliveries.length) : -1;
  let reloaded = false;
  let stale = false;
  deliveries.forEach((input, i) => {
    let reload = i === reloadAt; // another tab's
    if (!reloaded && s.waitingSince !== null && rnd() < 0.1) {
      stale = true;
      reload ||= feed({ type: 'stale-timeout' }).some((e) => e.type === 'reload');
    }
    if (reload && !reloaded) {
      reloaded = true;
      const at = region ?? HOME;
      feed({ type: 'reloading' });
      feed({ type: 'ready', region: at, ccpUrl: URLS[at] });
      feed(snap(at, 'offline', 60, newest + 100));
    }
    if (rnd() < 0.05) feed({ type: 'available-failed' });
    // The restarted Streams has only fresh data (its CCPs restarted too), nor the old round's hints.
    if (reloaded && (input.type === 'hint' || (input.type === 'agent' && input.obs.at < newest))) return;
    feed(input);
  });
  if (announced.join() !== expected.join()) problems.push(`announced [${announced.join(', ')}], the data says [${expected.join(', ')}]`);
  // With the way back detected and its data in, nothing is left waiting.
  const home = trace.includes(`detected ${HOME}`) && trace.some((x) => x.startsWith(`agent ${HOME}`) && / at 4\d$| at 50$/.test(x));
  if (home && !reloaded && !stale && (s.phase !== 'ready' || s.region !== HOME)) problems.push(`ends ${s.phase} in ${s.region}`);
  if (s.phase === 'switch-detected' || s.phase === 'switch-pending') {
    // Mid-switch (no call here to hold the clock, F1): only the watchdog can end it.
    if (!armed) problems.push(`ends ${s.phase} toward ${s.move?.to} with no stale timer`);
    else if (!feed({ type: 'stale-timeout' }).some((e) => e.type === 'emit' && e.name === 'rac-stale')) problems.push(`ends ${s.phase}: its stale timeout does nothing`);
  }
  return { problems, trace };
}

const ready: MachineInput[] = [{ type: 'ready', region: 'us-east-1', ccpUrl: 'https://east/ccp-v2/' }, agent(view('us-east-1', 'routable'))];

describe('observation (Streams agent data → what the machine reads)', () => {
  const arn = (region: string, what: string) => `arn:aws:connect:${region}:111122223333:instance/i-1/${what}`;
  const data = (contacts: Array<[string, string]>, snapshotTimestamp: unknown = new Date(5000)) => ({
    snapshot: {
      state: { type: 'system', name: 'Busy', startTimestamp: new Date(4000) },
      agentAvailabilityState: { state: 'Available' },
      snapshotTimestamp,
      contacts: contacts.map(([type, state], i) => ({ contactId: `c${i}`, type, state: { type: state } })),
    },
    configuration: {
      routingProfile: { routingProfileId: arn('us-west-2', 'routing-profile/rp') },
      agentStates: [
        { agentStateARN: arn('us-west-2', 'agent-state/a'), type: 'routable', name: 'Available' },
        { agentStateARN: arn('us-west-2', 'agent-state/o'), type: 'offline', name: 'Offline' },
      ],
    },
  });

  it('reads the region from the ARNs, the picked state under Busy, and the server\'s timestamps', () => {
    const o = observe(data([]));
    expect(o).to.deep.include({ region: 'us-west-2', stateType: 'system', selectedType: 'routable', since: 4000, at: 5000 });
    // No snapshot time: the state's start stands in.
    expect(observe(data([], null)).at).to.equal(4000);
  });

  it('classifies contacts by Streams\' rules: a queued callback is a call; ringing is live but not connected', () => {
    const o = observe(data([['queue_callback', 'connected'], ['voice', 'connecting'], ['voice', 'ended'], ['chat', 'connected'], ['voice', 'missed']]));
    expect(o.contacts.map((c) => [c.voice, c.live, c.connected])).to.deep.equal([
      [true, true, true],
      [true, true, false],
      [true, false, false],
      [false, true, true],
      [true, false, false],
    ]);
  });
});

describe('switch machine', () => {
  it('starts in initializing and becomes ready with region and url', () => {
    const { s, names } = run(ready);
    expect(s.phase).to.equal('ready');
    expect(s.region).to.equal('us-east-1');
    expect(names).to.deep.equal(['rac-ready']);
  });

  it('announces the move when the new region\'s data arrives: Streams\' completion carries no news', () => {
    const { s, names } = run([...ready, detected('us-west-2'), agent(view('us-west-2', 'offline'))]);
    expect(names).to.deep.equal(['rac-ready', 'rac-switch-detected', 'rac-switched']);
    expect(s.phase).to.equal('ready');
  });

  it('F3/F5/F9/defect 11: detected → new-region data: announces from → to, Offline, new URL, when detected and completed', () => {
    const { s, effects, names } = run([
      ...ready,
      [10, detected('us-west-2', 700)],
      agent(view('us-east-1', 'routable')), // the old region's data: not yet
      [20, agent(view('us-west-2', 'offline', [], 1, 'offline', 900), 'https://west/ccp-v2/')],
      agent(view('us-east-1', 'routable', [], 1, 'routable', 800)), // a late relay of the old region: older, dropped
    ]);
    expect(names).to.deep.equal(['rac-ready', 'rac-switch-detected', 'rac-switched']);
    const switched = effects.find((e) => e.type === 'emit' && e.name === 'rac-switched');
    expect(switched).to.deep.equal({
      type: 'emit',
      name: 'rac-switched',
      detail: { from: 'us-east-1', to: 'us-west-2', ccpUrl: 'https://west/ccp-v2/', endedContacts: [], detectedAt: 700, completedAt: 900 },
    });
    expect(effects).to.deep.include({ type: 'toast', key: 'switched', params: { from: 'us-east-1', to: 'us-west-2' } });
    expect(keyCount(effects, 'offline')).to.equal(1); // a request of its own
    expect(s).to.deep.include({ phase: 'ready', region: 'us-west-2', ccpUrl: 'https://west/ccp-v2/' });
    expect(timers(effects)).to.deep.equal([1000, null]);
  });

  it('F1: a live voice call makes the switch pending; the stale clock starts only when the call ends', () => {
    const { s, effects, names } = run([...ready, agent(view('us-east-1', 'routable', [voice('v1'), chat('c1')])), detected('us-west-2'), pending('us-west-2')]);
    expect(s.phase).to.equal('switch-pending');
    expect(names).to.deep.equal(['rac-ready', 'rac-switch-detected', 'rac-switch-pending']);
    expect(effects).to.deep.include({
      type: 'emit',
      name: 'rac-switch-pending',
      detail: { to: 'us-west-2', voiceContactIds: ['v1'], otherContactIds: ['c1'] },
    });
    expect(effects.some((e) => e.type === 'stale-timer' && e.ms !== null)).to.equal(false);
    const after = run([agent(view('us-east-1', 'routable', [voice('v1', 'ended')]))], {}, s, 10);
    expect(after.effects).to.deep.include({ type: 'stale-timer', ms: 1000 });
    expect(after.effects).to.deep.include({ type: 'voice', live: false });
    expect(reloads(after.effects)).to.have.length(0);
  });

  it('F2: lists the chats and tasks the switch ended, not ones the agent had already finished', () => {
    const { effects } = run([
      ...ready,
      agent(view('us-east-1', 'routable', [chat('c1'), contact('t1', 'task', 'connected'), chat('c2', 'ended')])),
      detected('us-west-2'),
      agent(view('us-east-1', 'routable', [chat('c1', 'ended'), chat('c2', 'ended')])),
      agent(view('us-east-1', 'routable', [])),
      agent(view('us-west-2', 'offline')),
    ]);
    const switched = effects.find((e) => e.type === 'emit' && e.name === 'rac-switched') as Extract<Effect, { name: 'rac-switched' }>;
    expect(switched.detail.endedContacts).to.deep.equal([
      { id: 'c1', type: 'chat' },
      { id: 't1', type: 'task' },
    ]);
    const list = [{ key: 'chat', params: { n: 1, who: '' } }, { key: 'task', params: { n: 1, who: '' } }];
    expect(effects).to.deep.include({ type: 'toast', key: 'contactsEnded', params: { list } });
    // Told at detection, when they end, not only when the switch completes; and only once.
    const at = effects.findIndex((e) => e.type === 'toast' && e.key === 'contactsEnded');
    expect(at).to.be.below(effects.findIndex((e) => e.type === 'emit' && e.name === 'rac-switched'));
    expect(keyCount(effects, 'contactsEnded')).to.equal(1);
  });

  it('F2: old-region chats that vanish without an ended event (no detection seen) are named too', () => {
    const { effects } = run([...ready, agent(view('us-east-1', 'routable', [chat('c1')])), agent(view('us-west-2', 'offline'))]);
    const switched = effects.find((e) => e.type === 'emit' && e.name === 'rac-switched') as Extract<Effect, { name: 'rac-switched' }>;
    expect(switched.detail).to.deep.include({ endedContacts: [{ id: 'c1', type: 'chat' }], detectedAt: null });
  });

  it('F4: asks for Available once, only under the policy, with the Offline state\'s timestamp as key', () => {
    const sw = (stateBefore: string, o: Partial<MachineOptions>) =>
      run([{ type: 'ready', region: 'us-east-1', ccpUrl: 'e' }, agent(view('us-east-1', stateBefore)), detected('us-west-2'), agent(view('us-west-2', 'offline', [], 4242)), agent(view('us-west-2', 'offline', [], 4242))], o).effects.filter(
        (e) => e.type === 'set-available',
      );
    expect(sw('routable', { autoAvailable: true })).to.deep.equal([{ type: 'set-available', region: 'us-west-2', switchId: 1, since: 4242 }]);
    expect(sw('not_routable', { autoAvailable: true })).to.deep.equal([]);
    expect(sw('not_routable', { autoAvailable: true, autoAvailablePolicy: 'always' })).to.have.length(1);
    expect(sw('routable', { autoAvailable: false })).to.deep.equal([]);
  });

  it('F4: an agent on a call (Busy) who had picked Available counts as routable before the switch', () => {
    const { effects } = run(
      [
        { type: 'ready', region: 'us-east-1', ccpUrl: 'e' },
        agent(view('us-east-1', 'system', [voice('v1')], 1, 'routable')),
        pending('us-west-2'),
        agent(view('us-east-1', 'system', [voice('v1', 'ended')], 1, 'routable')),
        agent(view('us-west-2', 'offline', [], 7)),
      ],
      { autoAvailable: true },
    );
    expect(effects.filter((e) => e.type === 'set-available')).to.have.length(1);
  });

  it('F6: an expected switch that does not arrive goes stale and asks for a reload (only offers one in manual mode)', () => {
    const { s, effects, names } = run([...ready, [10, detected('us-west-2')], [1010, { type: 'stale-timeout' }]]);
    expect(s.phase).to.equal('stale');
    expect(names).to.include('rac-stale');
    expect(effects).to.deep.include({ type: 'emit', name: 'rac-stale', detail: { to: 'us-west-2', waitedMs: 1000 } });
    expect(effects).to.deep.include({ type: 'reload', reason: 'stale' });
    const manual = run([...ready, [10, detected('us-west-2')], [1010, { type: 'stale-timeout' }]], { reloadMode: 'manual' });
    expect(reloads(manual.effects)).to.have.length(0);
    expect(manual.effects).to.deep.include({ type: 'toast', key: 'stale', params: { to: 'us-west-2', seconds: 1 }, refresh: true });
  });

  it('F6: a reload that comes back in the new region announces the switch', () => {
    const { s, names } = run([
      ...ready,
      detected('us-west-2'),
      { type: 'stale-timeout' },
      { type: 'reloading' },
      { type: 'ready', region: 'us-west-2', ccpUrl: 'https://west/' },
      agent(view('us-west-2', 'offline')),
    ]);
    expect(names).to.deep.equal(['rac-ready', 'rac-switch-detected', 'rac-stale', 'rac-ready', 'rac-switched']);
    expect(s).to.deep.include({ phase: 'ready', region: 'us-west-2' });
  });

  it('F8: a call dropped during a switch prompts a reload; a normal hang-up, with or without after-contact work, does not', () => {
    const base = [...ready, agent(view('us-east-1', 'routable', [voice('v1')])), pending('us-west-2')];
    const dropped = run([...base, agent(view('us-east-1', 'routable', [voice('v1', 'error')]))]);
    expect(dropped.effects).to.deep.include({ type: 'reload', reason: 'call-dropped' });
    expect(dropped.effects).to.deep.include({ type: 'toast', key: 'callDropped', params: {}, refresh: true });
    // Defect 2: a call that is gone in one step (no after-contact work) ended normally.
    const vanished = run([...base, agent(view('us-east-1', 'routable', [])), agent(view('us-west-2', 'offline'))]);
    expect(vanished.names).to.include('rac-switched');
    expect(reloads(vanished.effects)).to.have.length(0);
    expect(keyCount(vanished.effects, 'callDropped')).to.equal(0);
    const normal = run([...base, agent(view('us-east-1', 'routable', [voice('v1', 'ended')])), agent(view('us-east-1', 'routable', []))]);
    expect(reloads(normal.effects)).to.have.length(0);
    const noSwitch = run([...ready, agent(view('us-east-1', 'routable', [voice('v1')])), agent(view('us-east-1', 'routable', [voice('v1', 'error')]))]);
    expect(reloads(noSwitch.effects)).to.have.length(0);
    // The region changed under a call the agent was on, with no move known to wait for it: cut.
    const cut = run([...ready, agent(view('us-east-1', 'routable', [voice('v1')])), agent(view('us-west-2', 'offline'))]);
    expect(cut.effects).to.deep.include({ type: 'reload', reason: 'call-dropped' });
    // The move waited for that call: its end raced the switch (the old CCP's last word came late).
    const raced = run([...base, agent(view('us-west-2', 'offline')), agent(view('us-east-1', 'routable', [], 1, 'routable', 3))]);
    expect(reloads(raced.effects)).to.have.length(0);
    expect(keyCount(raced.effects, 'callDropped')).to.equal(0);
  });

  it('defect 2: a call that never connected (ringing, then missed or rejected) is no dropped call', () => {
    for (const end of ['missed', 'rejected', 'error']) {
      const { effects } = run([
        ...ready,
        detected('us-west-2'),
        agent(view('us-east-1', 'routable', [voice('r1', 'connecting')])),
        agent(view('us-east-1', 'routable', [voice('r1', end)])),
        agent(view('us-east-1', 'routable', [])),
      ]);
      expect(reloads(effects), end).to.have.length(0);
      expect(keyCount(effects, 'callDropped'), end).to.equal(0);
    }
    // Ringing when the region changed: a missed offer, not a call cut.
    const moved = run([...ready, agent(view('us-east-1', 'routable', [voice('r1', 'connecting')])), agent(view('us-west-2', 'offline'))]);
    expect(reloads(moved.effects)).to.have.length(0);
    // After the move, queued calls ring the newly Available agent, and some are missed: nothing happens.
    const after = run([...ready, detected('us-west-2'), agent(view('us-west-2', 'routable', [], 5)), agent(view('us-west-2', 'system', [voice('q1', 'connecting')], 6)), agent(view('us-west-2', 'system', [voice('q1', 'error')], 7)), agent(view('us-west-2', 'routable', [], 8))]);
    expect(reloads(after.effects)).to.have.length(0);
    expect(keyCount(after.effects, 'callDropped')).to.equal(0);
  });

  it('defect 1: a queued callback is a call: it holds the switch and the stale clock, is never an ended chat, and can be dropped', () => {
    const { s, effects } = run([...ready, agent(view('us-east-1', 'system', [callback('cb1')], 1, 'routable')), [10, detected('us-west-2')]]);
    expect(s.phase).to.equal('switch-pending');
    expect(effects).to.deep.include({ type: 'voice', live: true });
    expect(effects).to.deep.include({ type: 'emit', name: 'rac-switch-pending', detail: { to: 'us-west-2', voiceContactIds: ['cb1'], otherContactIds: [] } });
    expect(keyCount(effects, 'contactsEnded')).to.equal(0);
    expect(timers(effects)).to.deep.equal([]);
    expect(run([[5000, { type: 'stale-timeout' }]], {}, s).names).to.deep.equal([]);
    const dropped = run([agent(view('us-east-1', 'system', [callback('cb1', 'error')], 1, 'routable'))], {}, s, 20);
    expect(dropped.effects).to.deep.include({ type: 'reload', reason: 'call-dropped' });
    const ends = run([agent(view('us-east-1', 'routable', [], 1)), agent(view('us-west-2', 'offline'))], {}, s, 20);
    expect((ends.effects.find((e) => e.type === 'emit' && e.name === 'rac-switched') as Extract<Effect, { name: 'rac-switched' }>).detail.endedContacts).to.deep.equal([]);
  });

  it('defect 7: a call that starts after the detection stops the stale clock; it runs again from the call\'s end', () => {
    const { s, effects } = run([...ready, [10, detected('us-west-2')], [20, agent(view('us-east-1', 'system', [voice('v1')], 15, 'routable'))]]);
    expect(timers(effects)).to.deep.equal([1000, null]);
    expect(s.phase).to.equal('switch-pending');
    expect(run([[5000, { type: 'stale-timeout' }]], {}, s).names).to.deep.equal([]);
    const ended = run([[6000, agent(view('us-east-1', 'routable', [], 1))]], {}, s);
    expect(timers(ended.effects)).to.deep.equal([1000]);
    expect(ended.s.waitingSince).to.equal(6000);
  });

  it('defect 5: events before this CCP\'s data change nothing; the move is announced once the new region\'s data arrives', () => {
    // A tab opened mid-switch: hints before the CCP is ready, then the new region's data.
    const opened = run([detected('us-west-2'), pending('us-west-2'), { type: 'ready', region: 'us-west-2', ccpUrl: 'w' }, agent(view('us-west-2', 'offline'))]);
    expect(opened.names).to.deep.equal(['rac-ready']);
    expect(opened.s).to.deep.include({ phase: 'ready', region: 'us-west-2', waitingSince: null });
    // A CCP being re-initialised hears of the move before its data: no stale clock, no reload.
    const reinit = run([...ready, { type: 'reloading' }, detected('us-west-2'), [5000, { type: 'stale-timeout' }], { type: 'ready', region: 'us-west-2', ccpUrl: 'w' }, agent(view('us-west-2', 'offline'))]);
    expect(reinit.names).to.deep.equal(['rac-ready', 'rac-ready', 'rac-switched']);
    expect(timers(reinit.effects)).to.deep.equal([]);
    expect(reloads(reinit.effects)).to.have.length(0);
  });

  it('defect 6: at most 2 automatic reloads per target region in 10 minutes, then only the button, and the toast says why', () => {
    let s = run(ready).s;
    let t = 10;
    const staleOnce = () => {
      const step = run([[t, detected('us-west-2')], [t + 1000, { type: 'stale-timeout' }], { type: 'reloading', automatic: true }, { type: 'ready', region: 'us-east-1', ccpUrl: 'e' }, agent(view('us-east-1', 'offline', [], 2))], {}, s);
      s = step.s;
      t += 60000;
      return step.effects;
    };
    expect(reloads(staleOnce())).to.have.length(1);
    expect(reloads(staleOnce())).to.have.length(1);
    const third = staleOnce();
    expect(reloads(third)).to.have.length(0);
    expect(third).to.deep.include({ type: 'toast', key: 'stale', params: { to: 'us-west-2', seconds: 1, capped: MAX_RELOADS, minutes: 10 }, refresh: true });
    t += RELOAD_WINDOW_MS;
    expect(reloads(staleOnce())).to.have.length(1);
  });

  it('defect 6: the cap counts automatic reloads another tab asked for, so an agent with many tabs reloads no more than one with one tab', () => {
    let s = run(ready).s;
    let t = 10;
    // Two automatic reloads that other tabs' watchdogs asked for: this tab only takes part (teardown).
    for (let i = 0; i < MAX_RELOADS; i++) {
      s = run([[t, detected('us-west-2')], [t + 10, { type: 'reloading', automatic: true }], { type: 'ready', region: 'us-east-1', ccpUrl: 'e' }, agent(view('us-east-1', 'offline', [], 2))], {}, s).s;
      t += 60000;
    }
    // The agent's own reload (the toast's button) is not automatic and does not count.
    s = run([[t, { type: 'reloading' }], { type: 'ready', region: 'us-east-1', ccpUrl: 'e' }, agent(view('us-east-1', 'offline', [], 2))], {}, s).s;
    const own = run([[t + 10, detected('us-west-2')], [t + 1000, { type: 'stale-timeout' }]], {}, s).effects;
    expect(reloads(own)).to.have.length(0);
    expect(own).to.deep.include({ type: 'toast', key: 'stale', params: { to: 'us-west-2', seconds: 1, capped: MAX_RELOADS, minutes: 10 }, refresh: true });
  });

  it('F6: a reload that comes back where the agent was ends the wait: the restarted CCP knows of no move (no second watchdog reload)', () => {
    const { s, effects } = run([...ready, detected('us-west-2'), { type: 'stale-timeout' }, { type: 'reloading' }, { type: 'ready', region: 'us-east-1', ccpUrl: 'e' }, agent(view('us-east-1', 'offline', [], 9))]);
    expect(reloads(effects)).to.have.length(1);
    expect(s).to.deep.include({ phase: 'ready', region: 'us-east-1', move: null, waitingSince: null });
  });

  it('defect 9: was-routable means before THIS switch: a move that left the agent Offline does not make the next one set them Available', () => {
    const o = { autoAvailable: true };
    const first = run([...ready, detected('us-west-2'), agent(view('us-west-2', 'offline', [], 20)), { type: 'available-failed' }], o);
    expect(first.effects.filter((e) => e.type === 'set-available')).to.have.length(1);
    const second = run([detected('us-east-1'), agent(view('us-east-1', 'offline', [], 40))], o, first.s, 100);
    expect(second.effects.filter((e) => e.type === 'set-available')).to.deep.equal([]);
    expect(second.effects).to.deep.include({ type: 'toast', key: 'switched', params: { from: 'us-west-2', to: 'us-east-1' } });
    expect(keyCount(second.effects, 'offline')).to.equal(1);
  });

  it('defect 10: the agent\'s own pick wins: an Offline of their own (a new start time) after the request ends the follow-up', () => {
    const { s, effects } = run(
      [...ready, detected('us-west-2'), agent(view('us-west-2', 'offline', [], 20)), agent(view('us-west-2', 'offline', [], 30)), agent(view('us-west-2', 'routable', [], 40))],
      { autoAvailable: true },
    );
    expect(effects.filter((e) => e.type === 'set-available')).to.deep.equal([{ type: 'set-available', region: 'us-west-2', switchId: 1, since: 20 }]);
    expect(keyCount(effects, 'rac-agent-available')).to.equal(0);
    expect(s.settle).to.equal(null);
  });

  it('F4: a new-region Offline older than the state before the move (a CCP\'s cached snapshot) is not the move\'s: every tab keys the request by the same Offline', () => {
    const { effects } = run([...ready, agent(view('us-east-1', 'routable', [], 500)), detected('us-west-2'), agent(view('us-west-2', 'offline', [], 100)), agent(view('us-west-2', 'offline', [], 900))], { autoAvailable: true });
    expect(effects.filter((e) => e.type === 'set-available')).to.deep.equal([{ type: 'set-available', region: 'us-west-2', switchId: 1, since: 900 }]);
  });

  it('defect 11: rac-agent-available says how long the move kept the agent from being Available (server timestamps)', () => {
    const { effects } = run([...ready, detected('us-west-2', 15000), agent(view('us-west-2', 'offline', [], 20000)), agent(view('us-west-2', 'routable', [], 23500))], { autoAvailable: true });
    expect(effects).to.deep.include({ type: 'emit', name: 'rac-agent-available', detail: { region: 'us-west-2', automatic: true, offlineMs: 3500 } });
  });

  it('ignores repeats and a switch back to where the agent already is', () => {
    const { s, names } = run([...ready, detected('us-east-1'), detected('us-west-2'), detected('us-west-2'), detected('us-east-1')]);
    expect(names).to.deep.equal(['rac-ready', 'rac-switch-detected']);
    expect(s).to.deep.include({ phase: 'ready', region: 'us-east-1', move: null, waitingSince: null });
  });

  it('F3/F4: an Offline state that arrives after the announcement still gets its toast or auto-available', () => {
    const steps = (o: Partial<MachineOptions>) =>
      run(
        [
          ...ready,
          detected('us-west-2'),
          agent(view('us-west-2', 'routable'), 'w'), // before the service set Offline: the old state
          agent(view('us-west-2', 'routable'), 'w'),
          agent(view('us-west-2', 'offline', [], 5), 'w'),
          agent(view('us-west-2', 'offline', [], 5), 'w'),
        ],
        o,
      ).effects;
    const manual = steps({});
    expect(manual).to.deep.include({ type: 'toast', key: 'switched', params: { from: 'us-east-1', to: 'us-west-2' } });
    expect(keyCount(manual, 'offline')).to.equal(1);
    const auto = steps({ autoAvailable: true });
    expect(auto.filter((e) => e.type === 'set-available')).to.deep.equal([{ type: 'set-available', region: 'us-west-2', switchId: 1, since: 5 }]);
    expect(keyCount(auto, 'offline')).to.equal(0);
  });

  it('F4: every tab announces Available when the agent data shows it, whichever tab sent the request', () => {
    const base: MachineInput[] = [...ready, detected('us-west-2', 40)];
    const available = { type: 'emit', name: 'rac-agent-available', detail: { region: 'us-west-2', automatic: true, offlineMs: 10 } };
    // This tab saw Offline (it or another tab sends the request), then Available.
    const seen = run([...base, agent(view('us-west-2', 'offline', [], 20)), agent(view('us-west-2', 'routable', [], 30))], { autoAvailable: true });
    expect(seen.effects).to.deep.include(available);
    expect(seen.effects).to.deep.include({ type: 'toast', key: 'setAvailable', params: { region: 'us-west-2' } });
    // Another tab was quicker: this tab's first new-region data is already Available.
    const quick = run([...base, agent(view('us-west-2', 'routable', [], 50))], { autoAvailable: true });
    expect(quick.effects).to.deep.include(available);
    expect(quick.effects.some((e) => e.type === 'set-available')).to.equal(false);
    // Without auto-available an agent's own choice is not announced as automatic.
    const own = run([...base, agent(view('us-west-2', 'offline', [], 20)), agent(view('us-west-2', 'routable', [], 30))]);
    expect(own.names).to.not.include('rac-agent-available');
    // After auto-available gave up, the agent's own Available is not claimed either.
    const failed = run([...base, agent(view('us-west-2', 'offline', [], 20)), { type: 'available-failed' }, agent(view('us-west-2', 'routable', [], 30))], { autoAvailable: true });
    expect(failed.names).to.not.include('rac-agent-available');
  });

  it('a switch whose completion event never comes completes on the new region\'s agent data', () => {
    const { s, names, effects } = run([...ready, detected('us-west-2'), agent(view('us-west-2', 'offline'), 'https://west/')]);
    expect(names).to.deep.equal(['rac-ready', 'rac-switch-detected', 'rac-switched']);
    expect(s).to.deep.include({ phase: 'ready', region: 'us-west-2', ccpUrl: 'https://west/', waitingSince: null });
    expect(effects).to.deep.include({ type: 'stale-timer', ms: null });
  });

  it('A→B→A: each move is announced on its region\'s data, the way back\'s detection before B\'s data included; no watchdog needed', () => {
    const late = run([...ready, detected('us-west-2'), detected('us-east-1'), agent(view('us-west-2', 'offline', [], 20)), agent(view('us-east-1', 'offline', [], 40))]);
    expect(late.s).to.deep.include({ phase: 'ready', region: 'us-east-1', waitingSince: null });
    expect(switchedOf(late.effects)).to.deep.equal(['us-east-1>us-west-2', 'us-west-2>us-east-1']);
    // B's data never reached this tab before the way back was detected: the move is off, no clock.
    const quick = run([...ready, detected('us-west-2'), detected('us-east-1')]);
    expect(quick.s).to.deep.include({ phase: 'ready', region: 'us-east-1', waitingSince: null, move: null });
    expect(timers(quick.effects).at(-1)).to.equal(null);
  });

  it('A→B→A whose B this tab never saw: no move is announced (none was observed), but the Offline it left is said or set Available', () => {
    // The agent went through B and is Offline at home: F3/F4 still hold, from the data alone.
    const steps: MachineInput[] = [{ type: 'ready', region: HOME, ccpUrl: URLS[HOME] }, snap(HOME, 'routable', 1, 1), detected(AWAY), detected(HOME), snap(HOME, 'offline', 40, 40)];
    const auto = run(steps, { autoAvailable: true });
    expect(auto.s).to.deep.include({ phase: 'ready', region: HOME, move: null, waitingSince: null });
    expect(auto.names).to.not.include('rac-stale');
    expect(switchedOf(auto.effects)).to.deep.equal([]);
    expect(auto.effects.filter((e) => e.type === 'set-available')).to.deep.equal([{ type: 'set-available', region: HOME, switchId: 0, since: 40 }]);
    expect(reloads(auto.effects)).to.have.length(0);
    const manual = run(steps);
    expect(keyCount(manual.effects, 'offline')).to.equal(1);
    // Streams' stragglers (B's last word, a repeat of A's) change nothing.
    const after = run([snap(AWAY, 'offline', 20, 20), snap(HOME, 'offline', 40, 40)], { autoAvailable: true }, auto.s, 100);
    expect(after.names).to.deep.equal([]);
    expect(after.effects.filter((e) => e.type === 'set-available')).to.deep.equal([]);
  });

  it('a move whose new-region data never comes is not a dead end: the watchdog fires (F6)', () => {
    const { s } = run([...ready, detected('us-west-2')]);
    expect(s.phase).to.equal('switch-detected');
    expect(s.waitingSince, 'a stale timer runs').to.not.equal(null);
    const stale = run([[s.waitingSince! + 1000, { type: 'stale-timeout' }]], {}, s);
    expect(stale.names).to.deep.equal(['rac-stale']);
    expect(stale.effects).to.deep.include({ type: 'reload', reason: 'stale' });
  });

  describe('replays: the tab\'s other CCP relays the round, with older data', () => {
    const A = 'us-east-1';
    const B = 'us-west-2';
    const urlA = 'http://localhost:42825/s/7371939c1b78/ccp-v2/';
    const data = (region: string, stateType: string, since: number, at: number): MachineInput => ({ type: 'agent', obs: view(region, stateType, [], since, stateType, at), ccpUrl: urlA });

    it('B\'s last word after the way back (e2e run 5 tab 2) is older data: dropped, nothing announced twice', () => {
      const legs: Array<[number, MachineInput]> = [
        [1000, { type: 'ready', region: A, ccpUrl: urlA }],
        [1001, data(A, 'routable', 900, 1000)],
        [2000, detected(B)],
        [2050, data(B, 'offline', 1990, 1990)],
        [2100, detected(A)],
        [2150, data(A, 'offline', 2090, 2090)],
      ];
      const { s, effects } = run([...legs, [2170, data(B, 'offline', 1990, 1990)], [2171, data(A, 'offline', 2090, 2090)]]);
      expect(switchedOf(effects)).to.deep.equal([`${A}>${B}`, `${B}>${A}`]);
      expect(keyCount(effects, 'rac-switch-detected')).to.equal(2);
      expect(s).to.deep.include({ phase: 'ready', region: A, waitingSince: null });
    });

    it('the other CCP\'s late relay of a detection starts no move and no watchdog; the agent\'s region\'s CCP counts even when Streams already swapped', () => {
      const base: Array<[number, MachineInput]> = [
        [1, { type: 'ready', region: A, ccpUrl: urlA }],
        [2, data(A, 'routable', 1, 5)],
      ];
      const late = run([...base, [3, { type: 'hint', kind: 'detected', target: B, ccp: B, active: false }]]);
      expect(late.names).to.deep.equal(['rac-ready']);
      expect(timers(late.effects)).to.deep.equal([]);
      const own = run([...base, [3, { type: 'hint', kind: 'detected', target: B, ccp: A, active: false }]]);
      expect(own.names).to.deep.equal(['rac-ready', 'rac-switch-detected']);
    });

    it('a stale old-region snapshot while the agent is in B does not take the tab back', () => {
      const { s, effects } = run([[1, { type: 'ready', region: A, ccpUrl: urlA }], [2, data(A, 'routable', 1, 5)], [3, detected(B)], [4, data(B, 'offline', 20, 20)], [5, data(A, 'routable', 1, 6)]]);
      expect(switchedOf(effects)).to.deep.equal([`${A}>${B}`]);
      expect(s).to.deep.include({ region: B, phase: 'ready' });
    });

    it('a genuine later move is still announced, the same round trip again included', () => {
      const round = (t: number): Array<[number, MachineInput]> => [
        [t, detected(B)],
        [t + 30, data(B, 'offline', t + 10, t + 10)],
        [t + 50, detected(A)],
        [t + 300, data(A, 'offline', t + 60, t + 60)],
      ];
      const first = run([[1000, { type: 'ready', region: A, ccpUrl: urlA }], [1001, data(A, 'routable', 900, 900)], ...round(2000)]);
      expect(switchedOf(first.effects)).to.deep.equal([`${A}>${B}`, `${B}>${A}`]);
      const again = run([...round(62000), [90000, detected(B)], [90400, data(B, 'offline', 90390, 90390)]], {}, first.s);
      expect(switchedOf(again.effects)).to.deep.equal([`${A}>${B}`, `${B}>${A}`, `${A}>${B}`]);
      expect(again.s).to.deep.include({ phase: 'ready', region: B, waitingSince: null });
    });
  });

  it('fuzz: however the hints and the data of a quick A→B→A interleave, repeat or go missing, the announcements are the data\'s region changes', () => {
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
