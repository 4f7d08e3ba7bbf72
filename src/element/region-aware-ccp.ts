import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { DEFAULTS, parseConfig, type RacConfig, type ReloadMode, type AutoAvailablePolicy, type AutoAvailableControl } from '../config/config.js';
import { message, type MessageKey } from '../i18n/messages.js';
import { emit } from '../events/events.js';
import { initialState, reduce, type Effect, type MachineInput, type MachineOptions, type Phase, type SwitchState } from '../switch/switch-machine.js';
import { DEFAULT_RETRY, errorText } from '../switch/auto-available.js';
import { ToastStack, type Phrase, type Toast, type ToastAction, type ToastKind } from '../ui/toast-stack.js';
import type { StageEvent, TabStats } from '../tabs/tab-coordinator.js';
import { LocalizeController } from '../controllers/localize.js';
import { TabsController } from '../controllers/tabs.js';
import { CcpController } from '../controllers/ccp.js';
import { AutoAvailableController, type AvailableOutcome } from '../controllers/auto-available.js';
import { styles } from './styles.js';

const TOAST_KIND = {
  switchPending: 'switch-pending',
  switched: 'switched',
  contactsEnded: 'contacts-ended',
  stale: 'refresh-needed',
  callDropped: 'refresh-needed',
  offline: 'offline',
  setAvailable: 'status',
  error: 'error',
} as const satisfies Record<string, ToastKind>;

/** A region code (us-west-2, us-gov-west-1) in a toast: it never breaks at its hyphens. */
const REGION = /\b([a-z]{2}(?:-[a-z]+)+-\d)\b/;

/** The machine's options before any valid configuration (auto-available: the element's effective value). */
const MACHINE_DEFAULTS: Omit<MachineOptions, 'autoAvailable'> = {
  staleAfterMs: DEFAULTS.staleAfterS * 1000,
  reloadMode: 'ccp',
  autoAvailablePolicy: 'was-routable',
};

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
 * @fires {CustomEvent<{code: string, message: string}>} rac-error - Something failed; `code` is stable (`config`, `login-popup-blocked`, `load-timeout`, `effect-failed`, …).
 * @fires {CustomEvent<{enabled: boolean, source: 'agent' | 'attribute' | 'other-tab'}>} rac-auto-available-change - The effective auto-available option (`autoAvailable`) changed: by the agent in this tab (or their stored choice, once the agent is known), by `auto-available` / `auto-available-control`, or by the agent in another tab.
 *
 * @attr {string} [lang=inherited] - Language of the toasts (`en`, or any registered translation such as `de`). Not set by the element: like any `lang`, the nearest one (on the element or an ancestor) applies, else the browser's; a change re-words the toasts shown.
 *
 * @csspart ccp - The box that holds the CCP iframes.
 * @csspart toasts - The toast stack (a live region).
 * @csspart toast - One toast; its `data-kind` says which (switch-pending, switched, contacts-ended, status, offline, refresh-needed, reload, error). `offline`: the agent is Offline after a move and should set themselves Available; it stays until they are (or dismiss it).
 * @csspart toast-action - The button of a toast: "Refresh CCP in all tabs" (`data-action="refresh"`), "Sign in" when the browser blocked the sign-in window (`data-action="sign-in"`), or "Reload this tab" when a newer version is open in another tab (`data-action="reload-tab"`; during a voice call it only says to reload after the call).
 * @csspart toast-dismiss - The dismiss button of a toast.
 * @csspart auto-available-toggle - The agent's auto-available option: a switch (`role="switch"`, `aria-checked`) in a slim bar below the CCP; `aria-disabled` when `auto-available-control="locked"`.
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
 * @cssprop [--rac-toast-top=56px] - Where the toast stack starts: below the CCP's status bar, clear of its call controls at the bottom.
 * @cssprop [--rac-toast-bottom=auto] - Set it (and `--rac-toast-top: auto`) to stack the toasts at the bottom instead.
 * @cssprop [--rac-toast-max-height=55%] - The stack's height limit; beyond it the toasts scroll, never covering the call controls.
 * @cssprop [--rac-focus-ring=#93c5fd] - Focus outline of toast buttons and the option.
 * @cssprop [--rac-option-background=#f3f4f6] - The option's bar background.
 * @cssprop [--rac-option-color=#111827] - The option's text colour.
 * @cssprop [--rac-option-accent=#2563eb] - The switch's track when on.
 */
export class RegionAwareCcp extends LitElement {
  static override styles = styles;
  static override properties = {
    ccpUrl: { attribute: 'ccp-url', reflect: true },
    secondaryCcpUrl: { attribute: 'secondary-ccp-url', reflect: true },
    loginUrl: { attribute: 'login-url', reflect: true },
    region: { reflect: true },
    autoAvailable: { attribute: 'auto-available', type: Boolean, noAccessor: true },
    autoAvailablePolicy: { attribute: 'auto-available-policy', reflect: true },
    autoAvailableControl: { attribute: 'auto-available-control', reflect: true },
    staleAfter: { attribute: 'stale-after' },
    reloadMode: { attribute: 'reload-mode', reflect: true },
    reloadJitter: { attribute: 'reload-jitter' },
    toastTimeout: { attribute: 'toast-timeout' },
    notify: { type: Boolean, reflect: true },
    channel: { reflect: true },
    ccpOptions: { attribute: false },
    retryPolicy: { attribute: false },
    regionLabels: { attribute: false },
  };

  /** The CCP URL of the primary region, e.g. `https://<alias>.my.connect.aws/ccp-v2/`. Required; https (http only for localhost). */
  ccpUrl: string | null = null;
  /** The other region's CCP URL. With `login-url`, turns on Global Resiliency. */
  secondaryCcpUrl: string | null = null;
  /** The global sign-in URL (Global Resiliency) or your SAML/login URL. */
  loginUrl: string | null = null;
  /** AWS region passed to Streams (needed for chat). */
  region: string | null = null;
  /**
   * Set the agent Available in the new region after a switch. Reading it gives the effective value:
   * the agent's own choice when `auto-available-control` is `shown` and they made one, else the
   * attribute. Setting it sets the attribute, the organisation's default (the agent's choice still wins).
   * @default false
   */
  get autoAvailable(): boolean {
    return (this.autoAvailableControl === 'shown' ? this.#auto.choice : null) ?? this.#default;
  }
  set autoAvailable(on: boolean) {
    const old = this.autoAvailable;
    this.#default = on;
    this.toggleAttribute('auto-available', on);
    this.requestUpdate('autoAvailable', old);
  }
  /** `was-routable`: only if the agent was in a routable state before the switch; `always`. */
  autoAvailablePolicy: AutoAvailablePolicy = 'was-routable';
  /**
   * The agent's auto-available option: `shown` (they may change it; their choice is kept per agent in
   * this browser and applies in every tab), `locked` (shown, read-only: the centre decides), `hidden` (no option).
   */
  autoAvailableControl: AutoAvailableControl = 'shown';
  /** Seconds to wait for an expected switch (after the last voice call ended) before offering a refresh. */
  staleAfter: string | number = DEFAULTS.staleAfterS;
  /** `ccp`: re-initialise the CCP in place; `page`: reload the page; `manual`: only offer a button. */
  reloadMode: ReloadMode = 'ccp';
  /** Automatic reloads wait a random 0..N seconds so a floor of agents does not hit the service at once. */
  reloadJitter: string | number = DEFAULTS.reloadJitterS;
  /** Seconds informational toasts stay (0 = until dismissed). Toasts that ask for action always stay. */
  toastTimeout: string | number = DEFAULTS.toastTimeoutS;
  /** Show a desktop notification (when permission is granted) for toasts while the page is hidden. */
  notify = false;
  /** BroadcastChannel name shared by the tabs of one instance; derived from `ccp-url` by default. */
  channel: string | null = null;
  /**
   * Any other `connect.core.initCCP` options (softphone, pageOptions, loginOptions, …); the element's
   * own win. Compared by value: setting an equal object (an inline literal on every render) changes
   * nothing; a different one starts a new CCP, after the live voice call if there is one.
   */
  ccpOptions: Record<string, unknown> = {};
  /**
   * Auto-available retries: attempts, first delay and cap (ms); delays double, each wait is a random 0 up to its delay (full jitter); an attempt unanswered after `attemptTimeoutMs` failed.
   * `firstSpreadMs` (default 6000): the first request waits a random 0 up to this long, so that a floor of agents switched together does not send them in one second (0: at once).
   */
  retryPolicy: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number; attemptTimeoutMs?: number; firstSpreadMs?: number } = { ...DEFAULT_RETRY };
  /**
   * Names for the regions in every toast, e.g. `{ 'us-east-1': 'Virginia', 'us-west-2': 'Oregon' }`:
   * the sites as the contact centre calls them (a region without one reads as its code). A change
   * re-words the toasts shown.
   */
  regionLabels: Record<string, string> = {};

  #machine: SwitchState = initialState;
  /** The `auto-available` attribute: the organisation's default. */
  #default = false;
  /** The effective option last told; null before the first update (its value is no change). */
  #on: boolean | null = null;
  /** The last valid configuration: the switch machine's options apply from it at once. */
  #config: RacConfig | null = null;
  /** The attributes are invalid: the CCP stops (after the live call, if one is). */
  #invalid = false;
  #staleTimer: ReturnType<typeof setTimeout> | undefined;
  /** `new Notification` threw once (Android Chrome has no such constructor): no more tries. */
  #notifyBroken = false;

  readonly #l10n = new LocalizeController(this);
  readonly #toasts = new ToastStack(
    { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as number) },
    () => this.#config?.toastTimeoutMs ?? DEFAULTS.toastTimeoutS * 1000,
    () => this.requestUpdate(),
  );
  readonly #tabs: TabsController = new TabsController(this, {
    teardown: (automatic) => this.#ccp.teardown(automatic),
    reinit: () => this.#ccp.reinit(),
    stage: (e) => this.#onTabsStage(e),
    alone: () =>
      this.#dispatch({
        type: 'error',
        code: 'tabs-unavailable',
        message: 'No BroadcastChannel: tabs not coordinated.',
      }),
    heard: (topic, payload) => this.#auto.heard(topic, payload),
    newerVersion: () => this.#toast('refresh-needed', [{ key: 'newerVersion' }], { action: 'reload-tab' }),
    // The reload cap's times are monotonic: carried across the page reload on the wall clock's origin.
    save: () => JSON.stringify({ ...this.#machine, reloads: this.#machine.reloads.map((r) => ({ ...r, at: r.at + performance.timeOrigin })) }),
    restore: (saved) => {
      try {
        const s = JSON.parse(saved) as SwitchState;
        const reloads = Array.isArray(s.reloads) ? s.reloads.map((r) => ({ ...r, at: r.at - performance.timeOrigin })) : [];
        this.#machine = { ...initialState, ...s, reloads };
      } catch {
        // Not ours, or damaged: start afresh, as a tab without a saved state does.
      }
    },
  });
  readonly #ccp: CcpController = new CcpController(this, this.#tabs, {
    input: (input) => this.#dispatch(input),
    reset: (starting) => this.#reset(starting),
  });
  readonly #auto: AutoAvailableController = new AutoAvailableController(this, this.#ccp, this.#tabs, {
    policy: () => this.retryPolicy,
    agent: () => this.#machine.agent,
    // "Setting you Available…" replaces the request to do it oneself.
    trying: (region) => (this.#toasts.dismissKind('offline'), this.#toast('status', [{ key: 'settingAvailable', params: { region } }], { sticky: true })),
    settled: (o) => this.#onAvailableSettled(o),
    enabled: () => this.autoAvailable,
    changed: (source) => this.#sync(source),
  });

  /** The region the agent works in now, or null before the CCP is ready. */
  get activeRegion(): string | null {
    return this.#machine.region;
  }

  /** Where the element is in its life and in a switch. */
  get phase(): Phase {
    return this.#invalid && !this.#ccp.host ? 'error' : this.#machine.phase;
  }

  /** For support and tests: tab-channel counters (sent, received, invalid, ignored) and leadership. */
  get diagnostics(): { tabs: TabStats | null; leader: boolean } {
    return { tabs: this.#tabs.set?.stats() ?? null, leader: this.#tabs.set?.isLeader ?? false };
  }

  /** Tear down and re-initialise the CCP in every tab of this instance, waiting for live voice calls. */
  reloadAllTabs(reason = 'manual'): void {
    this.#tabs.set?.requestReload(reason);
  }

  /** Ask Streams to complete a pending switch now (Global Resiliency only). */
  forceFailover(): void {
    this.#ccp.host?.forceFailover();
  }

  /** Remove every toast (for example when the host page shows its own summary). */
  dismissToasts(): void {
    this.#toasts.dismiss(() => true);
  }

  /**
   * A state-preserving move (`Element.moveBefore`, Chrome 133+): the CCP, its iframes, the tab set and
   * the toasts stay. A plain remove and insert cannot keep iframes: that is a new start.
   * @internal
   */
  connectedMoveCallback(): void {
    this.#l10n.moved();
    this.#toasts.resume(); // a moved element gets no pointerleave or focusout
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback(); // the controllers stop the CCP and leave the tab set
    this.#toasts.dispose();
  }

  /** Validates the attributes and hands them to the CCP controller, which decides what to restart, and when. */
  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.size) return; // a toast came or went
    this.#sync('attribute');
    const result = parseConfig(this);
    if (!result.ok) {
      const message = result.issues.map((i) => i.message).join(' ');
      console.error(`<region-aware-ccp>: ${message}`);
      this.#invalid = true;
      this.#ccp.configure(null);
      // Not through the machine: during a call the running CCP and its switch go on.
      emit(this, 'rac-error', { code: 'config', message });
      this.#toast('error', [{ key: 'error', params: { code: 'config' } }]);
      return;
    }
    if (this.#invalid) this.#toasts.dismissKind('error');
    this.#invalid = false;
    this.#config = result.config;
    this.#tabs.set?.setReloadJitter(result.config.reloadJitterMs); // for the next reload; no new CCP needed
    this.#ccp.configure({ config: result.config, options: this.ccpOptions ?? {} });
  }

  /** A CCP life ended: a fresh machine; a new CCP clears the old one's errors. */
  #reset(starting: boolean): void {
    this.#machine = initialState;
    clearTimeout(this.#staleTimer);
    this.#staleTimer = undefined;
    this.#toasts.dismissKind('switch-pending');
    if (starting) this.#toasts.dismissKind('error');
  }

  /** Runs one input through the switch machine and performs its effects, each on its own. */
  #dispatch(input: MachineInput): void {
    const { state, effects } = reduce(this.#machine, input, performance.now(), { ...(this.#config ?? MACHINE_DEFAULTS), autoAvailable: this.autoAvailable });
    this.#machine = state;
    if (state.region && (input.type === 'ready' || input.type === 'agent')) this.#tabs.set?.reportRegion(state.region);
    // The "moving after this call" toast holds exactly while the machine waits for the call.
    if (state.phase !== 'switch-pending') this.#toasts.dismissKind('switch-pending');
    // The request to set oneself Available goes once the data says the agent is.
    if (state.agent?.selectedType === 'routable') this.#toasts.dismissKind('offline');
    for (const effect of effects) this.#safely(effect.type, () => this.#perform(effect));
    if (input.type === 'agent' && this.#config) this.#auto.identify(`${this.#config.channel}#auto-available#${input.obs.agent}`);
  }

  /** The effective option may have changed: said once per change, and the machine hears of it. */
  #sync(source: 'agent' | 'attribute' | 'other-tab'): void {
    const on = this.autoAvailable;
    const was = this.#on;
    this.#on = on;
    if (was === on) return;
    this.requestUpdate();
    if (was === null) return;
    emit(this, 'rac-auto-available-change', { enabled: on, source });
    this.#dispatch({ type: 'auto-available' });
    if (!on) this.#auto.stop();
  }

  // `voice` needs nothing here: the CCP controller tells the tab set, from Streams' agent data.
  #perform(effect: Effect): void {
    switch (effect.type) {
      case 'emit':
        emit(this, effect.name, effect.detail as never);
        break;
      case 'toast': {
        const { key, params } = effect;
        // The move arrived: "it has not arrived" is no longer true.
        if (key === 'switched') this.#toasts.dismiss((t) => t.text[0].key === 'stale');
        this.#toast(
          TOAST_KIND[key],
          // `capped`: why no automatic reload.
          [{ key, params }, ...(params.capped ? [{ key: 'reloadCapped', params } as const] : [])],
          { action: params.code === 'login-popup-blocked' ? 'sign-in' : effect.refresh ? 'refresh' : null },
        );
        break;
      }
      case 'stale-timer':
        clearTimeout(this.#staleTimer);
        this.#staleTimer =
          effect.ms === null ? undefined : setTimeout(() => this.#dispatch({ type: 'stale-timeout' }), effect.ms);
        break;
      case 'reload':
        this.#tabs.set?.requestReload(effect.reason, { automatic: true });
        break;
      case 'set-available':
        void this.#auto.request(effect.region, effect.since);
        break;
    }
  }

  /** One effect that throws (say `new Notification` on Android Chrome) never loses the others: it is reported. */
  #safely(what: string, run: () => void): void {
    try {
      run();
    } catch (e) {
      const message = `${what} failed: ${errorText(e)}`;
      console.error(`<region-aware-ccp>: ${message}`);
      emit(this, 'rac-error', { code: 'effect-failed', message });
    }
  }

  #onTabsStage(e: StageEvent): void {
    emit(this, 'rac-tabs-reload', { epoch: e.epoch, reason: e.reason, stage: e.stage });
    const key = { 'waiting-for-call': 'reloadWaitingForCall', teardown: 'reloading', ready: 'reloaded' }[e.stage as string];
    // The reload the refresh buttons ask for ran: their requests are done.
    if (e.stage === 'ready') this.#toasts.dismiss((t) => t.action === 'refresh');
    if (key && (e.stage !== 'ready' || e.region)) this.#toast('reload', [{ key: key as MessageKey, params: { region: e.region ?? '' } }]);
    // The agent must open or close the sleeping tab: this one stays until the next reload toast replaces it.
    if (e.stage === 'blocked') this.#toast('reload', [{ key: 'reloadBlocked', params: { tabs: e.blocking?.filter(Boolean).join(', ') || '?' } }], { sticky: true });
    if (e.stage === 'done' && e.otherVersion) this.#toast('refresh-needed', [{ key: 'otherVersionTabs', params: { count: e.otherVersion } }]);
  }

  /** Every tab says how auto-available ended, whichever tab sent the request (F4). */
  #onAvailableSettled(o: AvailableOutcome): void {
    // Available: the machine says so from the agent data, replacing the "trying" toast.
    if (o.result === 'available') return;
    this.#toasts.dismissKind('status');
    // Stopped (the option turned off, a new CCP, whose machine starts afresh): an agent still Offline
    // must know they stay so.
    if (o.result === 'stopped') return void ((this.#machine.agent?.stateType ?? 'offline') === 'offline' && this.#toast('offline', [{ key: 'offline' }]));
    this.#dispatch({ type: 'available-failed' });
    emit(this, 'rac-auto-available-failed', { region: o.region, error: o.error, attempts: o.attempts });
    this.#toast('error', [{ key: 'autoAvailableFailed', params: { region: o.region, attempts: o.attempts } }]);
  }

  #toast(kind: ToastKind, text: Phrase[], opts: { action?: ToastAction | null; sticky?: boolean } = {}): void {
    this.#toasts.show(kind, text, opts);
    if (this.notify && !this.#notifyBroken && document.visibilityState === 'hidden' && typeof Notification !== 'undefined' && Notification.permission === 'granted') {
      this.#safely('notification', () => {
        this.#notifyBroken = true;
        new Notification('Amazon Connect', { body: this.#words(text), tag: `rac-${kind}` });
        this.#notifyBroken = false;
      });
    }
  }

  #words(text: Phrase[]): string {
    return text.map((p) => message(this.#l10n.lang, p.key, p.params, this.regionLabels ?? {})).join(' ');
  }

  #act(toast: Toast): void {
    if (toast.action === 'refresh') return this.reloadAllTabs('agent');
    this.#toasts.dismiss((t) => t === toast);
    if (toast.action === 'sign-in') this.#ccp.signIn();
    // Never during a voice call (F1): the agent is told so, and the button stays for after the call.
    else if (this.#ccp.voice) this.#toast('refresh-needed', [{ key: 'newerVersion' }, { key: 'reloadTabAfterCall' }], { action: 'reload-tab' });
    else location.reload();
  }

  protected override render() {
    const t = (key: MessageKey) => this.#l10n.t(key);
    const label = t('notifications');
    const pause = () => this.#toasts.pause();
    const resume = () => this.#toasts.resume();
    const toasts = (urgent: boolean) =>
      this.#toasts.toasts
        .filter((x) => x.urgent === urgent)
        .map(
          (x) => html`
            <div class="toast" part="toast" data-kind=${x.kind}>
              <span class="message">${this.#words(x.text).split(REGION).map((w, i) => (i % 2 ? html`<span class="region">${w}</span>` : w))}</span>
              ${x.action
                ? html`
                    <button part="toast-action" data-action=${x.action} @click=${() => this.#act(x)}>
                      ${t(x.action === 'sign-in' ? 'signIn' : x.action === 'reload-tab' ? 'reloadTab' : 'refreshAll')}
                    </button>
                  `
                : nothing}
              <button class="dismiss" part="toast-dismiss" aria-label=${t('dismiss')} @click=${() => this.#toasts.dismiss((t) => t === x)}>
                <span aria-hidden="true">×</span>
              </button>
            </div>
          `,
        );
    const control = this.autoAvailableControl;
    const locked = control === 'locked';
    const flip = () => {
      if (!locked) this.#auto.choose(!this.autoAvailable);
    };
    // The toasts say which language they speak (it may not be the page's, without a translation).
    return html`
      <div class="ccp${control === 'hidden' ? '' : ' bar'}" part="ccp"></div>
      ${control === 'hidden'
        ? nothing
        : html`
            <button class="opt" part="auto-available-toggle" role="switch" aria-checked=${this.autoAvailable} aria-disabled=${locked || nothing} lang=${this.#l10n.lang} @click=${flip}>
              ${t('autoAvailableOption')} ${locked ? t('autoAvailableLocked') : ''}
            </button>
          `}
      <div
        class="toasts"
        part="toasts"
        lang=${this.#l10n.lang}
        @pointerenter=${pause}
        @pointerleave=${resume}
        @focusin=${pause}
        @focusout=${resume}
      >
        <div role="alert" aria-label=${label}>${toasts(true)}</div>
        <div role="status" aria-live="polite" aria-label=${label}>${toasts(false)}</div>
      </div>
    `;
  }
}
