// Builds N coordinators on one fake hub/clock and records what their hooks saw, so tests read
// like the behaviour: "each tab tore down once, then re-initialised once".
import { TabCoordinator, type StageEvent, type TabCoordinatorOptions, type TabHooks } from '../../../src/tabs/tab-coordinator.js';
import { Clock, Hub, Locks } from './fakes.js';

export interface HookCall {
  tab: string;
  kind: 'teardown' | 'reinit';
  epoch: number;
  at: number;
}

export interface Tab {
  id: string;
  c: TabCoordinator;
  stages: StageEvent[];
  invalid: number[];
  /** What `onAnnounce` delivered, in order. */
  announced: { topic: string; payload: Record<string, unknown>; from: string }[];
  /** Set to make the next teardown wait until `resolveTeardown` is called. */
  holdTeardown: boolean;
  resolveTeardown?: () => void;
  /** Region the reinit hook reports. */
  region: string;
}

export class World {
  readonly clock = new Clock();
  readonly hub = new Hub();
  readonly locks = new Locks();
  readonly calls: HookCall[] = [];
  readonly tabs = new Map<string, Tab>();

  constructor(
    private readonly useLocks = true,
    private readonly opts: Partial<TabCoordinatorOptions> = {},
  ) {}

  /** Creates and starts a tab; ids sort in creation order (t1 < t2 < …). `hooks` given in `extra` replace the recording ones. */
  add(id: string, extra: Partial<Omit<TabCoordinatorOptions, 'hooks'>> & { hooks?: Partial<TabHooks> } = {}): Tab {
    const tab: Tab = { id, stages: [], invalid: [], announced: [], holdTeardown: false, region: 'us-west-2' } as unknown as Tab;
    tab.c = new TabCoordinator({
      channelName: 'region-aware-ccp/v1/test',
      tabId: id,
      channelFactory: this.hub.factory(id),
      locks: this.useLocks ? this.locks.for(id) : null,
      scheduler: this.clock.scheduler(id),
      random: () => 0.5,
      reloadJitterMs: 2000,
      title: () => `Tab ${id}`,
      ...this.opts,
      ...extra,
      hooks: {
        teardown: (epoch) => {
          this.calls.push({ tab: id, kind: 'teardown', epoch, at: this.clock.now });
          if (tab.holdTeardown) return new Promise<void>((r) => (tab.resolveTeardown = r));
          return Promise.resolve();
        },
        reinit: async (epoch) => {
          this.calls.push({ tab: id, kind: 'reinit', epoch, at: this.clock.now });
          return tab.region;
        },
        onStage: (ev) => tab.stages.push(ev),
        onInvalidMessage: (n) => tab.invalid.push(n),
        onAnnounce: (topic, payload, from) => tab.announced.push({ topic, payload, from }),
        ...extra.hooks,
      },
    });
    this.tabs.set(id, tab);
    tab.c.start();
    return tab;
  }

  tab(id: string): Tab {
    return this.tabs.get(id)!;
  }

  /** Hook calls of one tab, as "teardown:1" strings. */
  callsOf(id: string): string[] {
    return this.calls.filter((c) => c.tab === id).map((c) => `${c.kind}:${c.epoch}`);
  }

  /** Stage names one tab was told about, in order. */
  stagesOf(id: string): string[] {
    return this.tab(id).stages.map((s) => s.stage);
  }

  freeze(id: string): void {
    this.hub.frozen.add(id);
    this.clock.frozen.add(id);
  }

  thaw(id: string): void {
    this.clock.frozen.delete(id);
    this.hub.thaw(id);
  }

  /** The tab vanishes without a goodbye (crash, killed process): the browser frees its locks. */
  kill(id: string): void {
    this.hub.dead.add(id);
    this.clock.drop(id);
    this.locks.kill(id);
  }

  sent(): number {
    return [...this.tabs.values()].reduce((n, t) => n + t.c.stats().sent, 0);
  }
}
