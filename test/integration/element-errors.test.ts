// Bad input and failing CCPs: a clear error (event + toast + console), nothing half-initialised,
// nothing thrown into the host page.
import { expect } from '@open-wc/testing';
import { mount, until, type CcpHarness, releaseAll } from '../helpers/element-harness.js';
import { newSession } from '../helpers/sim.js';
import type { Session } from '../../simulator/client.mjs';

describe('<region-aware-ccp> errors', function () {
  this.timeout(30000);
  let h: CcpHarness | null = null;
  let session: Session | null = null;
  const realOpen = window.open;

  afterEach(async () => {
    window.open = realOpen;
    await releaseAll();
  });

  const bad: Array<[string, Record<string, string>, RegExp]> = [
    ['a missing ccp-url', {}, /ccp-url is required/],
    ['an http ccp-url that is not localhost', { 'ccp-url': 'http://acme.my.connect.aws/ccp-v2/' }, /https/],
    ['a ccp-url that is not a URL', { 'ccp-url': 'acme' }, /absolute URL/],
    ['a bad reload-mode', { 'ccp-url': 'https://acme.my.connect.aws/ccp-v2/', 'reload-mode': 'hard' }, /reload-mode/],
    ['a negative stale-after', { 'ccp-url': 'https://acme.my.connect.aws/ccp-v2/', 'stale-after': '-3' }, /stale-after/],
  ];
  for (const [what, attrs, message] of bad) {
    it(`reports ${what} and initialises nothing`, async () => {
      h = mount(null, attrs);
      const err = await h.event('rac-error');
      expect(err.code).to.equal('config');
      expect(err.message).to.match(message);
      const toast = await h.toast('error');
      expect(toast.role).to.equal('alert');
      await new Promise((r) => setTimeout(r, 200));
      expect(h.frames()).to.have.length(0);
      expect(h.el.phase).to.equal('error');
    });
  }

  it('recovers when a bad attribute is fixed', async () => {
    session = await newSession();
    h = mount(session, { 'reload-mode': 'hard' });
    await h.event('rac-error');
    h.el.setAttribute('reload-mode', 'ccp');
    const ready = await h.event('rac-ready');
    expect(ready.region).to.equal('us-east-1');
    expect(h.toasts().filter((t) => t.kind === 'error')).to.have.length(0);
  });

  it('reports a Global Resiliency configure error from the secondary region', async () => {
    session = await newSession();
    await session.faults({ globalSigninInvalid: true });
    h = mount(session);
    const err = await h.event('rac-error');
    expect(err.code).to.equal('configure-error');
    const toast = await h.toast('error');
    expect(toast.hasRefresh).to.equal(true);
  });

  it('reports a CCP that never loads once Streams gives up, with no uncaught errors', async () => {
    session = await newSession({ singleRegion: true });
    await session.faults({ neverLoad: ['us-east-1'] });
    window.open = () => ({ closed: false, close() {}, focus() {} }) as unknown as Window; // the sign-in popup "opens"
    h = mount(session);
    h.el.ccpOptions = { ccpLoadTimeout: 150 };
    // Before it gives up, Streams asks for a sign-in (without a user gesture: a button is offered).
    await until(() => h!.all('rac-error').some((e) => e.code === 'load-timeout'), 20000, 'load-timeout');
    await h.toast('error');
    expect(h.pageErrors()).to.deep.equal([]);
  });

  /** The sign-in toast's button, once Streams asked for a sign-in. */
  async function signInButton(): Promise<HTMLButtonElement> {
    const err = await h!.event('rac-error');
    expect(err.code).to.equal('login-popup-blocked');
    expect((await h!.toast('error')).text).to.match(/pop-ups/);
    const button = h!.el.shadowRoot!.querySelector<HTMLButtonElement>('[part="toast-action"][data-action="sign-in"]');
    expect(button?.textContent?.trim()).to.equal('Sign in');
    return button!;
  }

  it('a blocked sign-in popup: the toast offers a Sign in button, whose click opens the sign-in page', async () => {
    session = await newSession({ singleRegion: true });
    await session.faults({ neverLoad: ['us-east-1'] });
    const opened: string[] = [];
    let blocked = true; // what a popup blocker does: null
    window.open = (url?: string | URL) => (opened.push(String(url)), blocked ? null : ({ closed: false, close() {}, focus() {} } as unknown as Window));
    // So that Streams' own attempt is made at all, the page has a user activation.
    Object.defineProperty(navigator, 'userActivation', { configurable: true, value: { isActive: true, hasBeenActive: true } });
    try {
      h = mount(session, { 'login-url': session.loginUrl });
      h.el.ccpOptions = { ccpLoadTimeout: 300 };
      const button = await signInButton();
      expect(opened[0]).to.equal(session.loginUrl);
      blocked = false;
      delete (navigator as unknown as Record<string, unknown>).userActivation; // the click is the gesture now
      const before = opened.length;
      button.click();
      expect(opened.slice(before)).to.deep.equal([session.loginUrl]);
      await until(() => !h!.toasts().some((t) => t.kind === 'error' && /pop-ups/.test(t.text)), 3000, 'the sign-in toast to go');
    } finally {
      delete (navigator as unknown as Record<string, unknown>).userActivation;
    }
  });

  it('without a user gesture (a reload another tab asked for) the popup is not even tried: the button is offered', async () => {
    session = await newSession({ singleRegion: true });
    await session.faults({ neverLoad: ['us-east-1'] });
    const opened: string[] = [];
    window.open = (url?: string | URL) => (opened.push(String(url)), { closed: false, close() {}, focus() {} }) as unknown as Window;
    h = mount(session, { 'login-url': session.loginUrl });
    h.el.ccpOptions = { ccpLoadTimeout: 300 };
    expect(navigator.userActivation.isActive).to.equal(false);
    const button = await signInButton();
    expect(opened).to.deep.equal([]);
    button.click();
    expect(opened).to.deep.equal([session.loginUrl]);
  });

  it('without BroadcastChannel: says so, and the CCP still works and reloads in this tab', async () => {
    const real = window.BroadcastChannel;
    // @ts-expect-error simulating a browser without it
    delete window.BroadcastChannel;
    try {
      session = await newSession();
      h = mount(session);
      const err = await h.event('rac-error');
      expect(err.code).to.equal('tabs-unavailable');
      await h.event('rac-ready');
      h.el.reloadAllTabs('test');
      await h.event('rac-ready', { nth: 2 });
      expect(h.all('rac-tabs-reload').map((e) => e.stage)).to.include.members(['teardown', 'reinit']);
    } finally {
      window.BroadcastChannel = real;
    }
  });

  it('without Web Locks: elects a leader over the channel and reloads', async () => {
    const desc = Object.getOwnPropertyDescriptor(Navigator.prototype, 'locks')!;
    Object.defineProperty(Navigator.prototype, 'locks', { configurable: true, get: () => undefined });
    try {
      session = await newSession();
      h = mount(session);
      await h.event('rac-ready');
      h.el.reloadAllTabs('test');
      await h.event('rac-ready', { nth: 2 });
      await until(() => h!.all('rac-tabs-reload').some((e) => e.stage === 'done'), 5000, 'reload done');
      expect(h.all('rac-error')).to.deep.equal([]);
    } finally {
      Object.defineProperty(Navigator.prototype, 'locks', desc);
    }
  });

  it('single-region mode: hosts one CCP and still reports ready', async () => {
    session = await newSession({ singleRegion: true });
    h = mount(session);
    const ready = await h.event('rac-ready');
    expect(ready).to.deep.equal({ region: 'us-east-1', ccpUrl: session.ccpUrl });
    expect(h.frames()).to.have.length(1);
    await until(() => h!.el.phase === 'ready');
  });

  it('a second element in the same page reports that Streams allows one CCP per page', async () => {
    session = await newSession();
    h = mount(session);
    await h.event('rac-ready');
    const second = mount(session);
    try {
      const err = await second.event('rac-error');
      expect(err.code).to.equal('init-failed');
      expect(err.message).to.match(/one per page/);
      expect(h.frames()).to.have.length(2);
    } finally {
      second.el.remove();
    }
  });
});
