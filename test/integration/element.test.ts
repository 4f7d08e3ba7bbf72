// <region-aware-ccp> with the real amazon-connect-streams against the CCP simulator: each seed
// fact (F1–F9) as an agent or a host page would notice it.
import { expect } from '@open-wc/testing';
import { mount, until, type CcpHarness, releaseAll } from '../helpers/element-harness.js';
import { newSession } from '../helpers/sim.js';
import type { Session } from '../../simulator/client.mjs';
import '../../src/i18n/de.js';

describe('<region-aware-ccp> on the simulator', function () {
  this.timeout(30000);
  let h: CcpHarness | null = null;
  let session: Session | null = null;

  afterEach(releaseAll);

  async function start(attrs: Record<string, string | boolean> = {}, opts = {}) {
    session = await newSession(opts);
    h = mount(session, attrs);
    await h.event('rac-ready');
    await until(() => h!.el.phase === 'ready', 5000, 'phase ready');
    return { h, s: session };
  }

  it('hosts the CCP in the active region and reports ready', async () => {
    const { h, s } = await start();
    const ready = h.all('rac-ready')[0];
    expect(ready).to.deep.equal({ region: 'us-east-1', ccpUrl: s.ccpUrl });
    expect(h.el.activeRegion).to.equal('us-east-1');
    expect(h.frames()).to.have.length(2);
    expect(h.visibleOrigin()).to.equal(new URL(s.ccpUrl).origin);
  });

  it('F3/F5/F9: tells the agent they were moved and are Offline, with the new instance URL', async () => {
    const { h, s } = await start();
    await s.traffic('us-west-2');
    const switched = await h.event('rac-switched');
    expect(switched).to.deep.include({ from: 'us-east-1', to: 'us-west-2', ccpUrl: s.secondaryCcpUrl, endedContacts: [] });
    expect(switched.completedAt).to.be.a('number');
    expect(h.all('rac-switch-detected')).to.deep.equal([{ from: 'us-east-1', to: 'us-west-2' }]);
    const toast = await h.toast('switched');
    expect(toast.text).to.contain('us-east-1').and.contain('us-west-2');
    expect(toast.role).to.equal('status');
    expect((await h.toast('offline')).text).to.contain('Offline');
    expect(h.el.activeRegion).to.equal('us-west-2');
    expect(h.visibleOrigin()).to.equal(new URL(s.secondaryCcpUrl!).origin);
  });

  it('F1: with a live voice call the switch waits, nothing is torn down, and the agent is told', async () => {
    const { h, s } = await start();
    const call = await s.addContact('voice');
    await until(async () => (await s.state()).contacts.length === 1);
    const framesBefore = h.frames();
    await s.traffic('us-west-2');
    const pending = await h.event('rac-switch-pending');
    expect(pending.to).to.equal('us-west-2');
    expect(pending.voiceContactIds).to.deep.equal([call]);
    const toast = await h.toast('switch-pending');
    expect(toast.text).to.contain('after this call');
    expect(h.el.phase).to.equal('switch-pending');
    expect(h.all('rac-switched')).to.have.length(0);
    expect(h.frames()).to.deep.equal(framesBefore);
    await s.endContact(call);
    const switched = await h.event('rac-switched');
    expect(switched.to).to.equal('us-west-2');
    expect(h.frames()).to.deep.equal(framesBefore);
    expect(h.all('rac-tabs-reload')).to.have.length(0);
  });

  it('F2: names the chats and tasks the switch ended', async () => {
    const { h, s } = await start();
    const chat = await s.addContact('chat');
    const task = await s.addContact('task');
    await until(async () => (await s.state()).contacts.length === 2);
    await new Promise((r) => setTimeout(r, 300)); // let the snapshot with both contacts reach the page
    await s.traffic('us-west-2');
    const switched = await h.event('rac-switched');
    expect(switched.endedContacts).to.have.deep.members([
      { id: chat, type: 'chat' },
      { id: task, type: 'task' },
    ]);
    const toast = await h.toast('contacts-ended');
    expect(toast.text).to.contain('1 chat (Jane Doe · BasicQueue), 1 task (Follow up: order 88213 · BasicQueue)');
    expect(toast.text).to.not.contain(chat).and.not.contain(task); // the ids are in the event
  });

  it('F4: auto-available sets the new region\'s Available state once and says so', async () => {
    const { h, s } = await start({ 'auto-available': true });
    await s.setAgentState('Available');
    await until(async () => (await s.state()).agent['us-east-1'].state.type === 'routable');
    await new Promise((r) => setTimeout(r, 300));
    await s.traffic('us-west-2');
    const available = await h.event('rac-agent-available');
    expect(available).to.deep.include({ region: 'us-west-2', automatic: true });
    expect(available.offlineMs).to.be.at.least(0);
    const toast = await h.toast('status');
    expect(toast.text).to.contain('Available').and.contain('us-west-2');
    const sets = await s.requests({ method: 'putAgentState' });
    const west = sets.filter((r) => r.region === 'us-west-2');
    expect(west).to.have.length(1);
    expect(JSON.stringify(west[0].params)).to.contain(':us-west-2:');
  });

  it('F4: was-routable policy leaves an agent who was not routable Offline', async () => {
    const { h, s } = await start({ 'auto-available': true });
    await s.setAgentState('Break');
    await new Promise((r) => setTimeout(r, 300)); // the Break snapshot reaches the page
    await s.traffic('us-west-2');
    await h.event('rac-switched');
    const toast = await h.toast('offline');
    expect(toast.text).to.contain('Offline');
    await new Promise((r) => setTimeout(r, 300));
    expect((await s.requests({ method: 'putAgentState' })).length).to.equal(0);
    expect(h.all('rac-agent-available')).to.have.length(0);
  });

  it('F4: a failing setState is retried with backoff, then reported once', async () => {
    const { h, s } = await start({ 'auto-available': true, 'auto-available-policy': 'always' });
    h.el.retryPolicy = { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 40, firstSpreadMs: 0 };
    await s.faults({ setStateFailures: 10 });
    await s.traffic('us-west-2');
    const failed = await h.event('rac-auto-available-failed');
    expect(failed.region).to.equal('us-west-2');
    expect(failed.attempts).to.equal(3);
    expect(failed.error).to.not.equal('');
    const toast = await h.toast('error');
    expect(toast.role).to.equal('alert');
    await new Promise((r) => setTimeout(r, 200));
    expect((await s.requests({ method: 'putAgentState', region: 'us-west-2' })).length).to.equal(3);
  });

  it('F6: a switch detected but not completed in time goes stale and offers a refresh (manual mode)', async () => {
    const { h, s } = await start({ 'stale-after': '0.3', 'reload-mode': 'manual' });
    const call = await s.addContact('voice');
    await until(async () => (await s.state()).contacts.length === 1);
    await s.traffic('us-west-2');
    await h.event('rac-switch-pending');
    // While the call is live the clock does not run, however long the wait.
    await new Promise((r) => setTimeout(r, 600));
    expect(h.all('rac-stale')).to.have.length(0);
    await s.dropContact(call); // the switch never completes: the call ended abnormally (F8) too
    const toast = await h.toast('refresh-needed');
    expect(toast.hasRefresh).to.equal(true);
    expect(h.all('rac-tabs-reload')).to.have.length(0);
  });

  it('F8: a call dropped during a switch reloads the CCP, which comes back in the new region', async () => {
    const { h, s } = await start();
    const call = await s.addContact('voice');
    await until(async () => (await s.state()).contacts.length === 1);
    await s.traffic('us-west-2');
    await h.event('rac-switch-pending');
    await s.dropContact(call);
    await h.toast('refresh-needed');
    await until(() => h.el.activeRegion === 'us-west-2', 15000, 'region us-west-2');
    expect(h.pageErrors()).to.deep.equal([]);
  });

  it('forceFailover() completes a switch that waits, when the host page decides to', async () => {
    const { h, s } = await start();
    await s.addContact('voice');
    await until(async () => (await s.state()).contacts.length === 1);
    await s.traffic('us-west-2');
    await h.event('rac-switch-pending');
    h.el.forceFailover();
    const switched = await h.event('rac-switched');
    expect(switched.to).to.equal('us-west-2');
    expect((await s.state()).switches[0].forced).to.equal(true);
  });

  it('removing the element releases the CCP: no iframes, no errors afterwards', async () => {
    const { h } = await start();
    const frames = h.frames();
    h.el.remove();
    expect(frames.every((f) => !f.isConnected)).to.equal(true);
    await new Promise((r) => setTimeout(r, 1500));
    expect(h.pageErrors()).to.deep.equal([]);
  });

  it('changing ccp-url at runtime re-initialises cleanly in the other session', async () => {
    const { h } = await start();
    const other = await newSession({ activeRegion: 'us-west-2' });
    h.el.setAttribute('ccp-url', other.ccpUrl);
    h.el.setAttribute('secondary-ccp-url', other.secondaryCcpUrl!);
    await h.event('rac-ready', { nth: 2 });
    expect(h.all('rac-ready')[1].region).to.equal('us-west-2');
    expect(h.frames()).to.have.length(2);
    expect(h.pageErrors()).to.deep.equal([]);
    await other.delete();
  });

  it('moving the element in the page starts the CCP again, once', async () => {
    const { h } = await start();
    const box = document.createElement('section');
    document.body.append(box);
    box.append(h.el);
    await h.event('rac-ready', { nth: 2 });
    expect(h.frames()).to.have.length(2);
    expect(h.el.phase).to.equal('ready');
    expect(h.pageErrors()).to.deep.equal([]);
    box.remove();
  });

  it('speaks German with lang="de"', async () => {
    const { h, s } = await start({ lang: 'de' });
    await s.traffic('us-west-2');
    const toast = await h.toast('switched');
    expect(toast.text).to.contain('verschoben');
  });

  it('says so in the console when lang names a language with no translation, and speaks English', async () => {
    const warn = console.warn;
    const warnings: string[] = [];
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      const { h, s } = await start({ lang: 'pt-BR' });
      expect(warnings.filter((w) => w.includes('"pt-BR"'))).to.have.length(1);
      expect(warnings[0]).to.contain('registerTranslation');
      await s.traffic('us-west-2');
      expect((await h.toast('switched')).text).to.contain('You were moved');
    } finally {
      console.warn = warn;
    }
  });

  it('takes its language from the nearest lang (a section around it), sets none on itself, and re-words the toasts when it changes', async () => {
    session = await newSession();
    const section = document.createElement('section');
    section.lang = 'de';
    document.body.append(section);
    try {
      h = mount(session, {}, section);
      await h.event('rac-ready');
      expect(h.el.hasAttribute('lang')).to.equal(false);
      await session.traffic('us-west-2');
      expect((await h.toast('switched')).text).to.contain('verschoben');
      expect(h.el.shadowRoot!.querySelector('.toasts')!.getAttribute('lang')).to.equal('de');
      section.lang = 'en-GB';
      await until(() => h!.toasts().some((t) => t.kind === 'switched' && t.text.includes('You were moved')), 3000, 'the toast in English');
      expect(h.el.shadowRoot!.querySelector('.toasts')!.getAttribute('lang')).to.equal('en');
    } finally {
      section.remove();
    }
  });

  it("the agent's own state wins: picking Offline by hand while auto-available retries stops them (the state's start time differs)", async () => {
    const { h, s } = await start({ 'auto-available': true });
    h.el.retryPolicy = { maxAttempts: 6, baseDelayMs: 400, maxDelayMs: 400, firstSpreadMs: 0 };
    await s.setAgentState('Available');
    await new Promise((r) => setTimeout(r, 300));
    await s.faults({ setStateFailures: 20 });
    await s.traffic('us-west-2');
    await until(async () => (await s.requests({ method: 'putAgentState', region: 'us-west-2' })).length >= 1, 10000, 'the first attempt');
    expect((await h.toast('status')).text).to.contain('Setting you Available');
    await s.setAgentState('Offline', { region: 'us-west-2' }); // end of shift: Offline again, a new Offline
    const sent = (await s.requests({ method: 'putAgentState', region: 'us-west-2' })).length;
    await new Promise((r) => setTimeout(r, 1500)); // several backoffs
    expect((await s.requests({ method: 'putAgentState', region: 'us-west-2' })).length).to.be.at.most(sent + 1);
    const after = (await s.requests({ method: 'putAgentState', region: 'us-west-2' })).length;
    await new Promise((r) => setTimeout(r, 1000));
    expect((await s.requests({ method: 'putAgentState', region: 'us-west-2' })).length).to.equal(after);
    expect(h.all('rac-auto-available-failed')).to.deep.equal([]);
    expect(h.toasts().some((t) => t.text.includes('Setting you Available'))).to.equal(false);
  });
});
