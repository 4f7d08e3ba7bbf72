/**
 * One Streams agent snapshot as the switch machine reads it: plain values, no DOM, no Streams.
 * Contacts are classified by Streams' own rules (connect-streams.js: `ContactType`,
 * `CONTACT_ACTIVE_STATES`, the contact event graph), so the machine never guesses from names.
 */

/** A contact as the machine needs it. */
export interface ContactObservation {
  id: string;
  /** Streams' contact type: voice, queue_callback, chat, task, email. */
  type: string;
  /** Streams' contact state type: incoming, connecting, connected, ended (after-contact work), missed, error, … */
  state: string;
  /** A call for Streams and Amazon Connect: `voice` or `queue_callback` (a queued callback is a call). */
  voice: boolean;
  /** In one of Streams' active states (paused, incoming, pending, connecting, connected). */
  live: boolean;
  /** The agent is on it (connected or paused); the machine carries it over (`carryConnected`): "was ever on it". A ringing or missed contact never was. */
  connected: boolean;
  /** What a person recognises of it: the contact's name (a task's), else the customer's name or number, and the queue's name. */
  label?: string;
}

export interface Observation {
  /** The region the data belongs to (from the routing profile or state ARNs), when known. */
  region: string | null;
  /** Streams' agent state type: routable, not_routable, offline, system (Busy, AfterCallWork), … */
  stateType: string;
  /** Type of the state the agent picked (Streams' availability state): a call's Busy hides it. */
  selectedType: string;
  /** When the current state began: the server's `startTimestamp` (ms since epoch), the same in every tab. */
  since: number;
  /** The server's `snapshotTimestamp` (else `since`): the newest wins, older data is a replay. */
  at: number;
  contacts: ContactObservation[];
  /** Who is signed in (username, else ARN): their auto-available choice is theirs alone. */
  agent?: string;
}

/** Streams' agent data, as far as it is read here (`agent._getData()`; Dates may also come as strings). */
export interface AgentData {
  snapshot: {
    state: { type: string; name?: string; startTimestamp?: unknown; agentStateARN?: string | null };
    agentAvailabilityState?: { state?: string } | null;
    snapshotTimestamp?: unknown;
    contacts?: Array<{
      contactId: string;
      type: string;
      state: { type: string };
      name?: string | null;
      queue?: { name?: string | null } | null;
      connections?: Array<{ initial?: boolean; endpoint?: { name?: string | null; phoneNumber?: string | null } | null }>;
    }>;
  };
  configuration?: {
    username?: string;
    agentARN?: string;
    routingProfile?: { routingProfileId?: string; routingProfileARN?: string } | null;
    agentStates?: Array<{ agentStateARN?: string | null; type: string; name: string }>;
  };
}

const ARN_REGION = /^arn:aws[\w-]*:connect:([a-z0-9-]+):/;

/** `arn:aws:connect:us-west-2:…` → `us-west-2`. */
export function regionOfArn(arn: string | null | undefined): string | null {
  return ARN_REGION.exec(arn ?? '')?.[1] ?? null;
}

const VOICE = new Set(['voice', 'queue_callback']);
const LIVE = new Set(['paused', 'incoming', 'pending', 'connecting', 'connected']);
const ON_IT = new Set(['connected', 'paused']);

const ms = (t: unknown): number => (t == null ? 0 : new Date(t as string).getTime() || 0);

export function observe(data: AgentData): Observation {
  const { snapshot, configuration: cfg } = data;
  const states = cfg?.agentStates ?? [];
  const rp = cfg?.routingProfile;
  const selected = snapshot.agentAvailabilityState?.state;
  const since = ms(snapshot.state.startTimestamp);
  return {
    region:
      regionOfArn(rp?.routingProfileId ?? rp?.routingProfileARN) ??
      regionOfArn(snapshot.state.agentStateARN) ??
      regionOfArn(states.find((s) => s.agentStateARN)?.agentStateARN),
    stateType: String(snapshot.state.type),
    selectedType: String(states.find((s) => s.name === selected)?.type ?? snapshot.state.type),
    since,
    at: ms(snapshot.snapshotTimestamp) || since,
    contacts: (snapshot.contacts ?? []).map((c) => {
      const type = String(c.type);
      const state = String(c.state.type);
      // Streams' initial connection is the customer's (`Contact.getInitialConnection`).
      const ep = c.connections?.find((x) => x.initial)?.endpoint;
      const label = [c.name || ep?.name || ep?.phoneNumber, c.queue?.name].filter(Boolean).join(' · ');
      return { id: c.contactId, type, state, voice: VOICE.has(type), live: LIVE.has(state), connected: ON_IT.has(state), label };
    }),
    agent: cfg?.username || cfg?.agentARN,
  };
}

/** Live calls (F1: nothing stops, restarts or reloads a CCP while there is one). */
export const liveCalls = (o: Observation | null): ContactObservation[] => o?.contacts.filter((c) => c.voice && c.live) ?? [];

/**
 * `next` with each contact's `connected` carried over from `prev`: "the agent was ever on it", which
 * one snapshot cannot tell once a call errors (Streams too calls connecting → error a miss).
 */
export function carryConnected(prev: Observation | null, next: Observation): Observation {
  if (!prev) return next;
  const was = new Set(prev.contacts.filter((c) => c.connected).map((c) => c.id));
  return { ...next, contacts: next.contacts.map((c) => (c.connected || !was.has(c.id) ? c : { ...c, connected: true })) };
}
