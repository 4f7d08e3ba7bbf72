// The switch machine and the agent's auto-available option (issue 18): turning it on while the agent
// is still in the Offline a move left sets Available then; in any other state it asks for nothing.
import { expect } from '@open-wc/testing';
import { initialState, reduce, type MachineInput, type MachineOptions, type SwitchState } from '../../src/switch/switch-machine.js';
import type { Observation } from '../../src/ccp/observation.js';

const OFF: MachineOptions = { staleAfterMs: 1000, reloadMode: 'ccp', autoAvailable: false, autoAvailablePolicy: 'always' };
const obs = (region: string, stateType: string, since: number, at: number): Observation => ({ region, stateType, selectedType: stateType, since, at, contacts: [] });

/** Ready in A, Available; then moved to B, Offline since 50 (the option off). */
function movedOffline(o: Partial<MachineOptions> = {}): SwitchState {
  const inputs: MachineInput[] = [
    { type: 'ready', region: 'us-east-1', ccpUrl: 'a' },
    { type: 'agent', obs: obs('us-east-1', 'routable', 1, 10) },
    { type: 'agent', obs: obs('us-west-2', 'offline', 50, 60) },
  ];
  let s = initialState;
  for (const [i, input] of inputs.entries()) {
    const step = reduce(s, input, i, { ...OFF, ...o });
    expect(step.effects.filter((e) => e.type === 'set-available')).to.deep.equal([]);
    s = step.state;
  }
  return s;
}
const turnedOn = (s: SwitchState, o: Partial<MachineOptions> = {}) =>
  reduce(s, { type: 'auto-available' }, 9, { ...OFF, autoAvailable: true, ...o }).effects.filter((e) => e.type === 'set-available');

describe('switch machine: the auto-available option turned on after a move', () => {
  it('while the move\'s Offline holds: one set-available for that Offline', () => {
    expect(turnedOn(movedOffline())).to.deep.equal([{ type: 'set-available', region: 'us-west-2', switchId: 1, since: 50 }]);
  });

  it('after the agent picked a state (Available, Break, or Offline anew): nothing', () => {
    for (const [type, since] of [['routable', 70], ['not_routable', 70], ['offline', 70]] as const) {
      const s = reduce(movedOffline(), { type: 'agent', obs: obs('us-west-2', type, since, 80) }, 5, OFF).state;
      expect(turnedOn(s), type).to.deep.equal([]);
    }
  });

  it('when the policy does not apply (was-routable, Offline before the move) or the option stays off: nothing', () => {
    let s = initialState;
    for (const input of [
      { type: 'ready', region: 'us-east-1', ccpUrl: 'a' },
      { type: 'agent', obs: obs('us-east-1', 'offline', 1, 10) },
      { type: 'agent', obs: obs('us-west-2', 'offline', 50, 60) },
    ] as MachineInput[]) s = reduce(s, input, 1, { ...OFF, autoAvailablePolicy: 'was-routable' }).state;
    expect(turnedOn(s, { autoAvailablePolicy: 'was-routable' })).to.deep.equal([]);
    expect(reduce(movedOffline(), { type: 'auto-available' }, 9, OFF).effects).to.deep.equal([]);
  });
});
