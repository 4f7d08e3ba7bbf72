// The switch machine's orderings and defects (issue 12, docs/switch-machine.md) with the real
// amazon-connect-streams 2.28.2 against the CCP simulator, as an agent or a host page notices them.
/* eslint-disable @typescript-eslint/no-explicit-any -- Streams' global */
import { expect } from '@open-wc/testing';
import { mount, until, type CcpHarness, releaseAll, startReady } from '../helpers/element-harness.js';
import { newSession } from '../helpers/sim.js';

const A = 'us-east-1';
const B = 'us-west-2';
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
declare const connect: any;

describe('<region-aware-ccp> switch orderings and defects (issue 12)', function () {
  this.timeout(30000);
  afterEach(releaseAll);

  const start = startReady;
  /** Waits for the simulator's contact to reach this page's agent data. */
  const seen = (_h: CcpHarness, n: number) =>
    until(
      () => {
        try {
          return new connect.Agent().getContacts().length === n;
        } catch {
          return false; // no agent data yet
        }
      },
      5000,
      `${n} contact(s) in the agent data`,
    );
  const reloads = (h: CcpHarness) => h.all('rac-tabs-reload').filter((e) => e.stage === 'requested');

  it('ordering: detections from both CCPs (and Streams\' relays) announce one detection and one move', async () => {
    const { h, s } = await start();
    let streamsDetections = 0;
    connect.globalResiliency.onFailoverDetected(() => streamsDetections++);
    await s.traffic(B);
    await h.event('rac-switched');
    await pause(300);
    expect(h.all('rac-switch-detected')).to.deep.equal([{ from: A, to: B }]);
    expect(h.all('rac-switched').map((e) => e.to)).to.deep.equal([B]);
    expect(streamsDetections).to.equal(1); // Streams deduped the other CCP's copy
  });

  it('ordering: a retry to the same region after a cancelled move fires no onFailoverDetected (deduped, never reset), and is still followed', async () => {
    const { h, s } = await start({ 'stale-after': '2', 'reload-mode': 'manual' });
    let streamsDetections = 0;
    let streamsPending = 0;
    connect.globalResiliency.onFailoverDetected(() => streamsDetections++);
    connect.globalResiliency.onFailoverPending(() => streamsPending++);
    const call = await s.addContact('voice');
    await seen(h, 1);
    await s.traffic(B);
    await h.event('rac-switch-pending');
    await s.cancelSwitch(); // the service took the move back: no message at all
    await s.traffic(B); // and tries again
    await s.waitFor((x) => x.switch?.stage === 'pending');
    await pause(300);
    expect(streamsDetections).to.equal(1);
    expect(streamsPending).to.equal(1);
    await s.endContact(call);
    const switched = await h.event('rac-switched');
    expect(switched).to.deep.include({ from: A, to: B });
    expect(h.all('rac-stale')).to.have.length(0);
    expect(h.all('rac-switch-detected')).to.have.length(1);
  });

  it('ordering: the new region\'s state_change comes with old state Init and the completion on the next agent update; the move is announced once, on the new region\'s data', async () => {
    const { h, s } = await start();
    const changes: string[] = [];
    const completions: string[] = [];
    new connect.Agent().onStateChange((e: any) => changes.push(`${e.oldState}>${e.newState}`));
    connect.globalResiliency.onFailoverCompleted((d: any) => completions.push(d.activeRegion));
    await s.traffic(B);
    const switched = await h.event('rac-switched');
    await until(() => completions.length > 0, 5000, 'Streams\' completion');
    await pause(300);
    // From Init when Streams' new provider starts empty; from the old state when it saw old data first.
    expect(changes.some((c) => /^(Init|Available)>Offline$/.test(c)), changes.join()).to.equal(true);
    expect(completions).to.deep.equal([B]);
    expect(h.all('rac-switched')).to.have.length(1);
    expect(switched.ccpUrl).to.equal(s.secondaryCcpUrl);
  });

  it('ordering: old-region chats that get no ended event (gone from the new region\'s data) are still named', async () => {
    const { h, s } = await start();
    const chat = await s.addContact('chat');
    await seen(h, 1);
    await s.traffic(B, { vanish: true });
    const switched = await h.event('rac-switched');
    expect(switched.endedContacts).to.deep.equal([{ id: chat, type: 'chat' }]);
    expect((await h.toast('contacts-ended')).text).to.contain('1 chat (Jane Doe · BasicQueue)'); // the id is in the event
  });

  it('defect 1: a queued callback is a call: the switch waits, nothing reloads, no stale clock, and it is no ended chat', async () => {
    const { h, s } = await start({ 'stale-after': '0.3' });
    const frames = h.frames();
    const cb = await s.addContact('queue_callback');
    await seen(h, 1);
    await s.traffic(B);
    const pending = await h.event('rac-switch-pending');
    expect(pending.voiceContactIds).to.deep.equal([cb]);
    await pause(800); // past stale-after: the clock does not run during the callback
    expect(h.all('rac-stale')).to.have.length(0);
    expect(h.all('rac-tabs-reload')).to.have.length(0);
    expect(h.frames()).to.deep.equal(frames);
    await s.endContact(cb);
    const switched = await h.event('rac-switched');
    expect(switched.endedContacts).to.deep.equal([]);
    expect(h.toasts().some((t) => t.kind === 'contacts-ended')).to.equal(false);
  });

  for (const acw of [true, false]) {
    it(`defect 2: the normal end of the call that held the switch (${acw ? 'with' : 'without'} after-contact work) is no dropped call`, async () => {
      const { h, s } = await start();
      const call = await s.addContact('voice');
      await seen(h, 1);
      await s.traffic(B);
      await h.event('rac-switch-pending');
      await s.endContact(call, acw ? { acwMs: 100 } : { acw: false });
      await h.event('rac-switched');
      await pause(500);
      expect(h.toasts().some((t) => t.text.includes('dropped'))).to.equal(false);
      expect(reloads(h)).to.have.length(0);
      expect(h.el.activeRegion).to.equal(B);
    });
  }

  it('defect 2: a call that rang and was missed or rejected, around a move, prompts nothing and reloads nothing', async () => {
    const { h, s } = await start({ 'auto-available': true });
    const ring = await s.addContact('voice', { ring: true });
    await seen(h, 1);
    await s.traffic(B); // a ringing offer does not hold the switch
    await h.event('rac-switched');
    await h.event('rac-agent-available');
    // Right after the move, queued calls ring the newly Available agent, and some are missed.
    for (const as of ['missed', 'rejected'] as const) {
      const q = await s.addContact('voice', { ring: true });
      await seen(h, 1);
      await s.missContact(q, { as, acwMs: 50 });
      await seen(h, 0);
    }
    await pause(300);
    expect(ring).to.be.a('string');
    expect(h.toasts().some((t) => t.text.includes('dropped'))).to.equal(false);
    expect(reloads(h)).to.have.length(0);
  });

  it('defect 3: a setState that never answers times out, is retried, then reported once', async () => {
    const { h, s } = await start({ 'auto-available': true, 'auto-available-policy': 'always' });
    h.el.retryPolicy = { maxAttempts: 2, baseDelayMs: 20, maxDelayMs: 40, attemptTimeoutMs: 300, firstSpreadMs: 0 };
    await s.faults({ setStateHangs: 10 });
    await s.traffic(B);
    const failed = await h.event('rac-auto-available-failed');
    expect(failed).to.deep.include({ region: B, attempts: 2 });
    expect(failed.error).to.contain('No answer');
    expect((await h.toast('error')).role).to.equal('alert');
    expect((await s.requests({ method: 'putAgentState', region: B })).length).to.equal(2);
  });

  it('defect 5: a move that lands while the CCP starts is announced at most once, with no rac-stale and no reload', async () => {
    for (const delay of [0, 60, 200]) {
      const s = await newSession();
      const h = mount(s, { 'stale-after': '0.5' });
      await pause(delay);
      await s.traffic(B, { detectionDelayMs: 0 });
      await until(() => h.el.phase === 'ready' && h.el.activeRegion === B, 10000, `ready in ${B} (delay ${delay})`);
      await pause(800);
      expect(h.all('rac-switched').length, `delay ${delay}`).to.be.at.most(1);
      expect(h.all('rac-stale'), `delay ${delay}`).to.have.length(0);
      expect(h.all('rac-tabs-reload'), `delay ${delay}`).to.have.length(0);
      h.el.remove();
    }
  });

  it('defect 6: at most 2 automatic reloads per target region in 10 minutes; then the toast says why and only its button reloads', async () => {
    const { h, s } = await start({ 'stale-after': '0.3' });
    for (let n = 1; n <= 3; n++) {
      await s.traffic(B, { hold: true }); // detected, but the move never comes
      await h.event('rac-stale', { nth: n });
      if (n < 3) {
        await until(() => h.all('rac-tabs-reload').filter((e) => e.stage === 'done').length === n, 10000, `reload ${n} done`);
        await until(() => h.el.phase === 'ready', 5000, 'ready again');
      }
      await s.cancelSwitch();
    }
    await pause(500);
    expect(reloads(h).map((e) => e.reason)).to.deep.equal(['stale', 'stale']);
    const toast = await h.toast('refresh-needed');
    expect(toast.text).to.contain('2 times').and.contain('10 minutes');
    expect(toast.hasRefresh).to.equal(true);
  });

  it('defect 7: a call that starts after the detection stops the stale clock; "refresh" never shows mid-call', async () => {
    const { h, s } = await start({ 'stale-after': '0.5', 'reload-mode': 'manual' });
    await s.traffic(B, { hold: true });
    await h.event('rac-switch-detected');
    const call = await s.addContact('voice');
    await h.event('rac-switch-pending');
    await pause(1200);
    expect(h.all('rac-stale')).to.have.length(0);
    expect(h.toasts().some((t) => t.kind === 'refresh-needed')).to.equal(false);
    await s.endContact(call, { acwMs: 50 });
    const stale = await h.event('rac-stale');
    expect(stale.to).to.equal(B);
  });

  it('defect 9: a move that left the agent Offline does not make the next one set them Available (was-routable)', async () => {
    const { h, s } = await start({ 'auto-available': true });
    h.el.retryPolicy = { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 10, firstSpreadMs: 0 };
    await s.faults({ setStateFailures: 1 });
    await s.traffic(B);
    await h.event('rac-auto-available-failed');
    await s.traffic(A);
    await h.event('rac-switched', { nth: 2 });
    await pause(500);
    expect((await s.requests({ method: 'putAgentState', region: A })).length).to.equal(0);
    expect(h.all('rac-agent-available')).to.have.length(0);
    expect((await h.toast('offline')).text).to.contain('Offline');
  });

  it('defect 10: the agent\'s own pick (Offline again, at the end of a shift) while retries run stops them', async () => {
    const { h, s } = await start({ 'auto-available': true });
    // The first attempt hangs until its timeout: the agent picks a state meanwhile (full jitter could
    // send the retry at once after a failure, so the pick is made while an attempt is out).
    h.el.retryPolicy = { maxAttempts: 5, baseDelayMs: 600, maxDelayMs: 600, attemptTimeoutMs: 1000, firstSpreadMs: 0 };
    await s.faults({ setStateHangs: 10 });
    await s.traffic(B);
    await until(async () => (await s.requests({ method: 'putAgentState', region: B })).length === 1, 8000, 'first attempt');
    await s.setAgentState('Offline', { region: B }); // same type, a new start time: the agent's own choice
    await pause(2000);
    expect((await s.requests({ method: 'putAgentState', region: B })).length).to.equal(1);
    expect(h.all('rac-auto-available-failed')).to.have.length(0);
    expect(h.all('rac-agent-available')).to.have.length(0);
  });

  it('herd safety: the first auto-available request waits its random spread; a state the agent picks meanwhile wins', async () => {
    const { h, s } = await start({ 'auto-available': true });
    h.el.retryPolicy = { ...h.el.retryPolicy, firstSpreadMs: 60_000 };
    const random = Math.random;
    Math.random = () => 0.05; // a 3 s wait (firstDelayMs)
    try {
      await s.traffic(B);
      await h.event('rac-switched');
      await pause(1500);
      expect(await s.requests({ method: 'putAgentState', region: B })).to.have.length(0);
      await s.setAgentState('Break', { region: B }); // the agent's own choice during the wait
      await pause(2500);
      expect(await s.requests({ method: 'putAgentState', region: B })).to.have.length(0);
      expect(h.all('rac-agent-available')).to.have.length(0);
      expect(h.all('rac-auto-available-failed')).to.have.length(0);
    } finally {
      Math.random = random;
    }
  });

  it('defect 11: rac-switched carries detectedAt and completedAt, rac-agent-available the Offline time, from the server\'s timestamps', async () => {
    const { h, s } = await start({ 'auto-available': true });
    const t0 = Date.now();
    await s.traffic(B);
    const switched = await h.event('rac-switched');
    const available = await h.event('rac-agent-available');
    const st = await s.state();
    expect(switched.detectedAt).to.be.a('number');
    expect(switched.detectedAt!).to.be.within(t0 - 1000, switched.completedAt);
    expect(switched.completedAt).to.be.within(t0 - 1000, Date.now() + 1000);
    const offlineSince = st.switches[0].initiatedAt!;
    const availableSince = new Date(st.agent[B].since).getTime();
    expect(available.offlineMs).to.equal(availableSince - offlineSince);
  });
});
