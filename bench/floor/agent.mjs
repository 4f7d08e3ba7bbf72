// The adapter: the ONE file that knows the project's modules' call shapes (dist/, built by
// `npm run build`). One agent = its tabs in one browser; one tab = one page with the element, whose
// wiring of the modules is re-implemented minimally and faithfully after
// src/element/region-aware-ccp.ts (#dispatch, #perform, #onAvailableSettled) and its controllers:
// src/controllers/tabs.ts (join, page-mode save and restore), src/controllers/ccp.ts (#input,
// teardown, reinit, voice from the agent data) and src/controllers/auto-available.ts (trying,
// claim, spread, retries, outcome announced to every tab); the host turns the modelled CCP's
// callbacks into machine inputs as src/ccp/streams-host.ts does, through the real `observe()`.
// When the modules change shape, re-point this file; the service model, clock, scenarios, metrics
// and plots do not change.
import { initialState, reduce } from '../../dist/switch/switch-machine.js';
import * as autoAvailable from '../../dist/switch/auto-available.js';
import { liveCalls, observe } from '../../dist/ccp/observation.js';
import { TabCoordinator } from '../../dist/tabs/tab-coordinator.js';
import { parseConfig } from '../../dist/config/config.js';
import { CCP_URL, FROM, TO, EPOCH } from './service.mjs';

const { DEFAULT_RETRY, FIRST_SPREAD_MS, firstDelayMs, retry } = autoAvailable;

/** The element's attributes on every agent's page (defaults unless the run overrides them). */
export function floorConfig({ reloadMode = null, reloadJitter = null, staleAfter = null } = {}) {
  const r = parseConfig({
    ccpUrl: CCP_URL[FROM],
    secondaryCcpUrl: CCP_URL[TO],
    loginUrl: 'https://floor.my.connect.aws/login',
    region: null,
    autoAvailable: true,
    autoAvailablePolicy: null,
    staleAfter,
    reloadMode,
    reloadJitter,
    toastTimeout: null,
    channel: null,
  });
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join(' '));
  return r.config;
}

/** The spread before the first auto-available request: `firstDelayMs(random, spreadMs)`, as the controller sleeps it. */
export const firstDelay = (random, spreadMs = FIRST_SPREAD_MS) => firstDelayMs(random, spreadMs);

/** The state names of the modelled instance (Streams' `configuration.agentStates`), by type. */
const STATE_NAMES = { routable: 'Available', not_routable: 'Break', offline: 'Offline' };
const arn = (region, what) => `arn:aws:connect:${region}:123456789012:instance/floor/${what}`;

/** The service's snapshot as Streams' `agent._getData()` (what `observe()` reads in streams-host.ts). */
const agentData = (s) => ({
  snapshot: {
    state: { type: s.stateType, name: s.stateName, startTimestamp: s.since, agentStateARN: null },
    agentAvailabilityState: { state: STATE_NAMES[s.selectedType] },
    snapshotTimestamp: s.at,
    contacts: s.contacts.map((c) => ({ contactId: c.id, type: c.type, state: { type: c.state } })),
  },
  configuration: {
    routingProfile: { routingProfileId: arn(s.region, 'routing-profile/rp') },
    agentStates: Object.entries(STATE_NAMES).map(([type, name]) => ({ type, name, agentStateARN: arn(s.region, `agent-state/${type}`) })),
  },
});

/**
 * One agent: `tabs` tabs in one browser. `out` collects what the element did, per tab:
 * events, toasts, reload epochs (see metrics.mjs).
 */
export class Agent {
  /**
   * `spread`: true for the default spread before the first auto-available request, false for none,
   * or its length in ms (the element's `retryPolicy.firstSpreadMs`); `retryPolicy`: the element's
   * property of that name.
   */
  constructor({ index, rec, service, browser, clock, random, config, spread = true, retryPolicy = DEFAULT_RETRY }) {
    const firstSpreadMs = spread === true ? undefined : spread === false ? 0 : spread;
    retryPolicy = firstSpreadMs === undefined ? retryPolicy : { ...retryPolicy, firstSpreadMs };
    Object.assign(this, { index, rec, service, browser, clock, random, config, retryPolicy });
    this.tabs = [];
    this.out = { tabs: [] };
  }

  /** Opens tab `j` (the first is the visible one; the others are background tabs). */
  openTab(j) {
    const tab = new Tab(this, j);
    this.tabs[j] = tab;
    this.out.tabs[j] = { available: [], toasts: [], switched: [], failed: [], reinits: 0 };
    tab.load();
    return tab;
  }
}

/** One browser tab: its sessionStorage survives its page loads; each load is a fresh element. */
class Tab {
  machine = initialState;
  host = null;
  tabs = null;
  staleTimer = null;
  reinitDone = null;
  voice = false;
  /** The page load's `performance.now()` origin: the machine's monotonic clock restarts with the page. */
  loadedAt = 0;
  /** auto-available's sleeps and deadlines, cleared with the page (hostDisconnected). */
  timers = new Set();

  constructor(agent, j) {
    this.agent = agent;
    this.j = j;
    this.hidden = j > 0;
    this.sched = agent.browser.scheduler(() => this.hidden);
    // Seeded, for a reproducible floor (the coordinator's own is randomUUID per page load).
    this.id = () => `t${agent.index}-${j}-${Math.floor(agent.random() * 1e9).toString(36)}`;
    this.session = new Map();
  }

  get out() {
    return this.agent.out.tabs[this.j];
  }

  /** A page load: connectedCallback → updated → CcpController#apply → TabsController.join → start. */
  load() {
    const { config, browser, random, clock } = this.agent;
    this.loadedAt = clock.now;
    this.machine = initialState; // #reset(true)
    const page = config.reloadMode === 'page';
    const store = {
      getItem: (k) => this.session.get(k) ?? null,
      setItem: (k, v) => this.session.set(k, String(v)),
      removeItem: (k) => this.session.delete(k),
    };
    const machineKey = `${config.channel}#machine`;
    // In page mode the coordinator keeps the id of a page it reloads (in `store`); otherwise a fresh one.
    const resumed = page && [...this.session.keys()].some((k) => k.endsWith('#reinit'));
    const tabs = new TabCoordinator({
      channelName: config.channel,
      ...(resumed ? {} : { tabId: this.id() }),
      channelFactory: browser.channelFactory(this),
      locks: browser.locks(this),
      scheduler: this.sched,
      random,
      reloadMode: page ? 'page' : 'ccp',
      store: page ? store : null,
      reloadJitterMs: config.reloadJitterMs,
      title: () => `CRM ${this.j + 1}`,
      hooks: {
        teardown: (_, automatic) => {
          this.dispatch({ type: 'reloading', automatic });
          this.stopCcp();
        },
        reinit: () => {
          this.out.reinits++;
          if (!page) return this.reinit();
          // The reloaded page goes on from this state (tabs.ts); location.reload(): pagehide, then a new page.
          this.session.set(machineKey, JSON.stringify(this.machine));
          clock.after(0, () => this.unload());
          clock.after(this.agent.service.between([500, 1500]), () => this.load());
          return undefined;
        },
        reinitInPlace: () => this.reinit(),
        onStage: () => {},
        onAnnounce: (topic, payload) => this.heard(topic, payload),
      },
    });
    this.tabs = tabs;
    if (page) {
      const saved = this.session.get(machineKey);
      this.session.delete(machineKey);
      if (saved && tabs.resumedEpoch) this.machine = { ...initialState, ...JSON.parse(saved) };
    }
    tabs.start();
    void tabs.initAllowed.then(() => {
      if (this.tabs === tabs && !this.host) this.startCcp();
    });
  }

  /** pagehide and disconnect: the tab set, the CCP, every timer and the page's toasts go. */
  unload() {
    this.tabs?.dispose();
    this.tabs = null;
    this.stopCcp();
    this.sched.clearTimeout(this.staleTimer);
    this.staleTimer = null;
    for (const t of this.timers) this.sched.clearTimeout(t);
    this.timers.clear();
    this.machine = initialState;
    // What the agent is told is what the new page says.
    this.out.toasts = [];
  }

  reinit() {
    return new Promise((resolve) => {
      this.reinitDone = resolve;
      this.startCcp();
    });
  }

  startCcp() {
    const host = new Host(this, (input) => this.input(host, input));
    this.host = host;
    host.start();
  }

  stopCcp() {
    this.host?.stop();
    this.host = null;
    this.setVoice(false);
  }

  setVoice(live) {
    if (live === this.voice) return;
    this.voice = live;
    this.tabs?.setVoiceLive(live);
  }

  /** CcpController#input: the reinit's answer, the machine, then the call's life from the agent data. */
  input(host, input) {
    if (host !== this.host) return;
    if (input.type === 'ready' || input.type === 'error') {
      this.reinitDone?.(input.type === 'ready' ? input.region : undefined);
      this.reinitDone = null;
    }
    this.dispatch(input);
    if (input.type === 'agent') this.setVoice(liveCalls(input.obs).length > 0);
  }

  /** #dispatch: one input through the machine (monotonic clock of this page load), then its effects. */
  dispatch(input) {
    const { state, effects } = reduce(this.machine, input, this.agent.clock.now - this.loadedAt, this.agent.config);
    this.machine = state;
    if (state.region && (input.type === 'ready' || input.type === 'agent')) this.tabs?.reportRegion(state.region);
    for (const e of effects) this.perform(e);
  }

  /** #perform, with events and toasts recorded instead of shown. */
  perform(effect) {
    const now = this.agent.clock.now;
    switch (effect.type) {
      case 'emit':
        if (effect.name === 'rac-agent-available') this.out.available.push(now);
        if (effect.name === 'rac-switched') this.out.switched.push(now);
        break;
      case 'toast':
        this.toast(effect.key, { offline: !!effect.params.offline, capped: !!effect.params.capped });
        break;
      case 'stale-timer':
        this.sched.clearTimeout(this.staleTimer);
        this.staleTimer = effect.ms === null ? null : this.sched.setTimeout(() => this.dispatch({ type: 'stale-timeout' }), effect.ms);
        break;
      case 'reload':
        this.tabs?.requestReload(effect.reason, { automatic: true });
        break;
      case 'set-available':
        void this.request(effect.region, effect.since);
        break;
    }
  }

  toast(key, extra = {}) {
    this.out.toasts.push({ key, t: this.agent.clock.now, ...extra });
  }

  /** AutoAvailableController.request: every tab says it is trying, one claims, waits its spread, retries, announces. */
  async request(region, since) {
    const host = this.host;
    if (!host) return;
    this.toast('settingAvailable');
    const tabs = this.tabs;
    if (!(await tabs?.claim(`auto-available:${region}:${since}`))) return;
    const wanted = () => {
      const agent = this.machine.agent;
      return this.host === host && agent?.stateType === 'offline' && agent.since === since;
    };
    const timer = (fn, ms) => {
      const t = this.sched.setTimeout(() => (this.timers.delete(t), fn()), ms);
      this.timers.add(t);
      return () => (this.sched.clearTimeout(t), this.timers.delete(t));
    };
    const { random } = this.agent;
    const { firstSpreadMs = FIRST_SPREAD_MS, ...policy } = { ...DEFAULT_RETRY, ...this.agent.retryPolicy };
    const wait = firstDelayMs(random, firstSpreadMs);
    if (wait > 0) await new Promise((resolve) => timer(resolve, wait));
    const outcome = await retry(() => host.setAvailable(region), wanted, {
      ...policy,
      random,
      sleep: (ms) => new Promise((resolve) => timer(resolve, ms)),
      timer,
    });
    const settled = {
      region,
      result: outcome.ok ? 'available' : outcome.abandoned ? 'stopped' : 'failed',
      attempts: outcome.attempts,
      error: outcome.ok ? '' : outcome.error.slice(0, 200),
    };
    if (this.host === host) this.tabs?.announce('auto-available', { ...settled });
    this.settled(settled);
  }

  /** AutoAvailableController.heard: another tab's outcome. */
  heard(topic, p) {
    if (topic === 'auto-available') this.settled(p);
  }

  /** #onAvailableSettled: every tab says how auto-available ended. */
  settled(o) {
    if (o.result !== 'failed') return;
    this.dispatch({ type: 'available-failed' });
    this.out.failed.push(this.agent.clock.now);
    this.toast('autoAvailableFailed');
  }
}

/** streams-host.ts: the CCP's callbacks as machine inputs (agent data through the real `observe()`). */
class Host {
  constructor(tab, emit) {
    this.tab = tab;
    this.emit = emit;
  }

  start() {
    const { service, rec, clock } = this.tab.agent;
    const serverNow = () => EPOCH + clock.now;
    const data = (snap) => {
      const obs = observe(agentData(snap));
      return { type: 'agent', obs, ccpUrl: CCP_URL[obs.region] ?? CCP_URL[FROM], at: serverNow() };
    };
    // Both CCPs send every hint; the active one's is the one the machine acts on (the other's it drops).
    const hint = (kind, target) => this.emit({ type: 'hint', kind, target, ccp: this.ccp.region, active: true, at: serverNow() });
    this.ccp = service.ccp(rec, {
      ready: (snap, url) => {
        this.emit({ type: 'ready', region: this.ccp.region, ccpUrl: url });
        this.emit(data(snap));
      },
      agent: (snap) => this.emit(data(snap)),
      detected: (to) => hint('detected', to),
      pending: (to) => hint('pending', to),
      // The completion is the new region's agent data (delivered just before): the machine needs nothing else.
      completed: () => {},
    });
    this.ccp.start();
  }

  stop() {
    this.ccp.stop();
  }

  setAvailable(region) {
    return this.ccp.setState(region);
  }
}
