// Drives the real amazon-connect-streams (a global `connect`, in this window or in a "tab" iframe)
// against the CCP simulator, records what it reports, and tears it down cleanly.
/* eslint-disable @typescript-eslint/no-explicit-any */

export type Connect = any;

export interface Recorder {
  connect: Connect;
  container: HTMLElement;
  initialized: number;
  agentCalls: number;
  detected: any[];
  pending: any[];
  completed: any[];
  configureErrors: any[];
  ackTimeouts: number;
}

export interface InitOptions {
  ccpUrl: string;
  secondaryCcpUrl?: string | null;
  loginUrl?: string;
  /** Extra initCCP params (e.g. ccpLoadTimeout). */
  params?: Record<string, unknown>;
}

/** initCCP (Global Resiliency when a secondary URL is given) and record the GR callbacks. */
export function startStreams(connect: Connect, container: HTMLElement, opts: InitOptions): Recorder {
  const rec: Recorder = {
    connect,
    container,
    initialized: 0,
    agentCalls: 0,
    detected: [],
    pending: [],
    completed: [],
    configureErrors: [],
    ackTimeouts: 0,
  };
  const gr = !!opts.secondaryCcpUrl;
  connect.core.initCCP(container, {
    ccpUrl: opts.ccpUrl,
    loginPopup: false,
    ...(gr ? { secondaryCCPUrl: opts.secondaryCcpUrl, enableGlobalResiliency: true, loginUrl: opts.loginUrl } : {}),
    ...(opts.params ?? {}),
  });
  connect.core.onInitialized(() => rec.initialized++);
  connect.agent(() => rec.agentCalls++);
  connect.core.getEventBus().subscribe(connect.EventType.ACK_TIMEOUT, () => rec.ackTimeouts++);
  if (gr) {
    connect.globalResiliency.onFailoverDetected((d: any) => rec.detected.push(d));
    connect.globalResiliency.onFailoverPending((d: any) => rec.pending.push(d));
    connect.globalResiliency.onFailoverCompleted((d: any) => rec.completed.push(d));
    connect.globalResiliency.onConfigureError((d: any) => rec.configureErrors.push(d));
  }
  return rec;
}

/**
 * Tear Streams down so that nothing it started keeps running. connect.core.terminate() alone
 * resets clients, the event bus, providers and flags, but leaves:
 *  - the CCP iframes in the container;
 *  - each conduit's KeepaliveManager timers (synTimer / ackTimer / ackSub), which keep sending
 *    `synchronize` and call connect.isActiveConduit() -> connect.core.getUpstream() -> throws
 *    "There is no upstream conduit!";
 *  - GR: connect.globalResiliency.conduitTimerContainerMap[*].ccpLoadTimeoutInstance and
 *    iframeRefreshTimeout; non-GR: connect.core.ccpLoadTimeoutInstance / iframeRefreshTimeout;
 *  - connect.core.agentDataProviderBackup (set during a switch; a re-init would adopt it, bound to
 *    the dead event bus, and connect.agent() would never fire again) and globalResiliency._activeRegion;
 *  - anonymous timers it cannot cancel: the 250 ms global-sign-in validation fallback, the 1 s
 *    initialisation metrics after the first acknowledge, the 30 s GR partial-init check, the 10 s
 *    iframe_style report. These call connect.publishMetric()/getUpstream() later.
 *  - the conduits' window "message" listeners (inert once the iframes are gone).
 * Recipe: stop the keepalives and clear the load/refresh timers, empty the container, shut the
 * conduits' buses, terminate, drop the stale backup provider, and leave an inert upstream
 * (a Conduit over NullStreams) so the uncancellable timers find a sink instead of throwing.
 */
export function teardownStreams(connect: Connect, container?: HTMLElement | null): void {
  if (!connect?.core) return;
  const up = connect.core.upstream;
  const conduits: any[] = up && typeof up.getAllConduits === 'function' ? up.getAllConduits() : up ? [up] : [];
  const managers = new Set<any>(conduits.map((c) => c.keepaliveManager).filter(Boolean));
  if (connect.core.keepaliveManager) managers.add(connect.core.keepaliveManager);
  for (const km of managers) {
    clearTimeout(km.synTimer);
    clearTimeout(km.ackTimer);
    km.ackSub?.unsubscribe?.();
    km.start = () => {};
    km._deferStart = () => {};
    km.deferStart = () => {};
  }
  const timers = connect.globalResiliency?.conduitTimerContainerMap ?? {};
  for (const t of Object.values<any>(timers)) {
    clearTimeout(t.ccpLoadTimeoutInstance);
    clearTimeout(t.iframeRefreshTimeout);
    t.ccpLoadTimeoutInstance = null;
    t.iframeRefreshTimeout = null;
  }
  clearTimeout(connect.core.ccpLoadTimeoutInstance);
  clearTimeout(connect.core.iframeRefreshTimeout);
  connect.core.ccpLoadTimeoutInstance = null;
  connect.core.iframeRefreshTimeout = null;
  if (container) container.replaceChildren();
  for (const c of conduits) c.shutdown?.();
  connect.core.terminate();
  connect.core.agentDataProviderBackup = null;
  if (connect.globalResiliency) {
    connect.globalResiliency._activeRegion = null;
    connect.globalResiliency.conduitTimerContainerMap = {};
  }
  connect.core.upstream = new connect.Conduit('terminated', null, null);
}

export async function waitUntil<T>(fn: () => T | Promise<T>, { timeoutMs = 8000, intervalMs = 20, message = 'condition' } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let v: T | undefined;
    try {
      v = await fn();
    } catch {
      v = undefined;
    }
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${message}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** The agent object once Streams has agent data (else null). */
export function agentOf(connect: Connect): any | null {
  try {
    const a = new connect.Agent();
    a.getState();
    return a;
  } catch {
    return null;
  }
}

/** Wait until Streams' agent data belongs to `region` (ARNs / routing profile carry the region). */
export function waitForAgentIn(connect: Connect, region: string, extra?: (agent: any) => boolean, timeoutMs = 8000): Promise<any> {
  return waitUntil(
    () => {
      const a = agentOf(connect);
      if (!a) return null;
      const rp = a.getRoutingProfile().routingProfileARN as string;
      const arns = (a.getAgentStates() as any[]).every((s) => String(s.agentStateARN).includes(`:${region}:`));
      return rp.includes(`:${region}:`) && arns && (!extra || extra(a)) ? a : null;
    },
    { timeoutMs, message: `agent data in ${region}` },
  );
}

/** A separate "browser tab": an iframe whose document is a plain host page that loads Streams. */
export interface Tab {
  frame: HTMLIFrameElement;
  win: Window & { connect: Connect };
  container: HTMLElement;
  remove(): void;
}

export async function openTab(streamsSrc = '/node_modules/amazon-connect-streams/release/connect-streams.js'): Promise<Tab> {
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width:320px;height:240px;border:1px solid #ccc';
  frame.srcdoc = `<!doctype html><html><body><div id="ccp" style="width:300px;height:200px"></div><script src="${new URL(streamsSrc, location.href).href}"></script></body></html>`;
  const loaded = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
  document.body.appendChild(frame);
  await loaded;
  const win = frame.contentWindow as Window & { connect: Connect };
  await waitUntil(() => win.connect?.core, { message: 'Streams in the tab' });
  const container = win.document.getElementById('ccp') as HTMLElement;
  return {
    frame,
    win,
    container,
    remove() {
      try {
        teardownStreams(win.connect, container);
      } finally {
        frame.remove();
      }
    },
  };
}
