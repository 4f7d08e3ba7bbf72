/**
 * Setting the agent Available in the new region (F4): which state, whether to, and bounded
 * retries with capped, jittered backoff. Time and randomness are parameters.
 */
import type { AutoAvailablePolicy } from '../config/config.js';

export interface AgentStateOption {
  agentStateARN?: string | null;
  type: string;
  name: string;
}

/**
 * The routable "Available" state of `region`: looked up by type in fresh agent data, never from an
 * ARN cached before the switch (the old region's ARN would be rejected).
 */
export function pickAvailableState<T extends AgentStateOption>(states: readonly T[], region: string): T | null {
  const routable = states.filter(
    (s) => s.type === 'routable' && (!s.agentStateARN || s.agentStateARN.includes(`:${region}:`)),
  );
  return routable.find((s) => s.name === 'Available') ?? routable[0] ?? null;
}

export function shouldSetAvailable(enabled: boolean, policy: AutoAvailablePolicy, wasRoutable: boolean): boolean {
  return enabled && (policy === 'always' || wasRoutable);
}

/** A rejection reason as text: an Error's message, a string as is, anything else as JSON (or `String` if it has none). */
export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  try {
    return JSON.stringify(err);
  } catch {
    return String(err);
  }
}

export interface RetryOptions {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** An attempt that has not answered after this long failed (Streams' `setState` has no timeout of its own). */
  attemptTimeoutMs?: number;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Starts a timer and returns its cancel (an answered attempt leaves no timer behind). */
  timer: (fn: () => void, ms: number) => () => void;
}

export const DEFAULT_RETRY: Required<Omit<RetryOptions, 'random' | 'sleep' | 'timer'>> = {
  maxAttempts: 4,
  baseDelayMs: 1000,
  maxDelayMs: 8000,
  attemptTimeoutMs: 10000,
};

/** `attempt()`, failing after `ms` if it has not settled by then. */
function timed(attempt: () => Promise<void>, ms: number, timer: RetryOptions['timer']): Promise<void> {
  return new Promise((resolve, reject) => {
    const answer = attempt();
    const cancel = timer(() => reject(new Error(`No answer after ${ms} ms.`)), ms);
    answer.then(
      () => (cancel(), resolve()),
      (e: unknown) => (cancel(), reject(e)),
    );
  });
}

/**
 * Delay before retry `n` (1-based): exponential, capped, with full jitter (0 up to that delay), so the
 * retries of a floor whose requests failed together do not fail together again (bench/floor.mjs).
 */
export function backoffMs(n: number, o: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'>): number {
  const raw = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** (n - 1));
  return Math.round(raw * o.random());
}

/**
 * Longest wait before the first auto-available request. Switches that complete in the same second
 * would otherwise send every agent's `setState` within a few seconds (40 % of the floor in one);
 * a random 0..6 s keeps the peak under 15 % of the floor per second and 99 % Available within 7 s
 * (bench/floor.mjs). The Salesforce CTI adapter restores a state after a failover within about 5 s:
 * agents are used to a wait that short.
 */
export const FIRST_SPREAD_MS = 6000;

/** The random wait before the first auto-available request of a switch (the element sleeps it after winning the claim). */
export function firstDelayMs(random: () => number, spreadMs = FIRST_SPREAD_MS): number {
  return Math.floor(random() * spreadMs);
}

export type RetryOutcome = { ok: true; attempts: number } | { ok: false; attempts: number; error: string; abandoned: boolean };

/**
 * Runs `attempt` until it succeeds, `stillWanted()` turns false (the agent set a state by hand, the
 * element went away) or the attempts are used up. Never loops beyond `maxAttempts`.
 */
export async function retry(attempt: () => Promise<void>, stillWanted: () => boolean, o: RetryOptions): Promise<RetryOutcome> {
  let error = '';
  for (let n = 1; n <= o.maxAttempts; n++) {
    if (!stillWanted()) return { ok: false, attempts: n - 1, error: error || 'no longer wanted', abandoned: true };
    try {
      await timed(attempt, o.attemptTimeoutMs ?? DEFAULT_RETRY.attemptTimeoutMs, o.timer);
      return { ok: true, attempts: n };
    } catch (e) {
      error = errorText(e);
    }
    if (n < o.maxAttempts && stillWanted()) await o.sleep(backoffMs(n, o));
  }
  // Unwanted by now (the agent turned the option off during the last attempt): stopped, not failed.
  return { ok: false, attempts: o.maxAttempts, error, abandoned: !stillWanted() };
}
