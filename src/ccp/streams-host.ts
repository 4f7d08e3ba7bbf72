/**
 * The only module that touches the global `connect` of amazon-connect-streams. It starts and stops
 * the CCP, and turns Streams callbacks into the switch machine's inputs. Streams is a page-wide
 * singleton, so only one host may run per page at a time.
 */
import type { RacConfig } from '../config/config.js';
import type { MachineInput } from '../switch/switch-machine.js';
import { errorText, pickAvailableState } from '../switch/auto-available.js';
import { observe, regionOfArn, type AgentData } from './observation.js';

export type HostListener = (input: MachineInput) => void;

/** What the element needs from a CCP host; tests of the element may swap in another one. */
export interface CcpHost {
  start(container: HTMLElement, config: RacConfig, extraOptions: Record<string, unknown>): void;
  stop(): void;
  /** Sets the routable "Available" state of `region`, looked up in fresh agent data. */
  setAvailable(region: string): Promise<void>;
  /** Opens the sign-in window Streams could not open (call it from a click). */
  signIn(): void;
  forceFailover(): void;
}

/** The Streams internals `stop()` has to clean up after `terminate()` (see there). */
interface Keepalive {
  ackTimer: ReturnType<typeof setTimeout> | null;
  synTimer: ReturnType<typeof setTimeout> | null;
  ackSub: { unsubscribe(): void } | null;
  start: () => void;
  _deferStart: () => void;
  deferStart: () => void;
}

interface Timers {
  ccpLoadTimeoutInstance?: ReturnType<typeof setTimeout> | null;
  iframeRefreshTimeout?: ReturnType<typeof setTimeout> | null;
}

interface Conduit {
  name?: string;
  region?: string;
  onUpstream?: (event: string, f: (data: { activeRegion?: string }) => void) => unknown;
  keepaliveManager?: Keepalive;
  shutdown?: () => void;
  getAllConduits?: () => Conduit[];
  getActiveConduit?: () => { name: string };
}

interface StreamsInternals {
  core: Timers & {
    keepaliveManager?: Keepalive | null;
    popupManager: { open: (...args: unknown[]) => Window | null };
    upstream?: Conduit | null;
    agentDataProviderBackup?: unknown;
    /** The sign-in window Streams opened; Streams closes it once the agent is signed in. */
    loginWindow?: Window | null;
  };
  globalResiliency?: { conduitTimerContainerMap?: Record<string, Timers>; _activeRegion?: string | null };
  Conduit: new (name: string, a: null, b: null) => Conduit;
  isActiveConduit?: (c: Conduit) => boolean;
  EventType: Record<string, string>;
}

/**
 * Stops a Streams instance for good. `connect.core.terminate()` resets clients, bus, providers and
 * flags, but leaves running: the CCP iframes, each conduit's keepalive timers, the load/refresh
 * timers, a backup agent-data provider from a switch (a re-init would adopt it, bound to the dead
 * bus) and a few anonymous timers that later call `getUpstream()` and throw "There is no upstream
 * conduit!" into the page. This stops what can be stopped and leaves an inert upstream as a sink
 * for the rest. `lib` is the `connect` global of the window that runs Streams.
 */
export function releaseStreams(lib: unknown, container: Element | null): void {
  const c = lib as StreamsInternals & typeof connect;
  if (!c?.core) return;
  const up = c.core.upstream;
  const conduits = up?.getAllConduits?.() ?? (up ? [up] : []);
  const keepalives = new Set([c.core.keepaliveManager, ...conduits.map((x) => x.keepaliveManager)]);
  for (const k of keepalives) {
    if (!k) continue;
    k.start = k._deferStart = k.deferStart = () => {};
    k.ackSub?.unsubscribe();
    clearTimeout(k.ackTimer ?? undefined);
    clearTimeout(k.synTimer ?? undefined);
  }
  for (const t of [c.core, ...Object.values(c.globalResiliency?.conduitTimerContainerMap ?? {})]) {
    clearTimeout(t.ccpLoadTimeoutInstance ?? undefined);
    clearTimeout(t.iframeRefreshTimeout ?? undefined);
    t.ccpLoadTimeoutInstance = t.iframeRefreshTimeout = null;
  }
  // Removing every CCP iframe lets the CCP's shared worker die once no other tab holds one (F7).
  container?.replaceChildren();
  for (const x of conduits) x.shutdown?.();
  c.core.terminate();
  c.core.agentDataProviderBackup = null;
  // The timer map keeps its (now idle) entries: a late acknowledge handler still looks them up.
  if (c.globalResiliency) c.globalResiliency._activeRegion = null;
  c.core.upstream = new c.Conduit('terminated', null, null);
  delete (c.core.popupManager as Partial<StreamsInternals['core']['popupManager']>).open; // back to the prototype's
  c.core.loginWindow = null; // the next CCP asks afresh
}

/** This tab's clock moved to the server's (Streams' skew), for reports only; 0 skew before agent data. */
function serverNow(): number {
  let skew = 0;
  try {
    skew = Number((connect.core as unknown as { getSkew(): number }).getSkew()) || 0;
  } catch {
    /* no agent data yet */
  }
  return Date.now() + skew;
}

let owner: StreamsHost | null = null;

export class StreamsHost implements CcpHost {
  #container: HTMLElement | null = null;
  #config: RacConfig | null = null;
  #agent: connect.Agent | null = null;
  /** Listeners Streams puts on `window` while it starts; released on stop. */
  #windowListeners: Array<[string, EventListenerOrEventListenerObject, unknown]> = [];

  /** Opens the sign-in window Streams asked for and could not open. */
  #signIn: (() => void) | null = null;

  readonly #emit: HostListener;

  constructor(emit: HostListener) {
    this.#emit = emit;
  }

  start(container: HTMLElement, config: RacConfig, extraOptions: Record<string, unknown>): void {
    if (owner && owner !== this) {
      throw new Error('Another <region-aware-ccp> hosts the CCP: Streams allows one per page.');
    }
    if (typeof connect === 'undefined' || !connect.core) {
      throw new Error('amazon-connect-streams is not loaded.');
    }
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the page-wide owner is this host
    owner = this;
    this.#container = container;
    this.#config = config;
    const { region, loginUrl } = config;
    const options: Record<string, unknown> = {
      // Defaults a page may change through `ccpOptions`; the URLs and Global Resiliency are ours.
      loginPopup: true,
      loginPopupAutoClose: true,
      ...extraOptions,
      ccpUrl: config.ccpUrl,
      softphone: { allowFramedSoftphone: true, ...(extraOptions.softphone as object | undefined) },
      ...(region && { region }),
      // Global Resiliency implies a login URL (config.ts).
      ...(loginUrl && { loginUrl }),
      ...(config.globalResiliency && { secondaryCCPUrl: config.secondaryCcpUrl, enableGlobalResiliency: true }),
    };
    this.#captureWindowListeners(() => connect.core.initCCP(container, options as unknown as connect.InitCCPOptions));
    this.#subscribe();
  }

  #subscribe(): void {
    const internals = connect as unknown as StreamsInternals;
    const fail = (code: string, message: string) => this.#emit({ type: 'error', code, message });
    const data = (agent: connect.Agent): MachineInput => {
      const obs = observe((agent as unknown as { _getData(): AgentData })._getData());
      return { type: 'agent', obs, ccpUrl: this.#activeUrl(obs.region), at: serverNow() };
    };
    connect.agent((agent) => {
      this.#agent = agent;
      const region = this.#activeRegion(agent);
      this.#emit({ type: 'ready', region, ccpUrl: this.#activeUrl() });
      this.#emit(data(agent));
      agent.onRefresh((a) => {
        this.#agent = a;
        this.#emit(data(a));
      });
    });
    if (this.#config?.globalResiliency) {
      // The raw events of each CCP, not Streams' callbacks: those dedupe a detection per target and
      // never reset (a retry after a cancelled move fires none). Which CCP sent it goes along: the
      // machine ignores the other CCP's late relay of a round (docs/switch-machine.md).
      for (const kind of ['detected', 'pending'] as const) {
        for (const c of internals.core.upstream?.getAllConduits?.() ?? []) {
          c.onUpstream?.(`globalResiliency::failover_${kind}`, (d) => {
            if (!d?.activeRegion) return;
            const active = internals.isActiveConduit?.(c) ?? true;
            this.#emit({ type: 'hint', kind, target: d.activeRegion, ccp: c.region ?? null, active, at: serverNow() });
          });
        }
      }
      connect.globalResiliency.onConfigureError((e: unknown) => fail('configure-error', `Global Resiliency configure error: ${errorText(e)}`));
    }
    connect.core.onAuthFail(() => fail('auth-fail', 'The CCP session is not authenticated.'));
    connect.core.onAccessDenied(() => fail('access-denied', 'The agent has no access to the CCP.'));
    connect.core.onIframeRetriesExhausted(() => fail('load-timeout', 'The CCP did not load after several attempts.'));
    // Streams opens the sign-in popup when the CCP does not answer; a blocked popup raises nothing.
    // Without a user gesture (Streams' own timer, a reload another tab asked for) the browser blocks
    // it anyway: the agent gets a button instead, whose click may open it.
    const core = internals.core;
    const popups = core.popupManager;
    const open = popups.open;
    popups.open = (...args: unknown[]) => {
      // Streams' popup manager reuses a sign-in window still open (the agent's click opened it).
      const shown = core.loginWindow && !core.loginWindow.closed;
      const win = !shown && navigator.userActivation?.isActive === false ? null : open.apply(popups, args);
      if (!win) {
        // Streams closes the window it knows as `loginWindow` once the agent is signed in.
        this.#signIn = () => (core.loginWindow = open.apply(popups, args));
        fail('login-popup-blocked', 'The sign-in popup was blocked: the toast offers a button.');
      }
      return win;
    };
  }

  /** The region the CCP serves now: Streams' GR state, else the routing profile ARN, else the attribute. */
  #activeRegion(agent: connect.Agent): string {
    const c = this.#config!;
    const gr = c.globalResiliency ? connect.globalResiliency.getActiveRegion() : null;
    return gr || regionOfArn(agent.getRoutingProfile()?.routingProfileId) || c.region || '';
  }

  /**
   * The full CCP URL the page configured for `region`'s conduit, else the active one (Streams names
   * conduits by origin). By region, so agent data names its own CCP even while Streams swaps them.
   */
  #activeUrl(region: string | null = null): string {
    const c = this.#config!;
    const up = (connect as unknown as StreamsInternals).core.upstream;
    const name = (region && up?.getAllConduits?.().find((x) => x.region === region)?.name) || up?.getActiveConduit?.().name;
    return [c.ccpUrl, c.secondaryCcpUrl].find((u) => u && new URL(u).origin === name) ?? c.ccpUrl;
  }

  signIn(): void {
    this.#signIn?.();
    this.#signIn = null;
  }

  async setAvailable(region: string): Promise<void> {
    const agent = this.#agent;
    if (!agent) throw new Error('No agent data yet.');
    const state = pickAvailableState(agent.getAgentStates(), region);
    if (!state) throw new Error(`No routable Available state in ${region}.`);
    await new Promise<void>((resolve, reject) =>
      agent.setState(state as connect.AgentStateDefinition, {
        success: () => resolve(),
        failure: (err: unknown) => reject(new Error(errorText(err))),
      }),
    );
  }

  forceFailover(): void {
    if (this.#config?.globalResiliency && this.#agent) (connect.globalResiliency as unknown as { forceFailover(): void }).forceFailover();
  }

  stop(): void {
    if (owner !== this) return;
    releaseStreams(connect, this.#container);
    for (const [type, fn, opts] of this.#windowListeners) window.removeEventListener(type, fn, opts as EventListenerOptions);
    this.#windowListeners = [];
    this.#container = null;
    this.#agent = null;
    this.#signIn = null;
    owner = null;
  }

  /** Records window listeners Streams adds during `initCCP`, so that `stop()` can remove them. */
  #captureWindowListeners(run: () => void): void {
    const add = window.addEventListener;
    const record = this.#windowListeners;
    window.addEventListener = function (this: Window, type: string, fn: EventListenerOrEventListenerObject | null, opts?: unknown) {
      if (fn) record.push([type, fn, opts]);
      return add.call(this, type, fn as EventListenerOrEventListenerObject, opts as AddEventListenerOptions);
    } as typeof window.addEventListener;
    try {
      run();
    } finally {
      window.addEventListener = add;
    }
  }
}
