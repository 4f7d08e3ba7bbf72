/**
 * Owns this tab's place in the tab set of one instance (the TabCoordinator): joins it for a
 * channel and reload mode and leaves it on disconnect or `pagehide`.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RacConfig } from '../config/config.js';
import { TabCoordinator, type StageEvent } from '../tabs/tab-coordinator.js';
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
  /** The tab set this tab is in, while it is in one: the element and the other controllers talk to it. */
  set: TabCoordinator | null = null;
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
    return this.set !== null && this.#joined === `${config.channel} ${config.reloadMode}`;
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
    this.set = tabs;
    this.#joined = `${config.channel} ${config.reloadMode}`;
    tabs.start();
    if (alone) this.#hooks.alone();
    return tabs.initAllowed;
  }

  /** Leaves at once (on `pagehide` too: the other tabs need not wait for our deadline). */
  leave = (): void => {
    this.set?.dispose();
    this.set = null;
  };
}
