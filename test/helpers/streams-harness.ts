// Drives the real amazon-connect-streams (a global `connect`, in this window or in a "tab" iframe)
// against the CCP simulator, records what it reports, and tears it down cleanly.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { releaseStreams } from '../../src/ccp/streams-host.js';

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

/** Tear Streams down so that nothing it started keeps running: the element's own recipe (see there). */
export function teardownStreams(connect: Connect, container?: HTMLElement | null): void {
  releaseStreams(connect, container ?? null);
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
