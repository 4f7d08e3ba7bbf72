// node --test simulator/server.test.mjs — the control API itself (no browser).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator } from './server.mjs';
import { SimulatorClient } from './client.mjs';

let sim;
let base;
let client;
before(async () => {
  sim = await startSimulator({ ports: [0, 0] });
  base = sim.origins['us-east-1'];
  client = new SimulatorClient(base);
});
after(() => sim.close());

async function post(path, body, raw) {
  const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw ?? JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

test('sessions: urls per region origin, default session exists, CORS', async () => {
  const s = await client.createSession();
  assert.equal(s.ccpUrl, `${sim.origins['us-east-1']}/s/${s.id}/ccp-v2/`);
  assert.equal(s.secondaryCcpUrl, `${sim.origins['us-west-2']}/s/${s.id}/ccp-v2/`);
  const west = await client.createSession({ activeRegion: 'us-west-2' });
  assert.equal(west.ccpUrl, `${sim.origins['us-west-2']}/s/${west.id}/ccp-v2/`);
  const single = await client.createSession({ singleRegion: true });
  assert.equal(single.secondaryCcpUrl, null);
  const res = await fetch(`${sim.origins['us-west-2']}/sim/s/default/state`);
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  assert.equal((await res.json()).id, 'default');
  const pre = await fetch(`${base}/sim/sessions`, { method: 'OPTIONS' });
  assert.equal(pre.status, 204);
});

test('bad control input gets a 4xx with a clear message and changes nothing', async () => {
  const s = await client.createSession();
  const before = await s.state();
  const cases = [
    ['traffic', { region: 'eu-central-1' }, 400, /region must be one of/],
    ['traffic', { region: 'us-west-2', detectionDelayMs: -1 }, 400, /detectionDelayMs/],
    ['traffic', { region: 'us-west-2', stall: 'yes' }, 400, /stall must be a boolean/],
    ['traffic', { regoin: 'us-west-2' }, 400, /unknown field 'regoin'/],
    ['contacts', { type: 'email' }, 400, /type must be one of/],
    ['contacts/nope/end', {}, 404, /no live contact/],
    ['contacts/nope/drop', {}, 404, /no live contact/],
    ['agent-state', { name: 'Sleeping' }, 400, /name must be one of/],
    ['agent-state', { name: 'Break', region: 'mars-1' }, 400, /region must be one of/],
    ['faults', { setStateFailures: -2 }, 400, /setStateFailures/],
    ['faults', { neverLoad: ['mars-1'] }, 400, /neverLoad/],
    ['detection-delay', {}, 400, /ms is required/],
    ['reset', { hard: true }, 400, /unknown field/],
    ['nonsense', {}, 404, /unknown control action/],
  ];
  for (const [action, body, status, re] of cases) {
    const r = await post(`/sim/s/${s.id}/${action}`, body);
    assert.equal(r.status, status, `${action} ${JSON.stringify(body)} -> ${r.status} ${JSON.stringify(r.body)}`);
    assert.match(r.body.error, re);
  }
  const broken = await post(`/sim/s/${s.id}/traffic`, null, '{not json');
  assert.equal(broken.status, 400);
  assert.match(broken.body.error, /not valid JSON/);
  assert.equal((await post('/sim/s/missing/traffic', { region: 'us-west-2' })).status, 404);
  assert.equal((await post('/sim/sessions', { activeRegion: 'mars-1' })).status, 400);
  const after = await s.state();
  assert.deepEqual({ ...after, version: 0 }, { ...before, version: 0 });
  await assert.rejects(s.traffic('eu-central-1'), /region must be one of/);
});

test('conflicts: contacts need a routable agent and capacity; one switch at a time; single-region has no traffic', async () => {
  const s = await client.createSession();
  await s.setAgentState('Break');
  await assert.rejects(s.addContact('voice'), /not routable/);
  await s.setAgentState('Available');
  const call = await s.addContact('voice');
  await assert.rejects(s.addContact('voice'), /no voice capacity/);
  await assert.rejects(s.dropContact(call).then(() => s.dropContact(call)), /already ended/);
  await s.setAgentState('Available');
  const chat = await s.addContact('chat');
  await assert.rejects(s.dropContact(chat), /only voice calls/);
  const r = await s.traffic('us-west-2', { detectionDelayMs: 60000 });
  assert.equal(r.changed, true);
  await assert.rejects(s.traffic('us-east-1'), /already in progress/);
  await assert.rejects(s.addContact('task'), /being moved/);
  await s.reset();
  const st = await s.state();
  assert.equal(st.switch, null);
  assert.equal(st.contacts.length, 0);
  assert.equal(st.activeRegion, 'us-east-1');
  const single = await client.createSession({ singleRegion: true });
  await assert.rejects(single.traffic('us-west-2'), /single-region/);
});

test('a switch without CCPs: chats end at once, voice waits, Offline after (service side)', async () => {
  const s = await client.createSession();
  const voice = await s.addContact('voice');
  const chat = await s.addContact('chat');
  await s.traffic('us-west-2');
  let st = await s.waitFor((x) => x.switch?.stage === 'pending');
  assert.deepEqual(st.switch.endedContacts, [{ contactId: chat, type: 'chat' }]);
  assert.equal(st.trafficRegion, 'us-west-2');
  assert.equal(st.activeRegion, 'us-east-1');
  await s.endContact(voice, { acwMs: 10 });
  st = await s.waitFor((x) => x.activeRegion === 'us-west-2');
  assert.equal(st.agent['us-west-2'].state.name, 'Offline');
  assert.equal(st.agent['us-east-1'].state.name, 'Offline');
  assert.match(st.agent['us-west-2'].routingProfileARN, /^arn:aws:connect:us-west-2:111122223333:instance\//);
});

test('issue 12 orderings on request: callbacks share the voice slot, ringing calls, endings without ACW, cancelled and held moves, snapshot times', async () => {
  const s = await client.createSession();
  const cb = await s.addContact('queue_callback');
  await assert.rejects(s.addContact('voice'), /no voice capacity/);
  await assert.rejects(s.missContact(cb), /not ringing/);
  await s.endContact(cb, { acw: false });
  assert.equal((await s.state()).contacts.length, 0, 'gone at once without after-contact work');
  const ring = await s.addContact('voice', { ring: true });
  assert.equal((await s.state()).contacts[0].state, 'ringing');
  await assert.rejects(s.endContact(ring), /not been answered/);
  await s.missContact(ring, { as: 'rejected', acwMs: 10 });
  await s.waitFor((x) => x.contacts.length === 0);
  await assert.rejects(s.addContact('chat', { ring: true }), /ring must be a boolean, for calls only/);
  assert.equal((await post(`/sim/s/${s.id}/traffic`, { region: 'us-west-2', hold: 1 })).status, 400);
  await assert.rejects(s.cancelSwitch(), /no switch is in progress/);
  // A held move is detected but never carried out; contacts are still routed; a cancel is silent.
  await s.traffic('us-west-2', { hold: true });
  await s.waitFor((x) => x.switch?.stage === 'detected');
  const call = await s.addContact('voice');
  await s.endContact(call, { acwMs: 10 });
  await s.cancelSwitch();
  let st = await s.waitFor((x) => x.contacts.length === 0);
  assert.equal(st.switch, null);
  assert.equal(st.trafficRegion, 'us-east-1');
  assert.equal(st.activeRegion, 'us-east-1');
  assert.deepEqual(st.cancelled.map((x) => [x.to, x.stage]), [['us-west-2', 'cancelled']]);
  assert.equal(st.switches.length, 0);
  // A real move: the new region is Offline from the switch on.
  await s.traffic('us-west-2');
  st = await s.waitFor((x) => x.activeRegion === 'us-west-2');
  assert.equal(new Date(st.agent['us-west-2'].since).getTime(), st.switches[0].initiatedAt);
  await assert.rejects(s.faults({ setStateHangs: -1 }), /setStateHangs/);
  assert.equal((await s.faults({ setStateHangs: 2 })).faults.setStateHangs, 2);
});
