/**
 * Owns this tab's place in the tab set of one instance (the TabCoordinator): joins it for a
 * channel and reload mode, leaves it on disconnect or `pagehide`, and passes the element's calls on.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RacConfig } from '../config/config.js';
import { TabCoordinator, type StageEvent, type TabStats } from '../tabs/tab-coordinator.js';
import type { AnnouncePayload } from '../tabs/messages.js';

export interface TabsHooks {
  /** A coordinated reload tears this tab's CCP down. */
  teardown(): void;
  /** … and starts it again; resolves with the region it came back in. */
  reinit(): Promise<string | undefined>;
  stage(e: StageEvent): void;
  /** Without BroadcastChannel the tab runs alone: the agent must know. */
  alone(): void;
  /** Another tab announced something (validated: scalars only, bounded). */
  heard(topic: string, payload: AnnouncePayload): void;
}

export class TabsController implements ReactiveController {
  #tabs: TabCoordinator | null = null;
  /** The channel and mode joined: another one means another tab set. */
  #joined = '';
  readonly #hooks: TabsHooks;

  constructor(host: ReactiveControllerHost, hooks: TabsHooks) {
    this.#hooks = hooks;
    host.addController(this);
  }

  hostConnected(): void {
    addEventListener('pagehide', this.leave);
  }

  hostDisconnected(): void {
    removeEventListener('pagehide', this.leave);
    this.leave();
  }

  /** Whether `config` belongs to the tab set this tab is in. */
  isJoined(config: RacConfig): boolean {
    return this.#tabs !== null && this.#joined === `${config.channel} ${config.reloadMode}`;
  }

  /** Joins the tab set of `config`; resolves once this tab may start its CCP (no reload is under way). */
  join(config: RacConfig): Promise<void> {
    this.leave();
    const page = config.reloadMode === 'page';
    // A fresh id per page load (a duplicated tab copies sessionStorage); page mode keeps it across its
    // own reload so the leader can count the reloaded page as ready.
    const idKey = `${config.channel}#tab`;
    const tabId = (page && sessionStorage.getItem(idKey)) || crypto.randomUUID();
    if (page) sessionStorage.setItem(idKey, tabId);
    // Without BroadcastChannel (very old browsers, some embedded webviews) this tab runs alone.
    const alone = typeof BroadcastChannel !== 'function';
    const tabs = new TabCoordinator({
      channelName: config.channel,
      tabId,
      ...(alone ? { channelFactory: () => ({ postMessage() {}, close() {}, onmessage: null }) } : {}),
      reloadMode: page ? 'page' : 'ccp',
      store: page ? sessionStorage : null,
      reloadJitterMs: config.reloadJitterMs,
      hooks: {
        teardown: () => this.#hooks.teardown(),
        reinit: () => (page ? location.reload() : this.#hooks.reinit()),
        onStage: (e) => this.#hooks.stage(e),
        onAnnounce: (topic, payload) => this.#hooks.heard(topic, payload),
      },
    });
    this.#tabs = tabs;
    this.#joined = `${config.channel} ${config.reloadMode}`;
    tabs.start();
    if (alone) this.#hooks.alone();
    return tabs.initAllowed;
  }

  /** Leaves at once (on `pagehide` too: the other tabs need not wait for our deadline). */
  leave = (): void => {
    this.#tabs?.dispose();
    this.#tabs = null;
  };

  get isLeader(): boolean {
    return this.#tabs?.isLeader ?? false;
  }

  stats(): TabStats | null {
    return this.#tabs?.stats() ?? null;
  }

  requestReload(reason: string, automatic: boolean): void {
    this.#tabs?.requestReload(reason, { automatic });
  }

  setReloadJitter(ms: number): void {
    this.#tabs?.setReloadJitter(ms);
  }

  setVoiceLive(live: boolean): void {
    this.#tabs?.setVoiceLive(live);
  }

  reportRegion(region: string): void {
    this.#tabs?.reportRegion(region);
  }

  /** Tells every other tab of the set (their `heard` hook). */
  announce(topic: string, payload: AnnouncePayload): void {
    this.#tabs?.announce(topic, payload);
  }

  /** True in exactly one tab of the set for `key`. */
  claim(key: string): Promise<boolean> {
    return this.#tabs?.claim(key) ?? Promise.resolve(false);
  }
}
