/**
 * The toast list behind the element's live region. DOM-free: the element renders `toasts` and calls
 * `pause`/`resume` on hover and focus, so a message never disappears while the agent reads it.
 * A toast holds message keys, not text: it is worded when rendered, so a language change re-words
 * the toasts already shown.
 */
import type { Phrase } from '../i18n/messages.js';

export type { Phrase };

export type ToastKind =
  | 'switch-pending'
  | 'switched'
  | 'contacts-ended'
  | 'status'
  | 'offline'
  | 'refresh-needed'
  | 'reload'
  | 'error';

/** The button a toast offers: refresh the CCP in every tab, open the sign-in window, or reload this tab. */
export type ToastAction = 'refresh' | 'sign-in' | 'reload-tab';

export interface Toast {
  id: number;
  kind: ToastKind;
  text: Phrase[];
  action: ToastAction | null;
  /** Errors interrupt (role=alert); everything else waits its turn (role=status). */
  urgent: boolean;
  /** Stays until dismissed or replaced. */
  sticky: boolean;
}

export interface Scheduler {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Kinds that stay until dismissed or replaced: they ask the agent to act or to wait. */
const STICKY: ReadonlySet<ToastKind> = new Set(['switch-pending', 'refresh-needed', 'offline', 'error']);
const MAX_TOASTS = 5;

export class ToastStack {
  toasts: Toast[] = [];
  #nextId = 1;
  #timers = new Map<number, unknown>();
  #paused = false;

  readonly #scheduler: Scheduler;
  readonly #timeoutMs: () => number;
  readonly #onChange: () => void;

  constructor(scheduler: Scheduler, timeoutMs: () => number, onChange: () => void) {
    this.#scheduler = scheduler;
    this.#timeoutMs = timeoutMs;
    this.#onChange = onChange;
  }

  /**
   * Shows a toast; a newer toast of the same kind and button replaces the older one (no pile-ups;
   * "reload this tab" never hides "refresh in all tabs"). Past the cap the oldest goes, but never the
   * "moving after this call" one: it holds while the call is live.
   */
  show(kind: ToastKind, text: Phrase[], opts: { action?: ToastAction | null; sticky?: boolean } = {}): Toast {
    const action = opts.action ?? null;
    this.#removeWhere((t) => t.kind === kind && t.action === action);
    const toast: Toast = {
      id: this.#nextId++,
      kind,
      text,
      action,
      urgent: kind === 'error',
      sticky: STICKY.has(kind) || Boolean(opts.sticky),
    };
    this.toasts = [...this.toasts, toast];
    while (this.toasts.length > MAX_TOASTS) {
      const oldest = this.toasts.find((t) => t.kind !== 'switch-pending')!;
      this.#removeWhere((t) => t === oldest);
    }
    if (!this.#paused) this.#arm(toast);
    this.#onChange();
    return toast;
  }

  /** Removes every toast `pred` picks: the one dismissed, those whose reason is gone. */
  dismiss(pred: (t: Toast) => boolean): void {
    if (!this.toasts.some(pred)) return;
    this.#removeWhere(pred);
    this.#onChange();
  }

  dismissKind(kind: ToastKind): void {
    this.dismiss((t) => t.kind === kind);
  }

  /** Pointer over the stack or focus inside it: stop every countdown. */
  pause(): void {
    this.#paused = true;
    for (const h of this.#timers.values()) this.#scheduler.clearTimeout(h);
    this.#timers.clear();
  }

  /** Restart full countdowns: a message the agent just read gets its whole time again. */
  resume(): void {
    this.#paused = false;
    this.toasts.forEach((t) => this.#arm(t));
  }

  /**
   * Drops every toast and timer. The stack is not left paused: a removed element gets no
   * `pointerleave`/`focusout`, and its next toasts must still go away on their own.
   */
  dispose(): void {
    this.pause();
    this.#paused = false;
    this.toasts = [];
  }

  #arm(t: Toast): void {
    const ms = this.#timeoutMs();
    if (t.sticky || ms <= 0 || this.#timers.has(t.id)) return;
    this.#timers.set(
      t.id,
      this.#scheduler.setTimeout(() => {
        this.#timers.delete(t.id);
        this.dismiss((x) => x === t);
      }, ms),
    );
  }

  #removeWhere(pred: (t: Toast) => boolean): void {
    for (const t of this.toasts.filter(pred)) {
      const h = this.#timers.get(t.id);
      if (h !== undefined) this.#scheduler.clearTimeout(h);
      this.#timers.delete(t.id);
    }
    this.toasts = this.toasts.filter((t) => !pred(t));
  }
}
