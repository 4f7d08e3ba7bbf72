/**
 * The toast list behind the element's live region. DOM-free: the element renders `toasts` and calls
 * `pause`/`resume` on hover and focus, so a message never disappears while the agent reads it.
 */

export type ToastKind =
  | 'switch-pending'
  | 'switched'
  | 'contacts-ended'
  | 'status'
  | 'refresh-needed'
  | 'reload'
  | 'error';

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
  /** Offer the "refresh CCP in all tabs" button. */
  refresh: boolean;
  /** Errors interrupt (role=alert); everything else waits its turn (role=status). */
  urgent: boolean;
}

export interface Scheduler {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Kinds that stay until dismissed or replaced: they ask the agent to act. */
const STICKY: ReadonlySet<ToastKind> = new Set(['switch-pending', 'refresh-needed', 'error']);
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

  /** Shows a toast; a newer toast of the same kind replaces the older one (no pile-ups). */
  show(kind: ToastKind, message: string, opts: { refresh?: boolean } = {}): Toast {
    this.#removeWhere((t) => t.kind === kind);
    const toast: Toast = { id: this.#nextId++, kind, message, refresh: Boolean(opts.refresh), urgent: kind === 'error' };
    this.toasts = [...this.toasts, toast].slice(-MAX_TOASTS);
    if (!this.#paused) this.#arm(toast);
    this.#onChange();
    return toast;
  }

  dismiss(id: number): void {
    this.#removeWhere((t) => t.id === id);
    this.#onChange();
  }

  dismissKind(kind: ToastKind): void {
    this.#removeWhere((t) => t.kind === kind);
    this.#onChange();
  }

  dismissAll(): void {
    this.#removeWhere(() => true);
    this.#onChange();
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

  dispose(): void {
    this.pause();
    this.toasts = [];
  }

  #arm(t: Toast): void {
    const ms = this.#timeoutMs();
    if (STICKY.has(t.kind) || ms <= 0 || this.#timers.has(t.id)) return;
    this.#timers.set(
      t.id,
      this.#scheduler.setTimeout(() => {
        this.#timers.delete(t.id);
        this.dismiss(t.id);
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
