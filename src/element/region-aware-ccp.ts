import { LitElement, html, nothing } from 'lit';
import { DEFAULTS, parseConfig, type RacConfig, type ReloadMode, type AutoAvailablePolicy } from '../config/config.js';
import { message, resolveLang, type MessageKey } from '../i18n/messages.js';
import { emit } from '../events/events.js';
import { StreamsHost, type CcpHost } from '../ccp/streams-host.js';
import {
  initialState,
  reduce,
  type Effect,
  type MachineInput,
  type Phase,
  type SwitchState,
} from '../switch/switch-machine.js';
import { DEFAULT_RETRY, retry } from '../switch/auto-available.js';
import { ToastStack, type ToastKind } from '../ui/toast-stack.js';
import { TabCoordinator, type StageEvent, type TabStats } from '../tabs/tab-coordinator.js';
import { styles } from './styles.js';

/** Attributes whose change means a new CCP: the element tears down and starts again. */
const CCP_KEYS: ReadonlyArray<keyof RacConfig> = ['ccpUrl', 'secondaryCcpUrl', 'loginUrl', 'region', 'globalResiliency'];

const TOAST_KIND = {
  switchPending: 'switch-pending',
  switched: 'switched',
  contactsEnded: 'contacts-ended',
  stale: 'refresh-needed',
  callDropped: 'refresh-needed',
  offline: 'status',
  setAvailable: 'status',
  error: 'error',
} as const satisfies Record<string, ToastKind>;

/**
 * Hosts the Amazon Connect CCP and makes Global Resiliency region switches a non-event: it notices
 * the switch (and a switch that does not arrive), never disturbs a live voice call, tells the agent
 * what happened, optionally sets them Available in the new region, and brings every tab of the page's
 * origin back together in the new region.
 *
 * @summary Amazon Connect CCP host that survives Global Resiliency region switches.
 *
 * @fires {CustomEvent<{region: string, ccpUrl: string}>} rac-ready - The CCP is up and the agent's data arrived.
 * @fires {CustomEvent<{from: string | null, to: string}>} rac-switch-detected - A region switch was detected.
 * @fires {CustomEvent<{to: string, voiceContactIds: string[], otherContactIds: string[]}>} rac-switch-pending - The switch waits for live voice calls to end.
 * @fires {CustomEvent<{from: string | null, to: string, ccpUrl: string, endedContacts: {id: string, type: string}[], detectedAt: number | null, completedAt: number}>} rac-switched - The agent now works in `to`; `ccpUrl` is the new instance's CCP; `detectedAt` (null if the data came first) and `completedAt`: when this tab got the move's first hint and the new region's first agent data, in the server's clock (ms since epoch).
 * @fires {CustomEvent<{region: string, automatic: boolean, offlineMs: number}>} rac-agent-available - The agent is Available in the new region; `offlineMs`: how long the move kept them from it (server timestamps: from the move's Offline when this tab saw it, else from its detection).
 * @fires {CustomEvent<{region: string, error: string, attempts: number}>} rac-auto-available-failed - Auto-available gave up.
 * @fires {CustomEvent<{to: string, waitedMs: number}>} rac-stale - An expected switch did not complete within `stale-after`.
 * @fires {CustomEvent<{epoch: number, reason: string, stage: string}>} rac-tabs-reload - A coordinated reload of all tabs moved to a new stage.
 * @fires {CustomEvent<{code: string, message: string}>} rac-error - Something failed; `code` is stable.
 *
 * @csspart ccp - The box that holds the CCP iframes.
 * @csspart toasts - The toast stack (a live region).
 * @csspart toast - One toast; its `data-kind` says which (switch-pending, switched, contacts-ended, status, refresh-needed, reload, error).
 * @csspart toast-action - The "refresh CCP in all tabs" button in a toast.
 * @csspart toast-dismiss - The dismiss button of a toast.
 *
 * @cssprop [--rac-font-family=system-ui, sans-serif] - Font of the toasts.
 * @cssprop [--rac-toast-background=#1f2937] - Toast background.
 * @cssprop [--rac-toast-color=#f9fafb] - Toast text colour.
 * @cssprop [--rac-toast-accent=#60a5fa] - Accent bar of informational toasts.
 * @cssprop [--rac-toast-success-accent=#34d399] - Accent bar of success toasts.
 * @cssprop [--rac-toast-warning-accent=#fbbf24] - Accent bar of toasts that ask the agent to wait or act.
 * @cssprop [--rac-toast-error-accent=#f87171] - Accent bar of error toasts.
 * @cssprop [--rac-toast-radius=6px] - Toast corner radius.
 * @cssprop [--rac-toast-font-size=14px] - Toast font size.
 * @cssprop [--rac-toast-inset=8px] - Distance of the toast stack from the element's edges.
 * @cssprop [--rac-focus-ring=#93c5fd] - Focus outline of toast buttons.
 */
export class RegionAwareCcp extends LitElement {
  static override styles = styles;
  static override properties = {
    ccpUrl: { attribute: 'ccp-url', reflect: true },
    secondaryCcpUrl: { attribute: 'secondary-ccp-url', reflect: true },
    loginUrl: { attribute: 'login-url', reflect: true },
    region: { reflect: true },
    autoAvailable: { attribute: 'auto-available', type: Boolean, reflect: true },
    autoAvailablePolicy: { attribute: 'auto-available-policy', reflect: true },
    staleAfter: { attribute: 'stale-after' },
    reloadMode: { attribute: 'reload-mode', reflect: true },
    reloadJitter: { attribute: 'reload-jitter' },
    toastTimeout: { attribute: 'toast-timeout' },
    lang: { reflect: true },
    notify: { type: Boolean, reflect: true },
    channel: { reflect: true },
    machine: { state: true, attribute: false },
    // Spread, so the manifest analyzer (which marks every entry here `public`, and the README's
    // property table skips those) documents these two from their fields below, as before.
    ...{ ccpOptions: { attribute: false }, retryPolicy: { attribute: false } },
  };

  /** The CCP URL of the primary region, e.g. `https://<alias>.my.connect.aws/ccp-v2/`. Required; https (http only for localhost). */
  ccpUrl: string | null = null;
  /** The other region's CCP URL. With `login-url`, turns on Global Resiliency. */
  secondaryCcpUrl: string | null = null;
  /** The global sign-in URL (Global Resiliency) or your SAML/login URL. */
  loginUrl: string | null = null;
  /** AWS region passed to Streams (needed for chat). */
  region: string | null = null;
  /** Set the agent Available in the new region after a switch. */
  autoAvailable = false;
  /** `was-routable`: only if the agent was in a routable state before the switch; `always`. */
  autoAvailablePolicy: AutoAvailablePolicy = 'was-routable';
  /** Seconds to wait for an expected switch (after the last voice call ended) before offering a refresh. */
  staleAfter: string | number = DEFAULTS.staleAfterS;
  /** `ccp`: re-initialise the CCP in place; `page`: reload the page; `manual`: only offer a button. */
  reloadMode: ReloadMode = 'ccp';
  /** Automatic reloads wait a random 0..N seconds so a floor of agents does not hit the service at once. */
  reloadJitter: string | number = DEFAULTS.reloadJitterS;
  /** Seconds informational toasts stay (0 = until dismissed). Toasts that ask for action always stay. */
  toastTimeout: string | number = DEFAULTS.toastTimeoutS;
  /** Language of the toasts (`en`, or any registered translation such as `de`); defaults to the closest `lang` in the document. */
  override lang = '';
  /** Show a desktop notification (when permission is granted) for toasts while the page is hidden. */
  notify = false;
  /** BroadcastChannel name shared by the tabs of one instance; derived from `ccp-url` by default. */
  channel: string | null = null;
  /** Any other `connect.core.initCCP` options (softphone, pageOptions, loginOptions, …); the element's own win. */
  ccpOptions: Record<string, unknown> = {};
  /** Auto-available retries: attempts, first delay and cap (ms); delays double and get ±50 % jitter; an attempt unanswered after `attemptTimeoutMs` failed. */
  retryPolicy: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number; attemptTimeoutMs?: number } = { ...DEFAULT_RETRY };

  private machine: SwitchState = initialState;

  #config: RacConfig | null = null;
  #host_: CcpHost | null = null;
  readonly #toasts = new ToastStack(
    { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as number) },
    () => this.#config?.toastTimeoutMs ?? DEFAULTS.toastTimeoutS * 1000,
    () => this.requestUpdate(),
  );
  #staleTimer: ReturnType<typeof setTimeout> | undefined;
  #tabs: TabCoordinator | null = null;
  /** Resolves the coordinator's reinit hook when the CCP is back (or failed). */
  #reinitDone: ((region: string | undefined) => void) | null = null;
  #alive = false;

  /** The region the agent works in now, or null before the CCP is ready. */
  get activeRegion(): string | null {
    return this.machine.region;
  }

  /** Where the element is in its life and in a switch. */
  get phase(): Phase {
    return this.machine.phase;
  }

  /** For support and tests: tab-channel counters (sent, received, invalid, ignored) and leadership. */
  get diagnostics(): { tabs: TabStats | null; leader: boolean } {
    return { tabs: this.#tabs?.stats() ?? null, leader: this.#tabs?.isLeader ?? false };
  }

  /** Tear down and re-initialise the CCP in every tab of this instance, waiting for live voice calls. */
  reloadAllTabs(reason = 'manual'): void {
    this.#tabs?.requestReload(reason, { automatic: false });
  }

  /** Ask Streams to complete a pending switch now (Global Resiliency only). */
  forceFailover(): void {
    this.#host_?.forceFailover();
  }

  /** Remove every toast (for example when the host page shows its own summary). */
  dismissToasts(): void {
    this.#toasts.dismissAll();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#alive = true;
    addEventListener('pagehide', this.#onPageHide);
    addEventListener('pageshow', this.#onPageShow);
    // Moved in the DOM: start again as if the attributes were new.
    if (this.hasUpdated) this.requestUpdate('ccpUrl', undefined);
  }

  /** Leave the tab set at once (other tabs need not wait for our deadline). */
  #onPageHide = (): void => this.#stopTabs();

  /** Back from the back/forward cache: a fresh start. */
  #onPageShow = (e: PageTransitionEvent): void => {
    if (!e.persisted) return;
    this.#config = null;
    this.requestUpdate('ccpUrl', undefined);
  };

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#alive = false;
    removeEventListener('pagehide', this.#onPageHide);
    removeEventListener('pageshow', this.#onPageShow);
    this.#config = null;
    this.#stopCcp();
    this.#stopTabs();
    this.#toasts.dispose();
    clearTimeout(this.#staleTimer);
    this.#staleTimer = undefined;
    this.machine = initialState;
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('lang') && this.lang && !/^en\b/i.test(this.lang) && resolveLang(this.lang) === 'en') {
      // Not an error (the toasts still speak English), but the page asked for something else.
      console.warn(`<region-aware-ccp>: no "${this.lang}" translation is registered, so the toasts are in English. Import region-aware-ccp/translations/${this.lang.slice(0, 2).toLowerCase()}.js or call registerTranslation().`);
    }
    const relevant = [...changed.keys()].some((k) => k !== 'machine' && k !== 'ccpOptions' && k !== 'retryPolicy');
    if (!relevant && !(changed.has('ccpOptions') && this.#config)) return;
    const result = parseConfig(this);
    if (!result.ok) {
      this.#stopCcp();
      this.#stopTabs();
      this.#config = null;
      const message = result.issues.map((i) => i.message).join(' ');
      this.#dispatch({ type: 'error', code: 'config', message });
      console.error(`<region-aware-ccp>: ${message}`);
      return;
    }
    const before = this.#config;
    this.#config = result.config;
    // Applies to the next automatic reload; restarting the tab set for it would tear the CCP down.
    this.#tabs?.setReloadJitter(result.config.reloadJitterMs);
    const newTabs = !before || before.channel !== result.config.channel || before.reloadMode !== result.config.reloadMode;
    if (newTabs || CCP_KEYS.some((k) => before[k] !== result.config[k]) || changed.has('ccpOptions')) {
      // A new CCP: earlier errors no longer apply.
      this.#toasts.dismissKind('error');
      this.#stopCcp();
      this.machine = initialState;
      if (newTabs) this.#startTabs();
      else this.#startCcp();
    }
  }

  /** Joins the tabs of this instance; the first CCP start waits for a reload already under way. */
  #startTabs(): void {
    this.#stopTabs();
    const config = this.#config!;
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
        teardown: () => {
          this.#dispatch({ type: 'reloading' });
          this.#stopCcp();
        },
        reinit: () => {
          if (page) return location.reload();
          return new Promise<string | undefined>((resolve) => {
            this.#reinitDone = resolve;
            this.#startCcp();
          });
        },
        onStage: (e) => this.#onTabsStage(e),
      },
    });
    this.#tabs = tabs;
    tabs.start();
    if (alone) {
      this.#dispatch({
        type: 'error',
        code: 'tabs-unavailable',
        message: 'BroadcastChannel is missing: other tabs of this page cannot be coordinated. Close other CCP tabs before refreshing.',
      });
    }
    void tabs.initAllowed.then(() => {
      if (this.#tabs === tabs && !this.#host_) this.#startCcp();
    });
  }

  #stopTabs(): void {
    this.#tabs?.dispose();
    this.#tabs = null;
  }

  #onTabsStage(e: StageEvent): void {
    emit(this, 'rac-tabs-reload', { epoch: e.epoch, reason: e.reason, stage: e.stage });
    if (e.stage === 'waiting-for-call') this.#toast('reload', this.#t('reloadWaitingForCall'));
    else if (e.stage === 'teardown') this.#toast('reload', this.#t('reloading'));
    else if (e.stage === 'ready' && e.region) this.#toast('reload', this.#t('reloaded', { region: e.region }));
  }

  /** A text in the language of the toasts: the `lang` attribute, else the closest one in the document. */
  #t(key: MessageKey, params?: Record<string, string | number>): string {
    const inherited = this.lang || this.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang;
    return message(resolveLang(inherited || navigator.language), key, params);
  }

  #startCcp(): void {
    if (!this.#config || !this.#alive) return;
    const host = new StreamsHost((input) => this.#dispatch(input));
    try {
      host.start(this.renderRoot.querySelector('.ccp')!, this.#config, this.ccpOptions ?? {});
      this.#host_ = host;
    } catch (e) {
      host.stop();
      this.#dispatch({ type: 'error', code: 'init-failed', message: e instanceof Error ? e.message : String(e) });
    }
  }

  #stopCcp(): void {
    this.#host_?.stop();
    this.#host_ = null;
  }

  /** Runs one input through the switch machine and performs its effects. */
  #dispatch(input: MachineInput): void {
    // The config carries the machine's options; before there is one, their defaults.
    const { state, effects } = reduce(
      this.machine,
      input,
      performance.now(), // switch-machine: a monotonic clock
      this.#config ?? { staleAfterMs: DEFAULTS.staleAfterS * 1000, reloadMode: 'ccp', autoAvailable: false, autoAvailablePolicy: 'was-routable' },
    );
    this.machine = state;
    if (input.type === 'ready' || input.type === 'error') {
      this.#reinitDone?.(input.type === 'ready' ? input.region : undefined);
      this.#reinitDone = null;
    }
    if (state.region && (input.type === 'ready' || input.type === 'agent')) this.#tabs?.reportRegion(state.region);
    effects.forEach((e) => this.#perform(e));
  }

  #perform(effect: Effect): void {
    switch (effect.type) {
      case 'emit':
        emit(this, effect.name, effect.detail as never);
        break;
      case 'toast':
        // Only `switched` carries `offline`: the agent's status after the switch.
        this.#toast(
          TOAST_KIND[effect.key],
          this.#t(effect.key, effect.params) +
            (effect.params.offline ? ` ${this.#t('offline')}` : '') +
            (effect.params.capped ? ` ${this.#t('reloadCapped', effect.params)}` : ''), // switch-machine: reload cap
          effect.refresh,
        );
        break;
      case 'stale-timer':
        clearTimeout(this.#staleTimer);
        this.#staleTimer =
          effect.ms === null ? undefined : setTimeout(() => this.#dispatch({ type: 'stale-timeout' }), effect.ms);
        break;
      case 'reload':
        this.#tabs?.requestReload(effect.reason, { automatic: true });
        break;
      case 'set-available':
        void this.#setAvailable(effect.region, effect.since);
        break;
      case 'voice':
        this.#tabs?.setVoiceLive(effect.live);
        break;
    }
  }

  #toast(kind: ToastKind, message: string, refresh = false): void {
    if (kind !== 'switch-pending') this.#toasts.dismissKind('switch-pending');
    this.#toasts.show(kind, message, { refresh });
    if (this.notify && document.visibilityState === 'hidden' && typeof Notification !== 'undefined' && Notification.permission === 'granted') {
      new Notification('Amazon Connect', { body: message, tag: `rac-${kind}` });
    }
  }

  /** F4: set Available once per switch (across tabs), with bounded retries, never against the agent's own choice. */
  async #setAvailable(region: string, since: number): Promise<void> {
    const host = this.#host_;
    if (!host) return;
    // Every tab sees the switch; one of them sends the request, all of them announce the result.
    if (!(await this.#tabs?.claim(`auto-available:${region}:${since}`))) return;
    // switch-machine: still the move's Offline (same start): any state the agent picks stops the retries.
    const offline = () => this.machine.agent?.stateType === 'offline' && this.machine.agent.since === since;
    const outcome = await retry(
      () => host.setAvailable(region),
      () => this.#host_ === host && offline(),
      {
        ...this.retryPolicy,
        random: Math.random,
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
        timer: (fn, ms) => {
          const t = setTimeout(fn, ms);
          return () => clearTimeout(t);
        },
      },
    );
    if (!outcome.ok && !outcome.abandoned && this.#host_ === host) {
      this.#dispatch({ type: 'available-failed' });
      emit(this, 'rac-auto-available-failed', { region, error: outcome.error, attempts: outcome.attempts });
      this.#toast('error', this.#t('autoAvailableFailed', { region, attempts: outcome.attempts }));
    }
  }

  protected override render() {
    const toasts = this.#toasts.toasts;
    const label = this.#t('notifications');
    const pause = () => this.#toasts.pause();
    const resume = () => this.#toasts.resume();
    // Flex containers throughout: whitespace between the tags would render nothing, so there is none.
    const item = (urgent: boolean) =>
      toasts
        .filter((x) => x.urgent === urgent)
        .map(
          (x) => html`<div class="toast" part="toast" data-kind=${x.kind}><span class="message">${x.message}</span>${x.refresh
              ? html`<button part="toast-action" @click=${() => this.reloadAllTabs('agent')}>${this.#t('refreshAll')}</button>`
              : nothing}<button class="dismiss" part="toast-dismiss" aria-label=${this.#t('dismiss')} @click=${() => this.#toasts.dismiss(x.id)}><span aria-hidden="true">×</span></button></div>`,
        );
    return html`<div class="ccp" part="ccp"></div><div class="toasts" part="toasts" @pointerenter=${pause} @pointerleave=${resume} @focusin=${pause} @focusout=${resume}><div role="alert" aria-label=${label}>${item(true)}</div><div role="status" aria-live="polite" aria-label=${label}>${item(false)}</div></div>`;
  }
}
