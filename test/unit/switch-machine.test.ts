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

  it('errors emit rac-error and an alert toast', () => {
    const { s, effects } = run([{ type: 'error', code: 'load-timeout', message: 'x' }]);
    expect(s.phase).to.equal('error');
    expect(effects).to.deep.equal([
      { type: 'emit', name: 'rac-error', detail: { code: 'load-timeout', message: 'x' } },
      { type: 'toast', key: 'error', params: { code: 'load-timeout' }, refresh: true },
    ]);
  });
});
