// Reads <region-aware-ccp> as an agent and a host page would: its events, toasts and CCP frames,
// without tests reaching into shadow-DOM details.
import '../../src/region-aware-ccp.js';
import type { RegionAwareCcp } from '../../src/region-aware-ccp.js';
import type { RacEventDetails, RacEventName } from '../../src/events/events.js';
import type { Session } from '../../simulator/client.mjs';
import { newSession, releaseSessions } from './sim.js';

const NAMES: RacEventName[] = [
  'rac-ready',
  'rac-switch-detected',
  'rac-switch-pending',
  'rac-switched',
  'rac-agent-available',
  'rac-auto-available-failed',
  'rac-stale',
  'rac-tabs-reload',
  'rac-error',
  'rac-auto-available-change',
];

export interface Logged<K extends RacEventName = RacEventName> {
  name: K;
  detail: RacEventDetails[K];
}

export interface ToastView {
  kind: string;
  text: string;
  role: string | null;
  hasRefresh: boolean;
}

/** Page errors (uncaught and unhandled) seen since the harness was made: nothing may leak into the host page. */
const pageErrors: string[] = [];
window.addEventListener('error', (e) => pageErrors.push(String(e.message)));
window.addEventListener('unhandledrejection', (e) => pageErrors.push(String((e.reason as Error)?.message ?? e.reason)));

export class CcpHarness {
  readonly events: Logged[] = [];
  private readonly errorsAtStart = pageErrors.length;

  constructor(readonly el: RegionAwareCcp) {
    for (const n of NAMES) el.addEventListener(n, (e) => this.events.push({ name: n, detail: (e as CustomEvent).detail }));
  }

  /** The events of one name, in order. */
  all<K extends RacEventName>(name: K): RacEventDetails[K][] {
    return this.events.filter((e) => e.name === name).map((e) => e.detail as RacEventDetails[K]);
  }

  /** Resolves with the `nth` (1-based) event of this name, waiting for it if needed. */
  async event<K extends RacEventName>(name: K, { nth = 1, timeoutMs = 15000 } = {}): Promise<RacEventDetails[K]> {
    await until(() => this.all(name).length >= nth, timeoutMs, `${name} #${nth}; saw ${this.events.map((e) => e.name).join(', ')}`);
    return this.all(name)[nth - 1];
  }

  toasts(): ToastView[] {
    return [...(this.el.shadowRoot?.querySelectorAll<HTMLElement>('[part="toast"]') ?? [])].map((t) => ({
      kind: t.dataset.kind ?? '',
      text: t.querySelector('.message')?.textContent?.trim() ?? '',
      role: t.closest('[role]')?.getAttribute('role') ?? null,
      hasRefresh: Boolean(t.querySelector('[part="toast-action"]')),
    }));
  }

  async toast(kind: string, timeoutMs = 15000): Promise<ToastView> {
    await until(() => this.toasts().some((t) => t.kind === kind), timeoutMs, `toast ${kind}; have ${JSON.stringify(this.toasts())}`);
    return this.toasts().find((t) => t.kind === kind)!;
  }

  clickRefresh(): void {
    this.el.shadowRoot!.querySelector<HTMLButtonElement>('[part="toast-action"]')!.click();
  }

  /** The CCP iframes the element hosts (two in Global Resiliency mode). */
  frames(): HTMLIFrameElement[] {
    return [...(this.el.shadowRoot?.querySelectorAll('iframe') ?? [])];
  }

  /** Origin of the CCP iframe the agent sees. */
  visibleOrigin(): string | null {
    const f = this.frames().find((x) => getComputedStyle(x).display !== 'none' && x.style.visibility !== 'hidden');
    return f ? new URL(f.src).origin : null;
  }

  pageErrors(): string[] {
    return pageErrors.slice(this.errorsAtStart);
  }
}

export async function until(pred: () => boolean | Promise<boolean>, timeoutMs = 15000, what = 'condition'): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!(await pred())) {
    if (performance.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const mounted = new Set<HTMLElement>();

/** Removes every mounted element and deletes every simulator session of the test: call it in `afterEach`. */
export async function releaseAll(): Promise<void> {
  for (const el of mounted) el.remove();
  mounted.clear();
  await releaseSessions();
}

/** Mounts the element for a simulator session (Global Resiliency unless the session is single-region). */
export function mount(session: Session | null, attrs: Record<string, string | boolean> = {}, parent: Element = document.body): CcpHarness {
  const el = document.createElement('region-aware-ccp');
  el.style.width = '400px';
  el.style.height = '500px';
  const all: Record<string, string | boolean> = {
    'reload-jitter': '0',
    ...(session
      ? {
          'ccp-url': session.ccpUrl,
          ...(session.secondaryCcpUrl ? { 'secondary-ccp-url': session.secondaryCcpUrl, 'login-url': session.loginUrl } : {}),
        }
      : {}),
    ...attrs,
  };
  for (const [k, v] of Object.entries(all)) {
    if (v === false) continue;
    el.setAttribute(k, v === true ? '' : v);
  }
  el.ccpOptions = { ccpLoadTimeout: 3000 };
  // As `reload-jitter` 0: no herd spread before the first auto-available request (a test sets one to measure it).
  el.retryPolicy = { ...el.retryPolicy, firstSpreadMs: 0 };
  const h = new CcpHarness(el);
  mounted.add(el);
  parent.append(el);
  return h;
}

/** A fresh simulator session and the element on it, ready in the primary region (us-east-1). */
export async function startReady(attrs: Record<string, string | boolean> = {}): Promise<{ h: CcpHarness; s: Session }> {
  const s = await newSession();
  const h = mount(s, attrs);
  await h.event('rac-ready');
  await until(() => h.el.phase === 'ready' && h.el.activeRegion === 'us-east-1', 5000, 'phase ready');
  return { h, s };
}
