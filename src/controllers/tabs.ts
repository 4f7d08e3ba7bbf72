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
  teardown(automatic: boolean): void;
  /** … and starts it again; resolves with the region it came back in. */
  reinit(): Promise<string | undefined>;
  stage(e: StageEvent): void;
  /** Without BroadcastChannel the tab runs alone: the agent must know. */
  alone(): void;
  /** Another tab announced something (validated: scalars only, bounded). */
  heard(topic: string, payload: AnnouncePayload): void;
  /** A tab of a newer version of the element is open: this one should be reloaded. */
  newerVersion(): void;
  /** Page mode: the switch state to carry across this tab's coordinated page reload, and its restore. */
  save(): string;
  restore(saved: string): void;
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
    // Without BroadcastChannel (very old browsers, some embedded webviews) this tab runs alone.
    const alone = typeof BroadcastChannel !== 'function';
    const machineKey = `${config.channel}#machine`;
    // The tab id is the coordinator's: fresh per page load, kept across a page-mode reload only.
    const tabs = new TabCoordinator({
      channelName: config.channel,
      ...(alone ? { channelFactory: () => ({ postMessage() {}, close() {}, onmessage: null }) } : {}),
      reloadMode: page ? 'page' : 'ccp',
      store: page ? sessionStorage : null,
      reloadJitterMs: config.reloadJitterMs,
      title: () => document.title,
      lifecycle: document,
      hooks: {
        teardown: (_, automatic) => this.#hooks.teardown(automatic),
        reinit: () => {
          if (!page) return this.#hooks.reinit();
          // The reloaded page goes on from this state, as a CCP re-initialised in place does: the
          // switch is announced there and auto-available runs.
          sessionStorage.setItem(machineKey, this.#hooks.save());
          location.reload();
        },
        // A page reload that the page's own "unsaved changes" prompt cancelled: the CCP starts in place.
        reinitInPlace: () => this.#hooks.reinit(),
        onStage: (e) => this.#hooks.stage(e),
        onNewerVersion: () => this.#hooks.newerVersion(),
        onAnnounce: (topic, payload) => this.#hooks.heard(topic, payload),
      },
    });
    this.set = tabs;
    this.#joined = `${config.channel} ${config.reloadMode}`;
    if (page) {
      const saved = sessionStorage.getItem(machineKey);
      sessionStorage.removeItem(machineKey);
      if (saved && tabs.resumedEpoch) this.#hooks.restore(saved);
    }
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
