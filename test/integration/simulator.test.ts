// The real amazon-connect-streams 2.28.2 (unmodified, global `connect`) against the CCP simulator.
import 'amazon-connect-streams';
import { expect } from '@open-wc/testing';
import type { Session, SessionOptions } from '../../simulator/client.mjs';
import { newSession } from '../helpers/sim.js';
import {
  agentOf,
  openTab,
  startStreams,
  teardownStreams,
  waitForAgentIn,
  waitUntil,
  type Recorder,
  type Tab,
} from '../helpers/streams-harness.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
const connect = (window as any).connect;
const EAST = 'us-east-1';
const WEST = 'us-west-2';

const pageErrors: string[] = [];
window.addEventListener('error', (e) => pageErrors.push(String(e.message ?? e)));
window.addEventListener('unhandledrejection', (e) => pageErrors.push(String((e as PromiseRejectionEvent).reason)));

let container: HTMLElement;
let session: Session;
let rec: Recorder;

function newContainer(): HTMLElement {
  const el = document.createElement('div');
  el.style.cssText = 'width:320px;height:400px';
  document.body.appendChild(el);
  return el;
}

async function startGr(opts: SessionOptions = {}, params?: Record<string, unknown>) {
  session = await newSession(opts);
  container = newContainer();
  rec = startStreams(connect, container, { ccpUrl: session.ccpUrl, secondaryCcpUrl: session.secondaryCcpUrl, loginUrl: session.loginUrl, params });
  await waitUntil(() => rec.initialized > 0, { message: 'onInitialized' });
}

/** agent.setState; fails after `timeoutMs` when no api_response comes (Streams itself waits forever). */
function setState(agent: any, name: string, timeoutMs = 8000): Promise<void> {
  const st = agent.getAgentStates().find((s: any) => s.name === name);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`setState(${name}): no api_response within ${timeoutMs} ms`)), timeoutMs);
    agent.setState(st, {
      success: () => (clearTimeout(timer), resolve()),
      failure: (err: unknown) => (clearTimeout(timer), reject(new Error(String(err)))),
    });
  });
}

function contactTypes(): string[] {
  return (agentOf(connect)?.getContacts() ?? []).map((c: any) => c.getType()).sort();
}

afterEach(async () => {
  if (container) {
    teardownStreams(connect, container);
    container.remove();
    container = null as unknown as HTMLElement;
  }
  if (session) await session.delete().catch(() => {});
  session = null as unknown as Session;
});

describe('CCP simulator × amazon-connect-streams (Global Resiliency)', () => {
  it('initialises in the active region: iframes, onInitialized, connect.agent with region ARNs', async () => {
    await startGr();
    const agent = await waitForAgentIn(connect, EAST);
    expect(rec.agentCalls).to.equal(1);
    expect(connect.globalResiliency.getActiveRegion()).to.equal(EAST);
    expect(agent.getState().name).to.equal('Available');
    expect(agent.getState().startTimestamp).to.be.instanceOf(Date);
    expect(agent.getRoutingProfile().routingProfileARN).to.contain(`arn:aws:connect:${EAST}:111122223333:instance/${session.instanceId}/`);
    expect(agent.getAgentStates().map((s: any) => s.name)).to.include.members(['Available', 'Offline', 'Break']);
    const frames = [...container.querySelectorAll('iframe')];
    expect(frames.map((f) => new URL(f.src).origin)).to.deep.equal([new URL(session.ccpUrl).origin, new URL(session.secondaryCcpUrl!).origin]);
    expect(frames[0].style.display).to.not.equal('none');
    expect(frames[1].style.display).to.equal('none');
    const st = await session.waitFor(
      (s) => s.workers[EAST] === 1 && s.workers[WEST] === 1 && s.messages.some((m) => m.event === 'agent::fetch_agent_data_from_ccp'),
    );
    const events = st.messages.map((m) => `${m.region} ${m.event}`);
    expect(events).to.include(`${EAST} globalResiliency::validate_global_signin`);
    expect(events).to.include(`${EAST} outer_context_info`);
    expect(events).to.include(`${EAST} agent::fetch_agent_data_from_ccp`);
  });

  it('agent.setState reaches the simulator exactly once, and the snapshot follows; setState faults fail', async () => {
    await startGr();
    const agent = await waitForAgentIn(connect, EAST);
    await setState(agent, 'Break');
    await waitUntil(() => agentOf(connect)?.getState().name === 'Break', { message: 'Break in snapshot' });
    const reqs = await session.requests({ method: 'putAgentState', region: EAST, stateName: 'Break' });
    expect(reqs).to.have.length(1);
    expect(reqs[0].params.state.agentStateARN).to.contain(`:${EAST}:`);

    await session.faults({ setStateFailures: 1 });
    let failure: Error | null = null;
    await setState(agent, 'Available').catch((e) => (failure = e));
    expect(String(failure)).to.contain('InternalServiceException');
    await setState(agent, 'Available');
    await waitUntil(() => agentOf(connect)?.getState().name === 'Available', { message: 'Available' });
    expect((await session.requests({ method: 'putAgentState', stateName: 'Available' })).map((r) => r.ok)).to.deep.equal([false, true]);

    await session.setAgentState('Lunch'); // by hand, in the CCP UI
    await waitUntil(() => agentOf(connect)?.getState().name === 'Lunch', { message: 'Lunch' });
    expect(await session.requests({ stateName: 'Lunch' })).to.have.length(0);
  });

  it('contacts: voice, chat and task appear; a voice call ends through ACW, a dropped call through error', async () => {
    await startGr();
    await waitForAgentIn(connect, EAST);
    const seen: string[] = [];
    connect.contact((c: any) => c.onRefresh(() => seen.push(`${c.getType()}:${c.getState().type}`)));
    const voice = await session.addContact('voice');
    await session.addContact('chat');
    await session.addContact('task');
    await waitUntil(() => contactTypes().join() === 'chat,task,voice', { message: 'three contacts' });
    expect(agentOf(connect).getState().name).to.equal('Busy');
    await session.endContact(voice);
    await waitUntil(() => contactTypes().join() === 'chat,task', { message: 'voice cleared' });
    expect(seen).to.include('voice:ended');
    const v2 = await session.addContact('voice');
    await waitUntil(() => contactTypes().includes('voice'), { message: 'second call' });
    await session.dropContact(v2);
    await waitUntil(() => !contactTypes().includes('voice'), { message: 'dropped call cleared' });
    expect(seen).to.include('voice:error');
  });

  it('UpdateTrafficDistribution: detected -> completed({activeRegion}), agent Offline in the new region', async () => {
    await startGr();
    await waitForAgentIn(connect, EAST);
    await session.traffic(WEST);
    await waitUntil(() => rec.completed.length === 1, { message: 'onFailoverCompleted' });
    expect(rec.detected).to.deep.equal([{ nextActiveRegion: WEST }]);
    expect(rec.pending).to.have.length(0);
    expect(rec.completed[0].activeRegion).to.equal(WEST);
    expect(rec.completed[0].activeCcpUrl).to.equal(new URL(session.secondaryCcpUrl!).origin);
    expect(connect.globalResiliency.getActiveRegion()).to.equal(WEST);
    const agent = await waitForAgentIn(connect, WEST, (a) => a.getState().name === 'Offline');
    const frames = [...container.querySelectorAll('iframe')];
    expect(frames[1].style.display).to.not.equal('none');
    expect(frames[0].style.display).to.equal('none');
    await setState(agent, 'Available');
    await waitUntil(() => agentOf(connect)?.getState().name === 'Available', { message: 'Available in new region' });
    expect(await session.requests({ method: 'putAgentState', region: WEST, stateName: 'Available' })).to.have.length(1);
    expect((await session.state()).activeRegion).to.equal(WEST);
  });

  it('a stale init from the new region that crosses the switch on the wire does not leave its conduit inactive', async () => {
    // The secondary CCP announces itself (globalResiliency::init, inactive) just before its worker learns of the
    // switch, and that message reaches the host only after the host switched on the old region's
    // failover_initiated (a slow secondary CCP; seen in loaded full runs). Streams applies every init's
    // instanceState to the conduit, also after start-up. Here the secondary's channel to the host is held
    // (in order) from its init until its worker has learned of the switch, then released.
    session = await newSession();
    container = newContainer();
    const held: MessageEvent[] = [];
    let holding = false;
    let releasing = false;
    const hold = (e: MessageEvent) => {
      const west = container.querySelectorAll('iframe')[1]?.contentWindow;
      if (releasing || !west || e.source !== west) return;
      if (!holding && e.data?.event === 'globalResiliency::init') holding = true;
      if (!holding) return;
      e.stopImmediatePropagation();
      held.push(e);
    };
    window.addEventListener('message', hold, { capture: true });
    try {
      rec = startStreams(connect, container, { ccpUrl: session.ccpUrl, secondaryCcpUrl: session.secondaryCcpUrl, loginUrl: session.loginUrl });
      await waitUntil(() => rec.initialized > 0 && holding, { message: 'onInitialized and the secondary CCP announced itself' });
      expect(held[0].data.data).to.deep.include({ instanceRegion: WEST, instanceState: 'inactive', activeRegion: EAST });
      await waitForAgentIn(connect, EAST);
      await session.traffic(WEST);
      await waitUntil(() => connect.globalResiliency.getActiveRegion() === WEST, { message: "the host switched on the old region's failover_initiated" });
      await waitUntil(() => held.some((e) => e.data?.event === 'globalResiliency::failover_initiated'), { message: 'the secondary learned of the switch' });
      const inits = () => held.filter((e) => e.data?.event === 'globalResiliency::init').map((e) => e.data.data.instanceState);
      await waitUntil(() => inits().length === 2, { message: 'the secondary announced itself again' });
      expect(inits()).to.deep.equal(['inactive', 'active']);
      releasing = true;
      // The held events themselves, dispatched again: Firefox's MessageEvent constructor does not take
      // a cross-origin WindowProxy as `source`, and a finished dispatch clears the stop flags.
      for (const e of held.splice(0)) window.dispatchEvent(e);
      releasing = false;
    } finally {
      window.removeEventListener('message', hold, { capture: true });
    }
    await waitUntil(() => rec.completed.length === 1, { message: 'onFailoverCompleted' });
    expect(rec.completed[0].activeRegion).to.equal(WEST);
    const agent = await waitForAgentIn(connect, WEST, (a) => a.getState().name === 'Offline');
    await setState(agent, 'Available');
    await waitUntil(() => agentOf(connect)?.getState().name === 'Available', { message: 'Available in new region' });
    expect(await session.requests({ method: 'putAgentState', region: WEST, stateName: 'Available' })).to.have.length(1);
  });

  it('a live voice call makes the switch wait (pending); chats and tasks end at once; completion after the call', async () => {
    await startGr();
    await waitForAgentIn(connect, EAST);
    const ended: string[] = [];
    connect.contact((c: any) => c.onDestroy(() => ended.push(c.getContactId())));
    const voice = await session.addContact('voice');
    const chat = await session.addContact('chat');
    const task = await session.addContact('task');
    await waitUntil(() => contactTypes().length === 3, { message: 'contacts' });
    await session.traffic(WEST);
    await waitUntil(() => rec.pending.length === 1, { message: 'onFailoverPending' });
    expect(rec.detected).to.deep.equal([{ nextActiveRegion: WEST }]);
    expect(rec.pending[0]).to.deep.equal({ nextActiveRegion: WEST });
    await waitUntil(() => contactTypes().join() === 'voice', { message: 'chat and task ended' });
    expect(ended).to.include.members([chat, task]);
    const st = await session.state();
    expect(st.switch?.stage).to.equal('pending');
    expect(st.switch?.endedContacts.map((c) => c.contactId).sort()).to.deep.equal([chat, task].sort());
    expect(rec.completed).to.have.length(0);
    expect(connect.globalResiliency.getActiveRegion()).to.equal(EAST);
    await session.endContact(voice, { acwMs: 100 });
    await waitUntil(() => rec.completed.length === 1, { message: 'completed after the call' });
    expect(rec.completed[0].activeRegion).to.equal(WEST);
    await waitForAgentIn(connect, WEST, (a) => a.getState().name === 'Offline');
  });

  it('dropping the voice call during a pending switch lets it complete', async () => {
    await startGr();
    await waitForAgentIn(connect, EAST);
    const voice = await session.addContact('voice');
    await waitUntil(() => contactTypes().length === 1, { message: 'call' });
    await session.traffic(WEST);
    await waitUntil(() => rec.pending.length === 1, { message: 'pending' });
    await session.dropContact(voice);
    await waitUntil(() => rec.completed.length === 1, { message: 'completed after drop' });
    await waitForAgentIn(connect, WEST);
  });

  it('forceFailover ends the wait', async () => {
    await startGr();
    await waitForAgentIn(connect, EAST);
    await session.addContact('voice');
    await waitUntil(() => contactTypes().length === 1, { message: 'call' });
    await session.traffic(WEST);
    await waitUntil(() => rec.pending.length === 1, { message: 'pending' });
    connect.globalResiliency.forceFailover();
    await waitUntil(() => rec.completed.length === 1, { message: 'completed after forceFailover' });
    const st = await session.state();
    expect(st.switches[0].forced).to.equal(true);
    expect(st.messages.some((m) => m.event === 'globalResiliency::force_failover')).to.equal(true);
  });

  it('a secondary region that fails global sign-in raises onConfigureError; the primary still works', async () => {
    session = await newSession();
    await session.faults({ globalSigninInvalid: true });
    container = newContainer();
    rec = startStreams(connect, container, { ccpUrl: session.ccpUrl, secondaryCcpUrl: session.secondaryCcpUrl, loginUrl: session.loginUrl });
    await waitUntil(() => rec.configureErrors.length > 0, { message: 'onConfigureError' });
    expect(rec.configureErrors[0].errorType).to.equal('LILY_AGENT_CONFIG_MISSING');
    await waitUntil(() => rec.initialized > 0, { message: 'init' });
    await waitForAgentIn(connect, EAST);
    expect(rec.ackTimeouts).to.equal(0);
  });

  it('a CCP that never loads (no acknowledge) ends in ack_timeout; a secondary that never loads is ignored', async () => {
    session = await newSession();
    await session.faults({ neverLoad: [WEST] });
    container = newContainer();
    rec = startStreams(connect, container, {
      ccpUrl: session.ccpUrl,
      secondaryCcpUrl: session.secondaryCcpUrl,
      loginUrl: session.loginUrl,
      params: { ccpLoadTimeout: 500 },
    });
    await waitForAgentIn(connect, EAST);
    await new Promise((r) => setTimeout(r, 700));
    expect(rec.ackTimeouts).to.equal(0);
    teardownStreams(connect, container);
    await session.faults({ neverLoad: [EAST], globalSigninInvalid: false });
    rec = startStreams(connect, container, {
      ccpUrl: session.ccpUrl,
      secondaryCcpUrl: session.secondaryCcpUrl,
      loginUrl: session.loginUrl,
      params: { ccpLoadTimeout: 500 },
    });
    await waitUntil(() => rec.ackTimeouts > 0, { message: 'ack_timeout' });
    expect(rec.agentCalls).to.equal(0);
  });

  it('terminate + cleanup right after start-up and after a switch leaves no page errors, and re-init works', async () => {
    const before = pageErrors.length;
    await startGr();
    teardownStreams(connect, container); // right after onInitialized (metrics timer, keepalive running)
    rec = startStreams(connect, container, { ccpUrl: session.ccpUrl, secondaryCcpUrl: session.secondaryCcpUrl, loginUrl: session.loginUrl });
    await waitForAgentIn(connect, EAST);
    await session.traffic(WEST);
    await waitUntil(() => rec.completed.length === 1, { message: 'switch' });
    teardownStreams(connect, container);
    expect(container.querySelectorAll('iframe')).to.have.length(0);
    await session.waitFor((s) => s.workers[EAST] === 0 && s.workers[WEST] === 0, { timeoutMs: 5000 });
    await new Promise((r) => setTimeout(r, 1500)); // keepalive (1 s) and metrics (1 s) timers would fire here
    expect(pageErrors.slice(before)).to.deep.equal([]);
    rec = startStreams(connect, container, { ccpUrl: session.ccpUrl, secondaryCcpUrl: session.secondaryCcpUrl, loginUrl: session.loginUrl });
    await waitUntil(() => rec.initialized > 0, { message: 're-init' });
    expect(connect.globalResiliency.getActiveRegion()).to.equal(WEST);
    await waitForAgentIn(connect, WEST);
  });
});

describe('CCP simulator: several tabs share one SharedWorker per origin (F7)', () => {
  const tabs: Tab[] = [];
  afterEach(() => {
    while (tabs.length) tabs.pop()!.remove();
  });

  async function tabStart(): Promise<{ tab: Tab; rec: Recorder }> {
    const tab = await openTab();
    tabs.push(tab);
    const r = startStreams(tab.win.connect, tab.container, {
      ccpUrl: session.ccpUrl,
      secondaryCcpUrl: session.secondaryCcpUrl,
      loginUrl: session.loginUrl,
    });
    await waitUntil(() => r.initialized > 0, { message: 'tab init' });
    return { tab, rec: r };
  }

  it('after a stall, a lone re-initialised tab stays in the old region; a start after all tabs are gone finds the new one', async () => {
    session = await newSession();
    const a = await tabStart();
    const b = await tabStart();
    await waitForAgentIn(a.tab.win.connect, EAST);
    await waitForAgentIn(b.tab.win.connect, EAST);
    let st = await session.waitFor((s) => s.workers[EAST] === 1 && s.workers[WEST] === 1, { message: 'one worker per origin' });
    expect(st.workers).to.deep.equal({ [EAST]: 1, [WEST]: 1 });

    await session.traffic(WEST, { stall: true });
    st = await session.waitFor((s) => s.activeRegion === WEST && !s.switch, { message: 'service moved the agent' });
    expect(st.switches[0].stalledWorkers).to.equal(2);
    expect(a.rec.detected).to.have.length(0);

    // Tab B re-initialises while tab A's CCP iframes keep the (stalled) workers alive.
    tabs.splice(tabs.indexOf(b.tab), 1);
    b.tab.remove();
    const b2 = await tabStart();
    await waitForAgentIn(b2.tab.win.connect, EAST);
    expect(b2.tab.win.connect.globalResiliency.getActiveRegion()).to.equal(EAST);
    expect((await session.state()).workers).to.deep.equal({ [EAST]: 1, [WEST]: 1 });

    // Close every tab, wait until the workers are gone, start again: the new region.
    while (tabs.length) tabs.pop()!.remove();
    await session.waitFor((s) => s.workers[EAST] === 0 && s.workers[WEST] === 0, { timeoutMs: 5000, message: 'workers gone' });
    const c = await tabStart();
    await waitForAgentIn(c.tab.win.connect, WEST);
    expect(c.tab.win.connect.globalResiliency.getActiveRegion()).to.equal(WEST);
    expect(c.rec.completed).to.have.length(0); // it initialised there; no failover happened in this tab
  });
});

describe('CCP simulator: single-region mode (no secondary CCP)', () => {
  it('initialises, reports the agent and contacts, and setState reaches the simulator', async () => {
    session = await newSession({ singleRegion: true });
    expect(session.secondaryCcpUrl).to.equal(null);
    container = newContainer();
    rec = startStreams(connect, container, { ccpUrl: session.ccpUrl });
    const agent = await waitForAgentIn(connect, EAST);
    expect(container.querySelectorAll('iframe')).to.have.length(1);
    await setState(agent, 'Break');
    await waitUntil(() => agentOf(connect)?.getState().name === 'Break', { message: 'Break' });
    expect(await session.requests({ method: 'putAgentState', region: EAST })).to.have.length(1);
    await session.addContact('chat').catch((e) => expect(String(e)).to.contain('not routable'));
    await session.setAgentState('Available');
    await session.addContact('chat');
    await waitUntil(() => contactTypes().join() === 'chat', { message: 'chat' });
    let err: Error | null = null;
    await session.traffic(WEST).catch((e) => (err = e));
    expect(String(err)).to.contain('single-region');
  });
});
