/**
 * Cross-tab message schema (protocol version 2) and its validator.
 *
 * Messages carry only ids, epochs, regions, reasons, flags, counts and a tab's title (so that the
 * agent can find a tab that blocks a reload): never contact data or tokens. Every field is bounded,
 * so a message stays well under 1 KB.
 *
 * `hello` is the one message every version sends and understands: `{ns: 'rac', v, t: 'hello', from}`
 * (plus optional fields a version may add). Every other message is of this version only.
 */

/** The protocol version of this build; tabs of other versions are told apart by their `hello`. */
export const PROTOCOL = 2;

/** Stages of a coordinated reload, in the order a barrier goes through them. */
export type Stage = 'requested' | 'waiting-for-call' | 'jitter' | 'teardown' | 'blocked' | 'reinit' | 'ready' | 'done' | 'failed';

/** Numbers a stage may report (all non-negative integers). */
export interface StageCounts {
  /** Participants of the barrier. */
  tabs?: number;
  /** Tabs with a live voice contact (stage `waiting-for-call`). */
  voice?: number;
  /** Tabs that re-initialised successfully (stage `done`). */
  ready?: number;
  /** Tabs whose reinit hook failed (stage `done`). */
  failed?: number;
  /** Participants that missed a deadline (stages `reinit`, `done`). */
  timedOut?: number;
  /** The random wait before teardown (stage `jitter`). */
  delayMs?: number;
  /** Live tabs of another protocol version: the barrier cannot tear their CCPs down (stage `done`). */
  otherVersion?: number;
}

/** Fields every message has: a namespace marker (to reject foreign traffic), the version, the sender. */
export interface MessageHeader {
  ns: 'rac';
  v: number;
  from: string;
}

/** The payloads, discriminated by `t`. */
export type MessageBody =
  | { t: 'hello'; title?: string } // a tab started (any version): a running barrier's leader answers with its stage
  | { t: 'bye' } // a tab is leaving
  | { t: 'req'; reason: string; auto: boolean } // reload request; every tab answers with `here`
  | { t: 'here'; voice: boolean; epoch: number; region?: string; title?: string } // census answer, and to a hello: the epoch tells a newcomer where the set is
  | { t: 'st'; epoch: number; stage: Stage; reason: string; auto: boolean; tabs?: string[]; counts?: StageCounts; blocking?: string[] }
  | { t: 'ack'; epoch: number } // torn down for this epoch
  | { t: 'ready'; epoch: number; ok: boolean; region?: string } // re-initialised
  | { t: 'voice'; voice: boolean } // this tab's voice status changed
  | { t: 'region'; region: string } // this tab's active region changed
  | { t: 'ask' | 'taken' | 'own'; key: string } // claim protocol
  | { t: 'ann'; topic: string; payload: AnnouncePayload }; // an element-level broadcast (`announce`)

/** A value an announcement may carry: scalars only, so nothing structured (or personal) rides along. */
export type AnnounceValue = string | number | boolean | null;

/** The payload of an announcement: at most `MAX_ANNOUNCE_KEYS` scalar fields. */
export type AnnouncePayload = Record<string, AnnounceValue>;

/** A validated message. */
export type TabMessage = MessageHeader & MessageBody;

/** Upper bound on participants listed in one message. */
export const MAX_TABS = 64;

/** Upper bounds of an announcement: fields, characters per string value, characters of the whole payload as JSON. */
export const MAX_ANNOUNCE_KEYS = 16;
export const MAX_ANNOUNCE_STRING = 256;
export const MAX_ANNOUNCE_BYTES = 1024;

/** Epochs grow by one per barrier; a message more than this ahead of what a tab knows is forged or corrupt. */
export const MAX_EPOCH_STEP = 1000;

/** Upper bound on a tab title's length. */
export const MAX_TITLE = 128;

const STAGES: readonly string[] = ['requested', 'waiting-for-call', 'jitter', 'teardown', 'blocked', 'reinit', 'ready', 'done', 'failed'];
const COUNT_KEYS: readonly string[] = ['tabs', 'voice', 'ready', 'failed', 'timedOut', 'delayMs', 'otherVersion'];
// Ids, reasons, regions and claim keys: short tokens, so nothing free-form (or personal) fits.
const TOKEN = /^[\w.:/-]{1,128}$/;

const isToken = (x: unknown): boolean => typeof x === 'string' && TOKEN.test(x);
const isCount = (x: unknown): boolean => Number.isSafeInteger(x) && (x as number) >= 0;
const isBool = (x: unknown): boolean => typeof x === 'boolean';
const isVersion = (x: unknown): boolean => isCount(x) && (x as number) > 0 && (x as number) <= 1000;
const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

// Titles and strings of an announcement may hold text (a state name), but no control characters.
const isText = (max: number) => (x: unknown): boolean =>
  typeof x === 'string' && x.length <= max && !/[\u0000-\u001f\u007f]/.test(x);
const isScalar = (x: unknown): boolean =>
  x === null || isBool(x) || (typeof x === 'number' && Number.isFinite(x)) || isText(MAX_ANNOUNCE_STRING)(x);

/** Whether `x` is a payload `announce` may send and receivers accept. */
function isAnnouncePayload(x: unknown): x is AnnouncePayload {
  if (!isRecord(x)) return false;
  const keys = Object.keys(x);
  return keys.length <= MAX_ANNOUNCE_KEYS && keys.every((k) => isToken(k) && k.length <= 64 && isScalar(x[k])) &&
    JSON.stringify(x).length <= MAX_ANNOUNCE_BYTES;
}

const FIELDS: Record<string, (x: unknown) => boolean> = {
  ns: (x) => x === 'rac',
  v: (x) => x === PROTOCOL,
  t: isToken,
  from: isToken,
  reason: isToken,
  region: isToken,
  key: isToken,
  topic: (x) => isToken(x) && (x as string).length <= 64,
  payload: isAnnouncePayload,
  title: isText(MAX_TITLE),
  blocking: (x) => Array.isArray(x) && x.length <= MAX_TABS && x.every(isText(MAX_TITLE)),
  epoch: isCount,
  auto: isBool,
  voice: isBool,
  ok: isBool,
  stage: (x) => STAGES.includes(x as string),
  tabs: (x) => Array.isArray(x) && x.length <= MAX_TABS && x.every(isToken),
  counts: (x) =>
    isRecord(x) && Object.keys(x).every((k) => COUNT_KEYS.includes(k) && isCount(x[k])),
};

// Fields per type; a trailing `?` marks an optional one.
const SHAPES: Record<string, string> = {
  hello: 'title?',
  bye: '',
  req: 'reason auto',
  here: 'voice epoch region? title?',
  st: 'epoch stage reason auto tabs? counts? blocking?',
  ack: 'epoch',
  ready: 'epoch ok region?',
  voice: 'voice',
  region: 'region',
  ask: 'key',
  taken: 'key',
  own: 'key',
  ann: 'topic payload',
};

/**
 * Validates untrusted channel data. Returns the message, or `null` for anything malformed,
 * oversized, foreign, of another version or with unexpected fields. Never throws.
 */
export function parseMessage(data: unknown): TabMessage | null {
  try {
    // `ns` and `v` are checked with the other fields: every message lists them as required.
    if (!isRecord(data) || !Object.hasOwn(SHAPES, data.t as string)) return null;
    const shape = `ns v t from ${SHAPES[data.t as string]}`.match(/\S+/g)!;
    // A `hello` of any version passes: a plausible `v`, and fields a later version added are ignored.
    const hello = data.t === 'hello';
    for (const key of Object.keys(data)) {
      const known = shape.includes(key) || shape.includes(`${key}?`);
      if (known ? !(hello && key === 'v' ? isVersion : FIELDS[key])(data[key]) : !hello) return null;
    }
    return shape.every((f) => f.endsWith('?') || f in data) ? (data as unknown as TabMessage) : null;
  } catch {
    // Getters or proxies on hostile objects: treat as malformed.
    return null;
  }
}

