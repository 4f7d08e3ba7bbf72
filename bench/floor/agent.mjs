// The adapter: the ONE file that knows the project's modules' call shapes (dist/, built by
// `npm run build`). One agent = its tabs in one browser; one tab = a switch machine, a tab
// coordinator and the element's wiring of their effects, re-implemented minimally and faithfully
// after src/element/region-aware-ccp.ts (#startTabs, #dispatch, #perform, #setAvailable), with a
// host that turns the modelled CCP's callbacks into machine inputs as src/ccp/streams-host.ts does.
// When the modules change shape, re-point this file; the service model, clock, scenarios, metrics
// and plots do not change.
import { initialState, reduce } from '../../dist/switch/switch-machine.js';
import * as autoAvailable from '../../dist/switch/auto-available.js';
import { TabCoordinator } from '../../dist/tabs/tab-coordinator.js';
import { parseConfig } from '../../dist/config/config.js';
import { CCP_URL, FROM, TO, EPOCH } from './service.mjs';

const { DEFAULT_RETRY, retry } = autoAvailable;

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

/**
 * The spread before the first auto-available request: `firstDelayMs(random)` from
 * auto-available.js once it exists, else none (today's element sends at once).
 */
export const firstDelay = (random, spreadMs) =>
  autoAvailable.firstDelayMs ? autoAvailable.firstDelayMs(random, ...(spreadMs === undefined ? [] : [spreadMs])) : 0;

/** Streams' agent object as the machine sees it (streams-host.ts `agentView`). */
const agentView = (s) => ({
  region: s.region,
  stateType: s.stateType,
  selectedType: s.selectedType,
  stateName: s.stateName,
  stateSince: s.since,
  contacts: s.contacts,
});

/**
 * One agent: `tabs` tabs in one browser. `out` collects what the element did, per tab:
 * events, toasts, reload epochs (see metrics.mjs).
 */
export class Agent {
  /**
   * `spread`: true for the module's spread before the first auto-available request, false for none,
   * or its length in ms; `retryPolicy`: the element's property of that name.
   */
  constructor({ index, rec, service, browser, clock, random, config, spread = true, retryPolicy = DEFAULT_RETRY }) {
    Object.assign(this, { index, rec, service, browser, clock, random, config, spread, retryPolicy });
    this.tabs = [];
    this.out = { tabs: [] };
  }

  /** Opens tab `j` (the first is the visible one; the others are background tabs). */
  openTab(j) {
    const tab = new Tab(this, j);
    this.tabs[j] = tab;
    this.out.tabs[j] = { available: [], toasts: [], switched: [], failed: [], reinits: 0 };
    tab.connect();
    return tab;
  }
}

class Tab {
  machine = initialState;
  host = null;
  tabs = null;
  staleTimer = null;
  reinitDone = null;

  constructor(agent, j) {
    this.agent = agent;
    this.j = j;
    this.hidden = j > 0;
    this.sched = agent.browser.scheduler(() => this.hidden);
    // A fresh random id per page load in the element; page mode keeps it in sessionStorage.
    this.id = `t${agent.index}-${j}-${Math.floor(agent.random() * 1e9).toString(36)}`;
    this.session = new Map();
  }

  get out() {
    return this.agent.out.tabs[this.j];
  }

  /** connectedCallback → updated → #startTabs. */
  connect() {
    const { config, browser, random, clock } = this.agent;
    const page = config.reloadMode === 'page';
    const store = {
      getItem: (k) => this.session.get(k) ?? null,
      setItem: (k, v) => this.session.set(k, String(v)),
      removeItem: (k) => this.session.delete(k),
    };
    const tabs = new TabCoordinator({
      channelName: config.channel,
      tabId: this.id,
      channelFactory: browser.channelFactory(this.id),
      locks: browser.locks(this.id),
      scheduler: this.sched,
      random,
      reloadMode: page ? 'page' : 'ccp',
      store: page ? store : null,
      reloadJitterMs: config.reloadJitterMs,
      hooks: {
        teardown: () => {
          this.dispatch({ type: 'reloading' });
          this.stopCcp();
        },
        reinit: () => {
          this.out.reinits++;
          if (page) {
            // location.reload(): the page goes (pagehide → #stopTabs) and loads again, a fresh element.
            clock.after(0, () => this.unload());
            clock.after(this.agent.service.between([500, 1500]), () => this.connect());
            return undefined;
          }
          return new Promise((resolve) => {
            this.reinitDone = resolve;
            this.startCcp();
          });
        },
        onStage: () => {},
      },
    });
    this.tabs = tabs;
    tabs.start();
    void tabs.initAllowed.then(() => {
      if (this.tabs === tabs && !this.host) this.startCcp();
    });
  }

  /** Page unload: the element's pagehide and disconnect (the page's state is gone). */
  unload() {
    this.tabs?.dispose();
    this.tabs = null;
    this.stopCcp();
    this.sched.clearTimeout(this.staleTimer);
    this.staleTimer = null;
    this.machine = initialState;
    // The page's toasts go with it: what the agent is told is what the new page says.
    this.out.toasts = [];
  }

  startCcp() {
    const host = new Host(this, (input) => this.dispatch(input));
    host.start();
    this.host = host;
  }

  stopCcp() {
    this.host?.stop();
    this.host = null;
  }

  /** #dispatch: one input through the machine, then its effects. */
  dispatch(input) {
    const { state, effects } = reduce(this.machine, input, EPOCH + this.agent.clock.now, this.agent.config);
    this.machine = state;
    if (input.type === 'ready' || input.type === 'error') {
      this.reinitDone?.(input.type === 'ready' ? input.region : undefined);
      this.reinitDone = null;
    }
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
        this.out.toasts.push({ key: effect.key, offline: !!effect.params.offline, t: now });
        break;
      case 'stale-timer':
        this.sched.clearTimeout(this.staleTimer);
        this.staleTimer = effect.ms === null ? null : this.sched.setTimeout(() => this.dispatch({ type: 'stale-timeout' }), effect.ms);
        break;
      case 'reload':
        this.tabs?.requestReload(effect.reason, { automatic: true });
        break;
      case 'set-available':
        void this.setAvailable(effect.region, `auto-available:${effect.region}:${effect.since}`);
        break;
      case 'voice':
        this.tabs?.setVoiceLive(effect.live);
        break;
    }
  }

  /** #setAvailable: one tab claims the request across tabs, then bounded retries. */
  async setAvailable(region, claimKey) {
    const host = this.host;
    if (!host) return;
    if (!(await this.tabs?.claim(claimKey))) return;
    const sleep = (ms) => new Promise((r) => this.sched.setTimeout(r, ms));
    const { random } = this.agent;
    // The spread before the first request (firstDelayMs, for the element to adopt): after the claim,
    // so only the tab that sends waits; retry's stillWanted check covers a state the agent picked meanwhile.
    const { spread } = this.agent;
    if (spread !== false) await sleep(firstDelay(random, spread === true ? undefined : spread));
    const outcome = await retry(
      () => host.setAvailable(region),
      () => this.host === host && host.agentStateType() === 'offline',
      { ...this.agent.retryPolicy, random, sleep },
    );
    if (!outcome.ok && !outcome.abandoned && this.host === host) {
      this.dispatch({ type: 'available-failed' });
      this.out.failed.push(this.agent.clock.now);
      this.out.toasts.push({ key: 'autoAvailableFailed', t: this.agent.clock.now });
    }
  }
}

/** streams-host.ts: the CCP's callbacks as machine inputs. */
class Host {
  constructor(tab, emit) {
    this.tab = tab;
    this.emit = emit;
  }

  start() {
    const { service, rec } = this.tab.agent;
    this.ccp = service.ccp(rec, {
      ready: (snap, url) => {
        this.emit({ type: 'ready', region: this.ccp.region, ccpUrl: url });
        this.emit({ type: 'agent', view: agentView(snap), ccpUrl: url });
      },
      agent: (snap, url) => this.emit({ type: 'agent', view: agentView(snap), ccpUrl: url }),
      detected: (to) => this.emit({ type: 'failover-detected', to }),
      pending: (to) => this.emit({ type: 'failover-pending', to }),
      completed: (to, url) => this.emit({ type: 'failover-completed', to, ccpUrl: url }),
    });
    this.ccp.start();
  }

  stop() {
    this.ccp.stop();
  }

  setAvailable(region) {
    return this.ccp.setState(region);
  }

  agentStateType() {
    return this.ccp.snapshot?.stateType ?? null;
  }
}
