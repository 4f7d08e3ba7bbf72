/**
 * Every event the element fires: one map of names to `detail` types, one `emit` helper, so every
 * event bubbles, crosses shadow roots and is typed the same way.
 */
import type { EndedContact } from '../switch/switch-machine.js';

export type ReloadStage =
  | 'requested'
  | 'waiting-for-call'
  | 'jitter'
  | 'teardown'
  | 'blocked' // torn down, waiting for a frozen tab that still holds the old CCP (its title is in the toast)
  | 'reinit'
  | 'ready'
  | 'done'
  | 'failed';

export interface RacEventDetails {
  /** The CCP is up and the agent's data arrived. */
  'rac-ready': { region: string; ccpUrl: string };
  /** Streams saw the traffic distribution move the agent. */
  'rac-switch-detected': { from: string | null; to: string };
  /** The switch waits for live voice calls to end (F1). */
  'rac-switch-pending': { to: string; voiceContactIds: string[]; otherContactIds: string[] };
  /**
   * The agent now works in `to`; `ccpUrl` is the new instance's CCP (F9); the move ended `endedContacts` (F2).
   * `detectedAt` / `completedAt`: when this tab got the move's first hint (null when the data came
   * first) and the new region's first agent data, in the server's clock (ms since epoch, Streams' skew),
   * so a host page can measure what a failover cost.
   */
  'rac-switched': { from: string | null; to: string; ccpUrl: string; endedContacts: EndedContact[]; detectedAt: number | null; completedAt: number };
  /**
   * The agent is Available in `region`; `automatic` when the element set it (F4); `offlineMs`: how long
   * the move kept them from it: from the start of the move's Offline when this tab saw it (server
   * timestamps), else from the move's detection.
   */
  'rac-agent-available': { region: string; automatic: boolean; offlineMs: number };
  /** Auto-available gave up after `attempts`. */
  'rac-auto-available-failed': { region: string; error: string; attempts: number };
  /** An expected switch did not complete within `stale-after` (F6). */
  'rac-stale': { to: string; waitedMs: number };
  /** A coordinated reload of every tab moved to `stage`. */
  'rac-tabs-reload': { epoch: number; reason: string; stage: ReloadStage };
  /** Something failed; `code` is stable, `message` is for developers. */
  'rac-error': { code: string; message: string };
  /**
   * The effective auto-available option (`autoAvailable`) changed: by the agent's choice (here, or
   * theirs read back for them), by the attributes, or by the agent in another tab (issue 18).
   */
  'rac-auto-available-change': { enabled: boolean; source: 'agent' | 'attribute' | 'other-tab' };
}

export type RacEventName = keyof RacEventDetails;

export function emit<K extends RacEventName>(target: EventTarget, name: K, detail: RacEventDetails[K]): boolean {
  return target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}

declare global {
  interface HTMLElementEventMap {
    'rac-ready': CustomEvent<RacEventDetails['rac-ready']>;
    'rac-switch-detected': CustomEvent<RacEventDetails['rac-switch-detected']>;
    'rac-switch-pending': CustomEvent<RacEventDetails['rac-switch-pending']>;
    'rac-switched': CustomEvent<RacEventDetails['rac-switched']>;
    'rac-agent-available': CustomEvent<RacEventDetails['rac-agent-available']>;
    'rac-auto-available-failed': CustomEvent<RacEventDetails['rac-auto-available-failed']>;
    'rac-stale': CustomEvent<RacEventDetails['rac-stale']>;
    'rac-tabs-reload': CustomEvent<RacEventDetails['rac-tabs-reload']>;
    'rac-error': CustomEvent<RacEventDetails['rac-error']>;
    'rac-auto-available-change': CustomEvent<RacEventDetails['rac-auto-available-change']>;
  }
}
