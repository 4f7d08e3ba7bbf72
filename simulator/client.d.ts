export type Region = string;
export type ContactType = 'voice' | 'queue_callback' | 'chat' | 'task';

export interface SessionOptions {
  /** No secondary CCP (a non-GR instance). Default false. */
  singleRegion?: boolean;
  /** Region the agent starts in (the primary CCP). Default: the first region. */
  activeRegion?: Region;
}

export interface SessionInfo {
  id: string;
  /** The active region's CCP, e.g. http://localhost:4611/s/<id>/ccp-v2/ */
  ccpUrl: string;
  /** The other region's CCP; null in single-region mode. */
  secondaryCcpUrl: string | null;
  loginUrl: string;
  regions: Region[];
  instanceId: string;
}

export interface AgentStateDef {
  agentStateARN: string | null;
  type: 'routable' | 'not_routable' | 'offline' | 'system';
  name: string;
}

export interface ApiRequestEntry {
  region: Region;
  method: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- whatever Streams sent
  params: any;
  time: string;
  at: number;
  ok: boolean;
  error?: string;
}

export interface MessageEntry {
  region: Region;
  event: string;
  time: string;
  at: number;
  data?: unknown;
}

export interface SwitchRecord {
  from: Region;
  to: Region;
  stage: 'detecting' | 'detected' | 'pending' | 'initiated' | 'cancelled';
  stall: boolean;
  /** Old-region chats/tasks get no ended state: they are gone at the switch. */
  vanish: boolean;
  /** Detected, but never carried out (a stuck move) until `cancelSwitch`; contacts are still routed. */
  hold: boolean;
  requestedAt: number;
  detectedAt: number | null;
  pendingAt: number | null;
  initiatedAt: number | null;
  endedContacts: { contactId: string; type: ContactType }[];
  stalledWorkers: number;
  forced: boolean;
  cancelledAt?: number;
}

export interface SimState {
  id: string;
  version: number;
  singleRegion: boolean;
  regions: Region[];
  instanceId: string;
  trafficDistributionGroupArn: string;
  /** Region the agent is active in (changes when a switch is initiated). */
  activeRegion: Region;
  /** Region the traffic distribution group points at (changes at UpdateTrafficDistribution). */
  trafficRegion: Region;
  detectionDelayMs: number;
  switch: SwitchRecord | null;
  switches: SwitchRecord[];
  /** Moves the service took back before they happened (`cancelSwitch`). */
  cancelled: SwitchRecord[];
  agent: Record<
    Region,
    {
      state: AgentStateDef;
      selected: AgentStateDef;
      since: string;
      nextState: AgentStateDef | null;
      routingProfileARN: string;
      agentStates: AgentStateDef[];
    }
  >;
  contacts: { contactId: string; type: ContactType; region: Region; state: 'ringing' | 'connected' | 'ended' | 'error' | 'missed' | 'rejected'; created: string }[];
  faults: { setStateFailures: number; setStateHangs: number; globalSigninInvalid: Region[]; neverLoad: Region[] };
  /** Live CCP SharedWorkers per region. */
  workers: Record<Region, number>;
  stalledWorkers: Record<Region, number>;
  pageLoads: Record<Region, number>;
  keepalives: Record<Region, number>;
  requests: ApiRequestEntry[];
  messages: MessageEntry[];
}

export type RequestFilter =
  | Partial<Pick<ApiRequestEntry, 'region' | 'method' | 'ok'>> & { stateName?: string }
  | ((entry: ApiRequestEntry) => boolean);

export interface FaultsInput {
  setStateFailures?: number;
  /** The next n putAgentState requests are never answered. */
  setStateHangs?: number;
  /** true = the secondary region */
  globalSigninInvalid?: boolean | Region[];
  neverLoad?: boolean | Region[];
}

export declare class Session implements SessionInfo {
  readonly baseUrl: string;
  readonly controlUrl: string;
  id: string;
  ccpUrl: string;
  secondaryCcpUrl: string | null;
  loginUrl: string;
  regions: Region[];
  instanceId: string;
  state(): Promise<SimState>;
  requests(filter?: RequestFilter): Promise<ApiRequestEntry[]>;
  messages(filter?: Partial<Pick<MessageEntry, 'region' | 'event'>> | ((m: MessageEntry) => boolean)): Promise<MessageEntry[]>;
  traffic(
    region: Region,
    opts?: { detectionDelayMs?: number; stall?: boolean; vanish?: boolean; hold?: boolean },
  ): Promise<{ ok: true; changed: boolean; from: Region; to: Region; detectionDelayMs?: number }>;
  setDetectionDelay(ms: number): Promise<{ ok: true; detectionDelayMs: number }>;
  addContact(type: ContactType, opts?: { ring?: boolean }): Promise<string>;
  endContact(contactId: string, opts?: { acwMs?: number; acw?: boolean }): Promise<{ ok: true; contactId: string; state: string; clearsInMs: number }>;
  acceptContact(contactId: string): Promise<{ ok: true; contactId: string; state: string; clearsInMs: null }>;
  missContact(contactId: string, opts?: { as?: 'missed' | 'rejected' | 'error'; acwMs?: number }): Promise<{ ok: true; contactId: string; state: string; clearsInMs: number }>;
  cancelSwitch(): Promise<{ ok: true; from: Region; to: Region }>;
  dropContact(contactId: string, opts?: { acwMs?: number }): Promise<{ ok: true; contactId: string; state: string; clearsInMs: number }>;
  setAgentState(name: string, opts?: { region?: Region }): Promise<{ ok: true; region: Region; state: AgentStateDef }>;
  faults(faults: FaultsInput): Promise<{ ok: true; faults: SimState['faults'] }>;
  reset(): Promise<{ ok: true }>;
  delete(): Promise<{ ok: true }>;
  waitFor(
    predicate: (state: SimState) => boolean | Promise<boolean>,
    opts?: { timeoutMs?: number; intervalMs?: number; message?: string },
  ): Promise<SimState>;
}

export declare class SimulatorClient {
  constructor(baseUrl?: string);
  readonly baseUrl: string;
  createSession(opts?: SessionOptions): Promise<Session>;
  session(id?: string): Promise<Session>;
}
