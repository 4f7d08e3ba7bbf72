// The agent's auto-available option (issue 18), with the real amazon-connect-streams 2.28.2 on the
// CCP simulator: what the agent sees and does with it, what it remembers, and the setState calls it
// leads to. Several tabs: test/e2e/auto-available-option.test.mjs.
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { mount, until, type CcpHarness, releaseAll } from '../helpers/element-harness.js';
import { newSession } from '../helpers/sim.js';
import type { Session } from '../../simulator/client.mjs';
import '../../src/i18n/de.js';
import { parseConfig } from '../../src/config/config.js';

const B = 'us-west-2';
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Where the agent's choice is kept: per instance (the tab channel) and agent (the simulator's is `sim.agent`). */
const channelOf = (ccpUrl: string) => {
  const none = { secondaryCcpUrl: null, loginUrl: null, region: null, autoAvailable: false, autoAvailablePolicy: null, staleAfter: null, reloadMode: null, reloadJitter: null, toastTimeout: null, channel: null };
  const parsed = parseConfig({ ...none, ccpUrl });
  if (!parsed.ok) throw new Error(`bad simulator CCP URL ${ccpUrl}`);
  return parsed.config.channel;
};
const keyOf = (s: Session, agent = 'sim.agent') => `${channelOf(s.ccpUrl)}#auto-available#${agent}`;

describe('<region-aware-ccp> the agent\'s auto-available option (issue 18)', function () {
  this.timeout(30000);
  afterEach(async () => {
    await releaseAll();
    localStorage.clear();
  });

  async function start(attrs: Record<string, string | boolean> = {}): Promise<{ h: CcpHarness; s: Session }> {
    const s = await newSession();
    const h = mount(s, attrs);
    await h.event('rac-ready');
    await until(() => h.el.phase === 'ready', 5000, 'phase ready');
    return { h, s };
  }
  const option = (h: CcpHarness) => h.el.shadowRoot!.querySelector<HTMLButtonElement>('[part="auto-available-toggle"]');
  const puts = (s: Session) => s.requests({ method: 'putAgentState', region: B });

  it('shows a switch below the CCP, not over it, in English; a click turns it on, says so and keeps it for the agent', async () => {
    const { h, s } = await start();
    const opt = option(h)!;
    expect(opt.getAttribute('role')).to.equal('switch');
    expect(opt.getAttribute('aria-checked')).to.equal('false');
    expect(opt.textContent!.trim()).to.equal('Set me Available after a region switch');
    const ccp = h.el.shadowRoot!.querySelector('[part="ccp"]')!.getBoundingClientRect();
    const bar = opt.getBoundingClientRect();
    expect(bar.top).to.be.at.least(ccp.bottom);
    expect(bar.height).to.be.within(20, 40);
    expect(h.el.autoAvailable).to.equal(false);
    opt.click();
    await until(() => opt.getAttribute('aria-checked') === 'true', 2000, 'checked');
    expect(h.el.autoAvailable).to.equal(true);
    expect(h.el.hasAttribute('auto-available')).to.equal(false); // the organisation's default is unchanged
    expect(h.all('rac-auto-available-change')).to.deep.equal([{ enabled: true, source: 'agent' }]);
    expect(localStorage.getItem(keyOf(s))).to.equal('1');
  });

  it('speaks German and is operated with the keyboard (Space and Enter)', async () => {
    const { h } = await start({ lang: 'de' });
    const opt = option(h)!;
    await until(() => opt.textContent!.includes('Regionswechsel'), 2000, 'German text');
    expect(opt.textContent!.trim()).to.equal('Mich nach einem Regionswechsel auf Verfügbar setzen');
    opt.focus();
    await sendKeys({ press: ' ' }); // Space (a key name Firefox' driver and Chromium's both know)
    await until(() => opt.getAttribute('aria-checked') === 'true', 2000, 'on by Space');
    await sendKeys({ press: 'Enter' });
    await until(() => opt.getAttribute('aria-checked') === 'false', 2000, 'off by Enter');
    expect(h.all('rac-auto-available-change').map((e) => e.enabled)).to.deep.equal([true, false]);
  });

  it('remembers the choice per agent: a new element (a reload) shows it once the agent is known; the attribute is only the default', async () => {
    const first = await start({ 'auto-available': true });
    option(first.h)!.click(); // off, against the default
    await until(() => first.h.el.autoAvailable === false, 2000, 'off');
    first.h.el.remove();
    const h = mount(first.s, { 'auto-available': true }); // the same instance and agent
    await h.event('rac-ready');
    await until(() => option(h)!.getAttribute('aria-checked') === 'false', 5000, 'the stored choice');
    expect(h.el.autoAvailable).to.equal(false);
    expect(h.all('rac-auto-available-change')).to.deep.equal([{ enabled: false, source: 'agent' }]);
    // Another agent on this computer does not inherit it.
    expect(localStorage.getItem(keyOf(first.s))).to.equal('0');
    expect(localStorage.getItem(keyOf(first.s, 'other.agent'))).to.equal(null);
    h.el.autoAvailable = false; // the default changes; the agent's choice still decides
    await pause(50);
    expect(h.el.hasAttribute('auto-available')).to.equal(false);
    expect(h.all('rac-auto-available-change')).to.have.length(1);
  });

  it('locked: shown read-only, says the centre set it, ignores clicks and the stored choice; hidden: no option, the attribute decides', async () => {
    const s = await newSession();
    localStorage.setItem(keyOf(s), '0'); // the agent's choice from before the centre locked it
    const h = mount(s, { 'auto-available': true, 'auto-available-control': 'locked' });
    await h.event('rac-ready');
    await pause(300);
    const opt = option(h)!;
    expect(opt.getAttribute('aria-disabled')).to.equal('true');
    expect(opt.getAttribute('aria-checked')).to.equal('true');
    expect(opt.textContent).to.contain('set by your contact centre');
    opt.click();
    await pause(100);
    expect(opt.getAttribute('aria-checked')).to.equal('true');
    expect(h.el.autoAvailable).to.equal(true);
    h.el.autoAvailableControl = 'hidden';
    await until(() => option(h) === null, 2000, 'no option');
    expect(h.el.autoAvailable).to.equal(true);
    h.el.removeAttribute('auto-available');
    await until(() => h.el.autoAvailable === false, 2000, 'the attribute decides');
    expect(h.all('rac-auto-available-change')).to.deep.equal([{ enabled: false, source: 'attribute' }]);
    const ccp = h.el.shadowRoot!.querySelector('[part="ccp"]')!.getBoundingClientRect();
    expect(ccp.bottom).to.equal(h.el.getBoundingClientRect().bottom); // the CCP takes the whole box again
  });

  it('an invalid auto-available-control is a configuration error', async () => {
    const s = await newSession();
    const h = mount(s, { 'auto-available-control': 'maybe' });
    const error = await h.event('rac-error');
    expect(error.code).to.equal('config');
    expect(error.message).to.contain('auto-available-control must be one of shown, locked, hidden');
  });

  it('blocked storage: the option works for the session, with one warning and no page error', async () => {
    const proto = Storage.prototype;
    const [get, set] = [proto.getItem, proto.setItem];
    const warn = console.warn;
    const warnings: unknown[] = [];
    proto.getItem = proto.setItem = () => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    };
    console.warn = (...a: unknown[]) => warnings.push(a);
    try {
      const { h } = await start();
      option(h)!.click();
      await until(() => h.el.autoAvailable === true, 2000, 'on');
      option(h)!.click();
      await until(() => h.el.autoAvailable === false, 2000, 'off');
      expect(warnings).to.have.length(1);
      expect(h.pageErrors()).to.deep.equal([]);
    } finally {
      [proto.getItem, proto.setItem] = [get, set];
      console.warn = warn;
    }
  });

  it('off: a switch sends no setState and the agent is told they are Offline; on: exactly one', async () => {
    const off = await start({ 'auto-available-policy': 'always' });
    await off.s.traffic(B);
    await off.h.event('rac-switched');
    await pause(800);
    expect(await puts(off.s)).to.have.length(0);
    expect((await off.h.toast('offline')).text).to.contain('Offline');
    off.h.el.remove();
    const on = await start({ 'auto-available-policy': 'always' });
    option(on.h)!.click();
    await on.s.traffic(B);
    await on.h.event('rac-agent-available');
    await pause(500);
    expect(await puts(on.s)).to.have.length(1);
  });

  it('turned on while the agent is still Offline from the move just made: sets them Available then, once', async () => {
    const { h, s } = await start({ 'auto-available-policy': 'always' });
    await s.traffic(B);
    await h.event('rac-switched');
    await pause(500);
    expect(await puts(s)).to.have.length(0);
    option(h)!.click();
    const available = await h.event('rac-agent-available');
    expect(available).to.deep.include({ region: B, automatic: true });
    await pause(500);
    expect(await puts(s)).to.have.length(1);
    expect((await s.state()).agent[B].state.name).to.equal('Available');
  });

  it('turned off while the retries run: they stop and the agent is told they stay Offline', async () => {
    const { h, s } = await start({ 'auto-available': true, 'auto-available-policy': 'always' });
    h.el.retryPolicy = { maxAttempts: 5, baseDelayMs: 300, maxDelayMs: 300, attemptTimeoutMs: 600, firstSpreadMs: 0 };
    await s.faults({ setStateHangs: 10 });
    await s.traffic(B);
    await until(async () => (await puts(s)).length === 1, 8000, 'first attempt');
    expect((await h.toast('status')).text).to.contain('Setting you Available');
    option(h)!.click();
    await until(() => h.toasts().some((t) => t.text.includes('You are Offline')), 5000, 'the Offline toast');
    await pause(1500);
    expect(await puts(s)).to.have.length(1);
    expect(h.toasts().some((t) => t.text.includes('Setting you Available'))).to.equal(false);
    expect(h.all('rac-auto-available-failed')).to.have.length(0);
    expect(h.all('rac-agent-available')).to.have.length(0);
  });
});
