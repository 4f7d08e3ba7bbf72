// Issue 13: one owner for the CCP's life. With the real Streams on the simulator and a live call (a
// voice call, and a queued callback, which is a call too), nothing the page does to the element
// restarts the CCP: attribute changes, new or equal `ccpOptions`, an invalid attribute, a
// `moveBefore` move. The change that needs a new CCP applies once, after the call; then reloads work.
import { expect } from '@open-wc/testing';
import { mount, until, type CcpHarness, releaseAll } from '../helpers/element-harness.js';
import { newSession } from '../helpers/sim.js';
import type { ContactType, Session } from '../../simulator/client.mjs';
import { TabCoordinator } from '../../src/tabs/tab-coordinator.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
const connect = (window as any).connect;

/** The agent's contacts as this page's Streams sees them. */
function streamsContacts(): string[] {
  try {
    return new connect.Agent().getContacts().map((c: any) => String(c.getStatus().type));
  } catch {
    return [];
  }
}

describe('<region-aware-ccp> keeps the CCP while a call is live (issue 13)', function () {
  this.timeout(60000);
  let h: CcpHarness;
  let s: Session;
  const infos: string[] = [];
  const realInfo = console.info;

  beforeEach(() => {
    infos.length = 0;
    console.info = (...args: unknown[]) => (infos.push(args.join(' ')), realInfo.apply(console, args));
  });
  afterEach(async () => {
    console.info = realInfo;
    await releaseAll();
  });

  async function start(attrs: Record<string, string | boolean> = {}) {
    s = await newSession();
    h = mount(s, attrs);
    await h.event('rac-ready');
    await until(() => h.el.phase === 'ready', 5000, 'phase ready');
  }

  async function call(type: ContactType): Promise<string> {
    const id = await s.addContact(type);
    await until(() => streamsContacts().includes('connected'), 5000, 'the call in Streams');
    return id;
  }

  /** What the agent would lose: the CCP's iframes (the same elements, never reloaded) and the call. */
  async function snapshot() {
    const state = await s.state();
    return { frames: h.frames(), loads: state.pageLoads, contacts: state.contacts.map((c) => `${c.contactId}:${c.state}`) };
  }

  async function expectKept(before: Awaited<ReturnType<typeof snapshot>>, what: string) {
    await h.el.updateComplete;
    await new Promise((r) => setTimeout(r, 250)); // time for a restart to show, if one happened
    const now = await snapshot();
    expect(now.frames, `${what}: the same iframes`).to.deep.equal(before.frames);
    expect(now.frames.every((f) => f.isConnected), `${what}: iframes in the page`).to.equal(true);
    expect(now.loads, `${what}: no CCP page loaded again`).to.deep.equal(before.loads);
    expect(now.contacts, `${what}: the call is live`).to.deep.equal(before.contacts);
    expect(streamsContacts(), `${what}: Streams still has the call`).to.deep.equal(['connected']);
    expect(h.all('rac-ready'), `${what}: no new CCP`).to.have.length(1);
  }

  for (const type of ['voice', 'queue_callback'] as const) {
    it(`${type}: every CCP attribute, new and equal ccpOptions, an invalid attribute and moveBefore keep the CCP; the change applies once after the call; reloads work again`, async () => {
      await start();
      const other = await newSession();
      const id = await call(type);
      const before = await snapshot();

      const changes: Array<[string, () => void]> = [
        ['ccp-url', () => h.el.setAttribute('ccp-url', other.ccpUrl)],
        ['secondary-ccp-url', () => h.el.setAttribute('secondary-ccp-url', other.secondaryCcpUrl!)],
        ['login-url', () => h.el.setAttribute('login-url', other.loginUrl)],
        ['region', () => h.el.setAttribute('region', 'us-east-1')],
        ['reload-mode', () => h.el.setAttribute('reload-mode', 'manual')],
        ['channel', () => h.el.setAttribute('channel', `rac-test-${other.id}`)],
        ['a new ccpOptions', () => (h.el.ccpOptions = { ccpLoadTimeout: 3000, pageOptions: { enableAudioDeviceSettings: true } })],
      ];
      for (const [what, change] of changes) {
        const told = infos.length;
        change();
        await expectKept(before, what);
        expect(infos.slice(told).some((m) => /live voice call/.test(m)), `${what}: console.info says it waits`).to.equal(true);
      }

      // An equal object (an inline literal on every render) is no change at all: not even a message.
      const told = infos.length;
      h.el.ccpOptions = { pageOptions: { enableAudioDeviceSettings: true }, ccpLoadTimeout: 3000 };
      await expectKept(before, 'an equal ccpOptions');
      expect(infos.slice(told)).to.deep.equal([]);

      // An invalid attribute: the error is shown, the running CCP stays.
      h.el.setAttribute('reload-mode', 'hard');
      const err = await h.event('rac-error');
      expect(err.code).to.equal('config');
      expect((await h.toast('error')).role).to.equal('alert');
      await expectKept(before, 'an invalid attribute');
      h.el.setAttribute('reload-mode', 'manual'); // fixed: the error goes
      await until(() => !h.toasts().some((t) => t.kind === 'error'), 3000, 'the config error to go');

      // A state-preserving move (Chrome 133+): CCP, iframes and toasts stay. Firefox 153 has
      // moveBefore, but a moved element's CCP pages load again there (measured in this test: each
      // region's CCP loaded twice), which no element can prevent: the move is made in Chromium only.
      h.el.ccpOptions = { ...h.el.ccpOptions }; // still equal
      const box = document.createElement('section');
      document.body.append(box);
      expect(typeof (box as any).moveBefore).to.equal('function');
      if (/Chrome\//.test(navigator.userAgent)) {
        (box as any).moveBefore(h.el, null);
        expect(h.el.parentElement).to.equal(box);
        await expectKept(before, 'moveBefore');
      }

      // The call ends: the waiting change applies, once, in the other session.
      await s.endContact(id);
      await h.event('rac-ready', { nth: 2 });
      await new Promise((r) => setTimeout(r, 500));
      expect(h.all('rac-ready')).to.have.length(2);
      expect(h.frames().map((f) => new URL(f.src).origin)).to.have.members([new URL(other.ccpUrl).origin, new URL(other.secondaryCcpUrl!).origin]);
      expect(h.frames()[0].src).to.contain(`/s/${other.id}/`);
      expect(h.frames().some((f) => before.frames.includes(f))).to.equal(false);

      // The tab set knows the call is over: a reload runs to the end, with no wait for a call.
      await until(() => h.el.phase === 'ready', 10000, 'phase ready');
      h.el.reloadAllTabs('test');
      await until(() => h.all('rac-tabs-reload').some((e) => e.stage === 'done'), 15000, 'reload done');
      expect(h.all('rac-tabs-reload').map((e) => e.stage)).to.not.include('waiting-for-call');
      expect(h.all('rac-ready')).to.have.length(3);
      box.remove();
      await other.delete();
    });
  }

  it('without a call: an equal ccpOptions changes nothing, a different one starts a new CCP at once', async () => {
    await start();
    const frames = h.frames();
    h.el.ccpOptions = { ccpLoadTimeout: 3000 }; // the harness set this same value
    await h.el.updateComplete;
    await new Promise((r) => setTimeout(r, 300));
    expect(h.frames()).to.deep.equal(frames);
    expect(h.all('rac-ready')).to.have.length(1);
    h.el.ccpOptions = { ccpLoadTimeout: 4000 };
    await h.event('rac-ready', { nth: 2 });
    expect(infos.filter((m) => /live voice call/.test(m))).to.deep.equal([]);
  });

  it('a change while a coordinated reload has the CCP torn down waits for the reinit: no CCP beside the barrier, one start in the new settings', async () => {
    const channel = `rac-test-held-${Date.now()}`;
    await start({ channel });
    const other = await newSession();
    // Another tab of the set, slow to tear down: the barrier holds this tab torn down until it acks.
    let release: (() => void) | undefined;
    const peer = new TabCoordinator({
      channelName: channel,
      hooks: { teardown: () => new Promise<void>((r) => (release = r)), reinit: () => undefined, onStage: () => undefined },
    });
    peer.start();
    try {
      await new Promise((r) => setTimeout(r, 300)); // past the peer's join window
      h.el.reloadAllTabs('test');
      await until(() => !!release && h.frames().length === 0, 5000, 'both tabs tearing down');
      h.el.setAttribute('ccp-url', other.ccpUrl);
      h.el.setAttribute('secondary-ccp-url', other.secondaryCcpUrl!);
      h.el.setAttribute('login-url', other.loginUrl);
      await h.el.updateComplete;
      await new Promise((r) => setTimeout(r, 500));
      expect(h.frames(), 'no CCP while the barrier tears down').to.have.length(0);
      expect(h.all('rac-ready')).to.have.length(1);
      release!();
      await h.event('rac-ready', { nth: 2 });
      await until(() => h.all('rac-tabs-reload').some((e) => e.stage === 'done'), 10000, 'reload done');
      await new Promise((r) => setTimeout(r, 500));
      expect(h.all('rac-ready'), 'one start, in the reinit').to.have.length(2);
      expect(h.frames()[0].src).to.contain(`/s/${other.id}/`);
      expect((await other.state()).pageLoads, 'each CCP of the new settings loaded once').to.satisfy((loads: Record<string, number>) => Object.values(loads).every((n) => n === 1));
    } finally {
      peer.dispose();
      await other.delete();
    }
  });

  it('moveBefore without a call keeps the CCP and the toasts, and informational toasts time out again', async () => {
    await start({ 'toast-timeout': '0.3' });
    await s.traffic('us-west-2');
    await h.toast('switched');
    const frames = h.frames();
    const box = document.createElement('section');
    document.body.append(box);
    // The pointer was over the toasts when the element moved: no pointerleave reaches it.
    h.el.shadowRoot!.querySelector('.toasts')!.dispatchEvent(new PointerEvent('pointerenter'));
    (box as any).moveBefore(h.el, null);
    expect(h.frames()).to.deep.equal(frames);
    expect(h.toasts().some((t) => t.kind === 'switched')).to.equal(true);
    await until(() => !h.toasts().some((t) => t.kind === 'switched'), 3000, 'the switched toast to time out');
    expect(h.all('rac-ready')).to.have.length(1);
    box.remove();
  });

  it('the "moving after this call" toast stays while the call is live, whatever else shows', async () => {
    await start({ 'reload-mode': 'manual' });
    const id = await call('queue_callback');
    await s.traffic('us-west-2');
    await h.toast('switch-pending');
    // Other toasts come and go: a reload request waiting for the call, an error.
    h.el.reloadAllTabs('test');
    await h.toast('reload');
    h.el.setAttribute('reload-mode', 'hard');
    await h.toast('error');
    h.el.setAttribute('reload-mode', 'manual');
    await new Promise((r) => setTimeout(r, 300));
    expect(h.toasts().some((t) => t.kind === 'switch-pending')).to.equal(true);
    await s.endContact(id);
    await h.event('rac-switched');
    await until(() => !h.toasts().some((t) => t.kind === 'switch-pending'), 5000, 'the pending toast to go');
  });
});
