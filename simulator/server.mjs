// A local stand-in for Amazon Connect's CCP, good enough that the real `amazon-connect-streams`
// in a host page cannot tell it from the real thing for what <region-aware-ccp> uses.
// One process, one shared state, one HTTP server per region origin (plain node:http, no deps).
// See simulator/README.md for the model, the protocol and the control API.
import http from 'node:http';
import { randomUUID, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ACCOUNT = '111122223333';
const LOG_CAP = 5000;
const MAX_DELAY_MS = 10 * 60 * 1000;
const CAPACITY = { voice: 1, chat: 3, task: 10 };
const CONTACT_TYPES = ['voice', 'queue_callback', 'chat', 'task'];
// A queued callback is a call (Streams and Connect count it as voice): it shares the voice slot.
const isCall = (c) => c.type === 'voice' || c.type === 'queue_callback';
const slotOf = (type) => (type === 'queue_callback' ? 'voice' : type);
const STATE_DEFS = [
  { name: 'Available', type: 'routable' },
  { name: 'Break', type: 'not_routable' },
  { name: 'Lunch', type: 'not_routable' },
  { name: 'Training', type: 'not_routable' },
  { name: 'Offline', type: 'offline' },
];

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}
const bad = (msg) => new HttpError(400, msg);
const conflict = (msg) => new HttpError(409, msg);
const notFound = (msg) => new HttpError(404, msg);

// Dates travel to the fake CCP's worker as {$date: ms}; the worker revives them as Date objects.
const D = (ms) => ({ $date: ms });

function checkFields(body, allowed) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw bad('body must be a JSON object');
  for (const k of Object.keys(body)) {
    if (!allowed.includes(k)) throw bad(`unknown field '${k}' (allowed: ${allowed.join(', ') || 'none'})`);
  }
}
function checkDelay(v, name) {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > MAX_DELAY_MS) {
    throw bad(`${name} must be a number of milliseconds between 0 and ${MAX_DELAY_MS}`);
  }
  return v;
}

export async function startSimulator({
  host = 'localhost',
  ports = [4611, 4612],
  regions = ['us-east-1', 'us-west-2'],
  quiet = true,
} = {}) {
  if (!Array.isArray(ports) || !Array.isArray(regions) || ports.length !== regions.length || regions.length < 1) {
    throw new Error('startSimulator: ports and regions must be arrays of the same length');
  }
  const log = quiet ? () => {} : (...a) => console.log('[sim]', ...a);
  const [pageJs, workerJs] = await Promise.all([
    readFile(path.join(HERE, 'static', 'ccp-page.js'), 'utf8'),
    readFile(path.join(HERE, 'static', 'ccp-worker.js'), 'utf8'),
  ]);

  const origins = {};
  const sessions = new Map();
  const servers = [];
  const sockets = new Set();

  // ---------------------------------------------------------------- sessions / model
  function newSession(id, opts = {}) {
    checkFields(opts, ['singleRegion', 'activeRegion']);
    if (opts.singleRegion !== undefined && typeof opts.singleRegion !== 'boolean') throw bad('singleRegion must be a boolean');
    const activeRegion = opts.activeRegion ?? regions[0];
    if (!regions.includes(activeRegion)) throw bad(`activeRegion must be one of ${regions.join(', ')}`);
    const singleRegion = opts.singleRegion ?? regions.length < 2;
    if (!singleRegion && regions.length < 2) throw bad('two regions are needed for a Global Resiliency session');
    const s = {
      id,
      opts: { singleRegion, activeRegion },
      singleRegion,
      instanceId: randomUUID(),
      regions: singleRegion ? [activeRegion] : [activeRegion, ...regions.filter((r) => r !== activeRegion)].slice(0, 2),
      workers: new Map(), // wid -> { region, res, stalled, connectedAt }
      controlStreams: new Set(),
      timers: new Set(),
    };
    s.tdgArn = `arn:aws:connect:${regions[0]}:${ACCOUNT}:traffic-distribution-group/${randomUUID()}`;
    s.config = {};
    const agentId = randomUUID();
    for (const r of s.regions) {
      const inst = `arn:aws:connect:${r}:${ACCOUNT}:instance/${s.instanceId}`;
      s.config[r] = {
        instanceArn: inst,
        agentArn: `${inst}/agent/${agentId}`,
        agentQueueARN: `${inst}/queue/agent/${agentId}`,
        states: STATE_DEFS.map((d) => ({ agentStateARN: `${inst}/agent-state/${randomUUID()}`, type: d.type, name: d.name })),
        routingProfileARN: `${inst}/routing-profile/${randomUUID()}`,
        queueARN: `${inst}/queue/${randomUUID()}`,
      };
    }
    resetModel(s);
    return s;
  }

  function resetModel(s) {
    for (const t of s.timers) clearTimeout(t);
    s.timers.clear();
    const now = Date.now();
    s.activeRegion = s.opts.activeRegion;
    s.trafficRegion = s.opts.activeRegion;
    s.detectionDelayMs = 0;
    s.faults = { setStateFailures: 0, setStateHangs: 0, globalSigninInvalid: [], neverLoad: [] };
    s.agent = {};
    for (const r of s.regions) {
      const name = r === s.activeRegion ? 'Available' : 'Offline';
      s.agent[r] = { selected: stateByName(s, r, name), since: now, nextState: null };
    }
    s.contacts = [];
    // The server's snapshot time per region: when that region's agent data last changed, strictly
    // increasing across regions (a worker's cached snapshot keeps its time; a move stamps the target last).
    s.stampAt = 0;
    s.stamps = {};
    s.seen = {};
    s.switch = null;
    s.switches = [];
    s.cancelled = [];
    s.requests = [];
    s.messages = [];
    s.keepalives = {};
    s.pageLoads = {};
    for (const r of s.regions) {
      s.keepalives[r] = 0;
      s.pageLoads[r] = 0;
    }
    s.version = (s.version ?? 0) + 1;
  }

  function stateByName(s, region, name) {
    return s.config[region].states.find((x) => x.name === name);
  }

  function getSession(id) {
    const s = sessions.get(id);
    if (!s) throw notFound(`no session '${id}'`);
    return s;
  }

  function liveContacts(s, region, type) {
    return s.contacts.filter((c) => c.region === region && (!type || (type === 'voice' ? isCall(c) : c.type === type)));
  }

  /** Live calls that hold a switch (F1): on the line or in after-contact work (a ringing one is not yet). */
  function heldCalls(s, region) {
    return liveContacts(s, region, 'voice').filter((c) => c.state !== 'ringing');
  }

  /** The snapshot time of `region`'s data: bumped when its content changes (see resetModel). */
  function stampOf(s, region, view) {
    const key = JSON.stringify(view);
    if (s.seen[region] !== key) {
      s.seen[region] = key;
      s.stampAt = Math.max(Date.now(), s.stampAt + 1);
      s.stamps[region] = s.stampAt;
    }
    return s.stamps[region];
  }

  function snapshotState(s, region) {
    const a = s.agent[region];
    const voice = heldCalls(s, region)[0];
    if (voice) {
      const name = voice.state === 'ended' ? 'AfterCallWork' : 'Busy';
      return { agentStateARN: null, type: 'system', name, startTimestamp: D(voice.stateSince) };
    }
    return { ...a.selected, startTimestamp: D(a.since) };
  }

  function contactView(c) {
    const ringing = c.state === 'ringing';
    // Streams' contact states: a ringing call is `connecting` (a queued callback's offer `incoming`).
    const state = ringing ? (c.type === 'queue_callback' ? 'incoming' : 'connecting') : c.state;
    const connState = c.state === 'connected' ? 'connected' : ringing ? 'connecting' : 'disconnected';
    const queue = { queueARN: c.queueARN, name: 'BasicQueue' };
    const customerEndpoint =
      isCall(c)
        ? { endpointARN: null, type: 'telephone_number', phoneNumber: '+15555550123', agentLogin: null, name: null, queue: null }
        : { endpointARN: null, type: 'contact_flow', phoneNumber: null, agentLogin: null, name: c.type === 'chat' ? 'Jane Doe' : null, queue: null };
    return {
      contactId: c.contactId,
      initialContactId: c.contactId,
      type: c.type,
      state: { type: state, timestamp: D(c.stateSince) },
      queue,
      queueTimestamp: D(c.created),
      connections: [
        {
          connectionId: c.agentConnectionId,
          endpoint: { endpointARN: null, type: 'agent', phoneNumber: null, agentLogin: null, name: null, queue: null },
          state: { type: connState, timestamp: D(c.stateSince) },
          type: 'agent',
          initial: false,
          mute: false,
        },
        {
          connectionId: c.customerConnectionId,
          endpoint: customerEndpoint,
          state: { type: connState, timestamp: D(c.stateSince) },
          type: 'inbound',
          initial: true,
          mute: false,
        },
      ],
      attributes: {},
      contactDuration: '0',
      // What the real snapshot names: a task's name and description (a chat's customer is its endpoint's name).
      name: c.type === 'task' ? 'Follow up: order 88213' : null,
      description: c.type === 'task' ? 'Tracking stuck since Monday; call the carrier and update the customer.' : null,
      references: {},
      initiationMethod: 'inbound',
      contactFeatures: { attachmentsEnabled: false, messagingMarkdownEnabled: false },
      channelContext: {},
    };
  }

  function agentView(s, region) {
    const cfg = s.config[region];
    const a = s.agent[region];
    const snapshot = {
      state: snapshotState(s, region),
      nextState: a.nextState ? { ...a.nextState, startTimestamp: D(a.since) } : null,
      agentAvailabilityState: { state: a.selected.name, timeStamp: D(a.since) },
      contacts: liveContacts(s, region).map(contactView),
    };
    return {
      snapshot: { ...snapshot, snapshotTimestamp: D(stampOf(s, region, snapshot)) },
      configuration: {
        name: 'Sim Agent',
        username: 'sim.agent',
        agentARN: cfg.agentArn,
        softphoneEnabled: false,
        softphoneAutoAccept: false,
        extension: null,
        agentPreferences: { LANGUAGE: 'en_US' },
        agentStates: cfg.states.map((x) => ({ ...x })),
        dialableCountries: ['us', 'de'],
        permissions: ['outboundCall', 'voiceId'],
        routingProfile: {
          name: 'Basic Routing Profile',
          routingProfileARN: cfg.routingProfileARN,
          channelConcurrencyMap: { VOICE: CAPACITY.voice, CHAT: CAPACITY.chat, TASK: CAPACITY.task },
          defaultOutboundQueue: { queueARN: cfg.queueARN, name: 'BasicQueue' },
          queues: [
            { queueARN: cfg.queueARN, name: 'BasicQueue' },
            { queueARN: cfg.agentQueueARN, name: null },
          ],
        },
      },
    };
  }

  // What a freshly started worker learns from the service: the current traffic distribution.
  function helloFor(s, region) {
    return {
      region,
      gr: !s.singleRegion,
      // A held move has not reached the traffic distribution a fresh CCP reads.
      activeRegion: s.singleRegion ? region : s.switch?.hold ? s.switch.from : s.trafficRegion,
      instanceId: s.instanceId,
      agent: agentView(s, region),
      serverTime: Date.now(),
    };
  }

  // ---------------------------------------------------------------- events to workers / control clients
  function sse(res, event, data) {
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }
  function toWorkers(s, region, event, dataFn) {
    for (const w of s.workers.values()) {
      if (w.stalled || (region && w.region !== region)) continue;
      sse(w.res, event, typeof dataFn === 'function' ? dataFn(w.region) : dataFn);
    }
  }
  function pushViews(s, region) {
    toWorkers(s, region, 'view', (r) => ({ agent: agentView(s, r), serverTime: Date.now() }));
  }
  function changed(s) {
    s.version++;
    if (s.controlStreams.size) {
      const st = publicState(s);
      for (const res of s.controlStreams) sse(res, 'state', st);
    }
  }
  function later(s, ms, fn) {
    const t = setTimeout(() => {
      s.timers.delete(t);
      fn();
    }, ms);
    s.timers.add(t);
  }
  function pushLog(arr, entry) {
    arr.push(entry);
    if (arr.length > LOG_CAP) arr.splice(0, arr.length - LOG_CAP);
  }

  // ---------------------------------------------------------------- the region switch (GR failover)
  function traffic(s, body) {
    checkFields(body, ['region', 'detectionDelayMs', 'stall', 'vanish', 'hold']);
    if (s.singleRegion) throw conflict('this is a single-region session: there is no other region to move the agent to');
    if (typeof body.region !== 'string' || !s.regions.includes(body.region)) {
      throw bad(`region must be one of ${s.regions.join(', ')}`);
    }
    const delay = checkDelay(body.detectionDelayMs, 'detectionDelayMs') ?? s.detectionDelayMs;
    if (body.stall !== undefined && typeof body.stall !== 'boolean') throw bad('stall must be a boolean');
    if (body.vanish !== undefined && typeof body.vanish !== 'boolean') throw bad('vanish must be a boolean');
    if (body.hold !== undefined && typeof body.hold !== 'boolean') throw bad('hold must be a boolean');
    if (s.switch) throw conflict(`a switch to ${s.switch.to} is already in progress (stage ${s.switch.stage})`);
    if (body.region === s.trafficRegion) return { ok: true, changed: false, from: s.activeRegion, to: body.region };
    const sw = {
      from: s.activeRegion,
      to: body.region,
      stage: 'detecting',
      stall: !!body.stall,
      vanish: !!body.vanish,
      hold: !!body.hold,
      requestedAt: Date.now(),
      detectedAt: null,
      pendingAt: null,
      initiatedAt: null,
      endedContacts: [],
      stalledWorkers: 0,
      forced: false,
    };
    if (sw.stall) {
      for (const w of s.workers.values()) {
        w.stalled = true;
        sw.stalledWorkers++;
      }
    }
    s.trafficRegion = body.region;
    s.switch = sw;
    log(`session ${s.id}: UpdateTrafficDistribution ${sw.from} -> ${sw.to} (delay ${delay} ms${sw.stall ? ', stalled' : ''})`);
    later(s, delay, () => detect(s, sw));
    changed(s);
    return { ok: true, changed: true, from: sw.from, to: sw.to, detectionDelayMs: delay };
  }

  function detect(s, sw) {
    if (s.switch !== sw) return;
    sw.stage = 'detected';
    sw.detectedAt = Date.now();
    // Every CCP of the group learns of the move (the host dedupes per target).
    toWorkers(s, null, 'gr', { phase: 'detected', activeRegion: sw.to });
    // F2: chats and tasks end at once, as if the agent disconnected (with `vanish`, they get no ended
    // state: they are gone from the data at the switch, as old-region contacts are for Streams).
    const ending = s.contacts.filter((c) => c.region === sw.from && !isCall(c) && c.state === 'connected');
    if (ending.length && !sw.vanish) {
      const now = Date.now();
      for (const c of ending) {
        c.state = 'ended';
        c.stateSince = now;
        c.endReason = 'region-switch';
        sw.endedContacts.push({ contactId: c.contactId, type: c.type });
      }
      pushViews(s, sw.from);
      s.contacts = s.contacts.filter((c) => !ending.includes(c));
      pushViews(s, sw.from);
    }
    // F1: a live call makes the switch wait (a queued callback too).
    if (heldCalls(s, sw.from).length) {
      sw.stage = 'pending';
      sw.pendingAt = Date.now();
      toWorkers(s, sw.from, 'gr', { phase: 'pending', activeRegion: sw.to });
      changed(s);
    } else if (!sw.hold) {
      initiate(s, sw);
    } else {
      changed(s);
    }
  }

  function initiate(s, sw) {
    if (s.switch !== sw) return;
    sw.stage = 'initiated';
    sw.initiatedAt = Date.now();
    s.activeRegion = sw.to;
    // F3: after the switch the agent is Offline: in the new region from now on, in the old one too.
    for (const r of s.regions) {
      if (r === sw.to || s.agent[r].selected.type !== 'offline') {
        s.agent[r] = { selected: stateByName(s, r, 'Offline'), since: sw.initiatedAt, nextState: null };
      }
    }
    // What is left in the old region (a call cut by forceFailover, chats with `vanish`) gets no ended
    // event: it is just gone, as the new region's data does not have it.
    for (const c of s.contacts.filter((x) => x.region === sw.from)) {
      if (!isCall(c)) sw.endedContacts.push({ contactId: c.contactId, type: c.type });
    }
    s.contacts = s.contacts.filter((x) => x.region !== sw.from);
    // The server stamps the old region's data first, the new region's last (the newest data).
    for (const r of s.regions) if (r !== sw.to) agentView(s, r);
    agentView(s, sw.to);
    toWorkers(s, null, 'gr', { phase: 'initiated', activeRegion: sw.to });
    // Only the new region's CCP reports it: the old one goes inactive in every tab (its cached
    // snapshot keeps its older time).
    pushViews(s, sw.to);
    s.switch = null;
    s.switches.push(sw);
    changed(s);
  }

  function maybeCompletePending(s) {
    const sw = s.switch;
    if (sw && sw.stage === 'pending' && !sw.hold && heldCalls(s, sw.from).length === 0) initiate(s, sw);
  }

  /** The service takes the move back before it happened (traffic back): no GR message at all. */
  function cancelSwitch(s, body) {
    checkFields(body, []);
    const sw = s.switch;
    if (!sw) throw conflict('no switch is in progress');
    sw.stage = 'cancelled';
    sw.cancelledAt = Date.now();
    s.trafficRegion = sw.from;
    s.switch = null;
    s.cancelled.push(sw);
    changed(s);
    return { ok: true, from: sw.from, to: sw.to };
  }

  // ---------------------------------------------------------------- contacts
  function addContact(s, body) {
    checkFields(body, ['type', 'ring']);
    if (!CONTACT_TYPES.includes(body.type)) throw bad(`type must be one of ${CONTACT_TYPES.map((t) => `'${t}'`).join(', ')}`);
    if (body.ring !== undefined && (typeof body.ring !== 'boolean' || !isCall(body))) throw bad('ring must be a boolean, for calls only');
    if (s.switch && !s.switch.hold) throw conflict(`the agent is being moved to ${s.switch.to}; no contact can be routed to them now`);
    const region = s.activeRegion;
    const a = s.agent[region];
    if (a.selected.type !== 'routable') throw conflict(`the agent is ${a.selected.name} (not routable) in ${region}`);
    const slot = slotOf(body.type);
    const cap = CAPACITY[slot];
    if (liveContacts(s, region, slot).length >= cap) throw conflict(`no ${slot} capacity left (${cap})`);
    const now = Date.now();
    const c = {
      contactId: randomUUID(),
      type: body.type,
      region,
      // A ringing call is offered to the agent: it may be accepted, missed or rejected.
      state: body.ring ? 'ringing' : 'connected',
      created: now,
      stateSince: now,
      agentConnectionId: randomUUID(),
      customerConnectionId: randomUUID(),
      queueARN: s.config[region].queueARN,
    };
    s.contacts.push(c);
    pushViews(s, region);
    changed(s);
    return { ok: true, contactId: c.contactId, region };
  }

  function findContact(s, id) {
    const c = s.contacts.find((x) => x.contactId === id);
    if (!c) throw notFound(`no live contact '${id}'`);
    return c;
  }

  function endContact(s, id, body, how) {
    checkFields(body, how === 'end' ? ['acwMs', 'acw'] : how === 'miss' ? ['acwMs', 'as'] : ['acwMs']);
    const acwMs = checkDelay(body.acwMs, 'acwMs') ?? 200;
    const c = findContact(s, id);
    if (how === 'accept' || how === 'miss') {
      if (c.state !== 'ringing') throw conflict(`contact ${id} is not ringing (${c.state})`);
    } else if (c.state !== 'connected') {
      throw conflict(`contact ${id} has ${c.state === 'ringing' ? 'not been answered (miss it)' : `already ended (${c.state})`}`);
    }
    if (how === 'drop' && !isCall(c)) throw conflict('only voice calls can be dropped');
    if (body.acw !== undefined && typeof body.acw !== 'boolean') throw bad('acw must be a boolean');
    const as = body.as ?? 'missed';
    if (!['missed', 'rejected', 'error'].includes(as)) throw bad("as must be one of 'missed', 'rejected', 'error'");
    c.stateSince = Date.now();
    if (how === 'accept') {
      c.state = 'connected';
    } else if (how === 'end' && body.acw === false) {
      // No after-contact work: the contact is gone from the next snapshot.
      c.endReason = 'ended';
      s.contacts = s.contacts.filter((x) => x !== c);
      pushViews(s, c.region);
      maybeCompletePending(s);
      changed(s);
      return { ok: true, contactId: id, state: 'cleared', clearsInMs: 0 };
    } else {
      c.state = how === 'drop' ? 'error' : how === 'miss' ? as : 'ended';
      c.endReason = how === 'drop' ? 'dropped' : how === 'miss' ? as : 'ended';
      later(s, acwMs, () => clearContact(s, c));
    }
    pushViews(s, c.region);
    maybeCompletePending(s);
    changed(s);
    return { ok: true, contactId: id, state: c.state, clearsInMs: how === 'accept' ? null : acwMs };
  }

  function clearContact(s, c) {
    if (!s.contacts.includes(c)) return;
    s.contacts = s.contacts.filter((x) => x !== c);
    pushViews(s, c.region);
    maybeCompletePending(s);
    changed(s);
  }

  // ---------------------------------------------------------------- agent state / faults
  function agentStateAction(s, body) {
    checkFields(body, ['name', 'region']);
    const region = body.region ?? s.activeRegion;
    if (!s.regions.includes(region)) throw bad(`region must be one of ${s.regions.join(', ')}`);
    const st = typeof body.name === 'string' ? stateByName(s, region, body.name) : null;
    if (!st) throw bad(`name must be one of ${STATE_DEFS.map((d) => d.name).join(', ')}`);
    s.agent[region] = { selected: st, since: Date.now(), nextState: null };
    pushViews(s, region);
    changed(s);
    return { ok: true, region, state: st };
  }

  function faultsAction(s, body) {
    checkFields(body, ['setStateFailures', 'setStateHangs', 'globalSigninInvalid', 'neverLoad']);
    const next = { ...s.faults };
    if (body.setStateFailures !== undefined) {
      if (!Number.isInteger(body.setStateFailures) || body.setStateFailures < 0 || body.setStateFailures > 1000) {
        throw bad('setStateFailures must be an integer between 0 and 1000');
      }
      next.setStateFailures = body.setStateFailures;
    }
    if (body.setStateHangs !== undefined) {
      if (!Number.isInteger(body.setStateHangs) || body.setStateHangs < 0 || body.setStateHangs > 1000) {
        throw bad('setStateHangs must be an integer between 0 and 1000');
      }
      next.setStateHangs = body.setStateHangs;
    }
    const regionList = (v, name) => {
      if (v === true) {
        if (s.singleRegion) throw bad(`${name}: true means the secondary region, and a single-region session has none`);
        return [s.regions[1]];
      }
      if (v === false) return [];
      if (!Array.isArray(v) || v.some((r) => !s.regions.includes(r))) {
        throw bad(`${name} must be a boolean or an array of regions from ${s.regions.join(', ')}`);
      }
      return [...new Set(v)];
    };
    if (body.globalSigninInvalid !== undefined) next.globalSigninInvalid = regionList(body.globalSigninInvalid, 'globalSigninInvalid');
    if (body.neverLoad !== undefined) next.neverLoad = regionList(body.neverLoad, 'neverLoad');
    s.faults = next;
    changed(s);
    return { ok: true, faults: { ...next } };
  }

  function detectionDelayAction(s, body) {
    checkFields(body, ['ms']);
    const ms = checkDelay(body.ms, 'ms');
    if (ms === undefined) throw bad('ms is required');
    s.detectionDelayMs = ms;
    changed(s);
    return { ok: true, detectionDelayMs: ms };
  }

  function resetAction(s, body) {
    checkFields(body, []);
    resetModel(s);
    for (const w of s.workers.values()) {
      w.stalled = false;
      sse(w.res, 'reset', helloFor(s, w.region));
    }
    changed(s);
    return { ok: true };
  }

  // ---------------------------------------------------------------- the fake CCP's API (what Streams' api_request reaches)
  function apiError(type, message, statusCode) {
    return JSON.stringify({ type, message, stack: [], retryStatus: 'none', statusCode });
  }
  function handleApi(s, region, body) {
    const { method, params } = body ?? {};
    const entry = { region, method, params: params ?? null, time: new Date().toISOString(), at: Date.now(), ok: true };
    let result;
    const fail = (type, message, statusCode) => {
      entry.ok = false;
      entry.error = type;
      result = { data: null, err: apiError(type, message, statusCode) };
    };
    switch (method) {
      case 'putAgentState': {
        const want = params?.state;
        const st = s.config[region].states.find((x) => x.agentStateARN === want?.agentStateARN);
        if (s.faults.setStateHangs > 0) {
          // The service never answers (Streams' client has no timeout of its own).
          s.faults.setStateHangs--;
          entry.ok = false;
          entry.error = 'NoAnswer';
          result = { data: null, err: null, hang: true };
        } else if (s.faults.setStateFailures > 0) {
          s.faults.setStateFailures--;
          fail('InternalServiceException', 'Simulated failure of putAgentState (fault setStateFailures)', 500);
        } else if (!st) {
          fail('ResourceNotFoundException', `Agent state ${want?.agentStateARN} does not exist in instance ${s.config[region].instanceArn}`, 400);
        } else if (params?.enqueueNextState && liveContacts(s, region).length) {
          s.agent[region].nextState = { ...st };
          result = { data: {}, err: null };
        } else {
          s.agent[region] = { selected: st, since: Date.now(), nextState: null };
          result = { data: {}, err: null };
        }
        break;
      }
      case 'clearContact':
      case 'completeContact': {
        const c = s.contacts.find((x) => x.contactId === params?.contactId && x.region === region);
        if (!c) fail('ResourceNotFoundException', `Contact ${params?.contactId} not found`, 400);
        else if (c.state === 'connected') fail('InvalidStateException', `Contact ${c.contactId} is still connected`, 400);
        else {
          s.contacts = s.contacts.filter((x) => x !== c);
          result = { data: {}, err: null };
        }
        break;
      }
      // What the CCP's Accept and Reject buttons (and Streams' contact.accept() / reject()) send.
      case 'acceptContact':
      case 'rejectContact': {
        const c = s.contacts.find((x) => x.contactId === params?.contactId && x.region === region);
        if (!c) fail('ResourceNotFoundException', `Contact ${params?.contactId} not found`, 400);
        else if (c.state !== 'ringing') fail('InvalidStateException', `Contact ${c.contactId} is not ringing`, 400);
        else {
          endContact(s, c.contactId, method === 'acceptContact' ? {} : { as: 'rejected' }, method === 'acceptContact' ? 'accept' : 'miss');
          result = { data: {}, err: null };
        }
        break;
      }
      case 'destroyContact': {
        const c = s.contacts.find((x) => x.contactId === params?.contactId && x.region === region);
        if (!c) fail('ResourceNotFoundException', `Contact ${params?.contactId} not found`, 400);
        else {
          if (c.state === 'connected') {
            c.state = 'ended';
            c.stateSince = Date.now();
            c.endReason = 'ended';
            if (!isCall(c)) later(s, 200, () => clearContact(s, c));
          }
          result = { data: {}, err: null };
        }
        break;
      }
      default:
        // The real worker's AWS client answers an unknown method with a ValueError, which
        // JSON.stringify turns into '{}', and the message in `data`.
        entry.ok = false;
        entry.error = 'UnknownMethod';
        result = { data: { message: `No such method exists on AWS client: ${method}` }, err: '{}' };
    }
    pushLog(s.requests, entry);
    if (entry.ok) pushViews(s, region);
    maybeCompletePending(s);
    changed(s);
    return result;
  }

  function handleSignal(s, region, wid, body) {
    const list = Array.isArray(body?.events) ? body.events : [];
    for (const e of list) {
      if (!e || typeof e.event !== 'string') continue;
      if (e.event === 'synchronize') {
        s.keepalives[region] += Number(e.count) || 1;
        continue;
      }
      pushLog(s.messages, { region, event: e.event, time: new Date(e.at ?? Date.now()).toISOString(), at: e.at ?? Date.now(), data: e.data });
      if (e.event === 'globalResiliency::force_failover') {
        const sw = s.switch;
        if (sw && sw.stage === 'pending' && !sw.hold && !s.workers.get(wid)?.stalled) {
          sw.forced = true;
          initiate(s, sw);
        }
      }
    }
    changed(s);
  }

  // ---------------------------------------------------------------- public state
  function publicState(s) {
    const workers = {};
    const stalledWorkers = {};
    for (const r of s.regions) {
      workers[r] = 0;
      stalledWorkers[r] = 0;
    }
    for (const w of s.workers.values()) {
      workers[w.region]++;
      if (w.stalled) stalledWorkers[w.region]++;
    }
    const agent = {};
    for (const r of s.regions) {
      const st = snapshotState(s, r);
      agent[r] = {
        state: { name: st.name, type: st.type, agentStateARN: st.agentStateARN },
        selected: { ...s.agent[r].selected },
        since: new Date(s.agent[r].since).toISOString(),
        nextState: s.agent[r].nextState,
        routingProfileARN: s.config[r].routingProfileARN,
        agentStates: s.config[r].states.map((x) => ({ ...x })),
      };
    }
    return {
      id: s.id,
      version: s.version,
      singleRegion: s.singleRegion,
      regions: [...s.regions],
      instanceId: s.instanceId,
      trafficDistributionGroupArn: s.tdgArn,
      activeRegion: s.activeRegion,
      trafficRegion: s.trafficRegion,
      detectionDelayMs: s.detectionDelayMs,
      switch: s.switch ? { ...s.switch } : null,
      switches: s.switches.map((x) => ({ ...x })),
      cancelled: s.cancelled.map((x) => ({ ...x })),
      agent,
      contacts: s.contacts.map((c) => ({
        contactId: c.contactId,
        type: c.type,
        region: c.region,
        state: c.state,
        created: new Date(c.created).toISOString(),
      })),
      faults: { ...s.faults },
      workers,
      stalledWorkers,
      pageLoads: { ...s.pageLoads },
      keepalives: { ...s.keepalives },
      requests: s.requests.map((r) => ({ ...r })),
      messages: s.messages.map((m) => ({ ...m })),
    };
  }

  function sessionInfo(s) {
    const o = (r) => `${origins[r]}/s/${s.id}/ccp-v2/`;
    return {
      id: s.id,
      ccpUrl: o(s.activeRegion),
      secondaryCcpUrl: s.singleRegion ? null : o(s.regions.find((r) => r !== s.activeRegion)),
      loginUrl: `${origins[s.activeRegion]}/s/${s.id}/login`,
      regions: [...s.regions],
      instanceId: s.instanceId,
    };
  }

  // ---------------------------------------------------------------- HTTP
  function cors(res) {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, DELETE, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', 'content-type');
  }
  function json(res, status, body) {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  }
  async function readJson(req) {
    const chunks = [];
    let size = 0;
    for await (const c of req) {
      size += c.length;
      if (size > 1e6) throw new HttpError(413, 'body too large');
      chunks.push(c);
    }
    const text = Buffer.concat(chunks).toString('utf8').trim();
    if (!text) return {};
    try {
      return JSON.parse(text);
    } catch {
      throw bad('body is not valid JSON');
    }
  }
  function openSse(req, res) {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'access-control-allow-origin': '*',
    });
    res.write(': connected\n\n');
  }

  async function control(req, res, parts) {
    // parts: after /sim
    if (parts[0] === 'health' && req.method === 'GET') return json(res, 200, { ok: true, origins });
    if (parts[0] === 'sessions' && parts.length === 1) {
      if (req.method === 'POST') {
        const body = await readJson(req);
        const id = randomBytes(6).toString('hex');
        const s = newSession(id, body);
        sessions.set(id, s);
        return json(res, 201, sessionInfo(s));
      }
      if (req.method === 'GET') return json(res, 200, [...sessions.values()].map(sessionInfo));
      throw new HttpError(405, 'use POST to create a session');
    }
    if (parts[0] !== 's' || !parts[1]) throw notFound(`unknown control route /sim/${parts.join('/')}`);
    const s = getSession(parts[1]);
    const action = parts.slice(2).join('/');
    if (req.method === 'GET') {
      if (action === 'state') return json(res, 200, publicState(s));
      if (action === '' || action === 'info') return json(res, 200, sessionInfo(s));
      if (action === 'events') {
        openSse(req, res);
        s.controlStreams.add(res);
        sse(res, 'state', publicState(s));
        req.on('close', () => s.controlStreams.delete(res));
        return;
      }
      throw notFound(`unknown control route GET /sim/s/${s.id}/${action}`);
    }
    if (req.method === 'DELETE' && action === '') {
      if (s.id === 'default') throw conflict('the default session cannot be deleted');
      for (const t of s.timers) clearTimeout(t);
      for (const w of s.workers.values()) w.res.end();
      for (const r of s.controlStreams) r.end();
      sessions.delete(s.id);
      return json(res, 200, { ok: true });
    }
    if (req.method !== 'POST') throw new HttpError(405, `use POST for /sim/s/${s.id}/${action}`);
    const body = await readJson(req);
    let m;
    if (action === 'traffic') return json(res, 200, traffic(s, body));
    if (action === 'detection-delay') return json(res, 200, detectionDelayAction(s, body));
    if (action === 'contacts') return json(res, 201, addContact(s, body));
    if ((m = /^contacts\/([^/]+)\/(end|drop|accept|miss)$/.exec(action))) return json(res, 200, endContact(s, m[1], body, m[2]));
    if (action === 'cancel-switch') return json(res, 200, cancelSwitch(s, body));
    if (action === 'agent-state') return json(res, 200, agentStateAction(s, body));
    if (action === 'faults') return json(res, 200, faultsAction(s, body));
    if (action === 'reset') return json(res, 200, resetAction(s, body));
    throw notFound(`unknown control action '${action}'`);
  }

  function ccpPage(s, region) {
    const cfg = {
      session: s.id,
      region,
      gr: !s.singleRegion,
      workerUrl: `/s/${s.id}/worker.js`,
      neverLoad: s.faults.neverLoad.includes(region),
      globalSigninInvalid: s.faults.globalSigninInvalid.includes(region),
    };
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Amazon Connect CCP (simulated, ${region})</title>
<style>body{font:14px system-ui,sans-serif;margin:0;padding:12px;background:#f2f3f3;color:#16191f}
.r{font-weight:600}#state{margin-top:8px}</style></head>
<body><div>Simulated CCP · <span class="r">${region}</span> · session ${s.id}</div><div id="state">loading…</div>
<script id="sim-config" type="application/json">${JSON.stringify(cfg)}</script>
<script src="/s/${s.id}/ccp.js"></script></body></html>`;
  }

  async function regionRoute(req, res, region, parts) {
    // parts: after /s
    const s = getSession(parts[0]);
    if (!s.regions.includes(region)) throw notFound(`session ${s.id} has no CCP in ${region}`);
    const rest = parts.slice(1).join('/');
    if (req.method === 'GET' && (rest === 'ccp-v2' || rest === 'ccp-v2/')) {
      s.pageLoads[region]++;
      changed(s);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return res.end(ccpPage(s, region));
    }
    if (req.method === 'GET' && rest === 'ccp.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      return res.end(pageJs);
    }
    if (req.method === 'GET' && rest === 'worker.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      return res.end(workerJs);
    }
    if (req.method === 'GET' && rest === 'login') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(
        '<!doctype html><title>Global sign-in (simulated)</title><p>Signed in (simulated global sign-in).</p><script>setTimeout(()=>window.close(),500)</script>',
      );
    }
    if (req.method === 'GET' && rest === 'worker-events') {
      const url = new URL(req.url, 'http://x');
      const wid = url.searchParams.get('wid') || randomUUID();
      openSse(req, res);
      const w = { region, res, stalled: false, connectedAt: Date.now() };
      s.workers.set(wid, w);
      sse(res, 'hello', helloFor(s, region));
      const ping = setInterval(() => res.write(': ping\n\n'), 15000);
      req.on('close', () => {
        clearInterval(ping);
        if (s.workers.get(wid) === w) s.workers.delete(wid);
        changed(s);
      });
      changed(s);
      return;
    }
    if (req.method === 'POST' && rest === 'api') {
      const body = await readJson(req);
      const w = s.workers.get(body.wid);
      if (w?.stalled) {
        // A stalled worker still reaches the service for API calls.
      }
      return json(res, 200, handleApi(s, region, body));
    }
    if (req.method === 'POST' && rest === 'signal') {
      const body = await readJson(req);
      handleSignal(s, region, body.wid, body);
      return json(res, 200, { ok: true });
    }
    throw notFound(`unknown CCP route ${req.method} /s/${parts.join('/')}`);
  }

  function handler(region) {
    return async (req, res) => {
      cors(res);
      try {
        if (req.method === 'OPTIONS') {
          res.writeHead(204);
          return res.end();
        }
        const url = new URL(req.url, 'http://x');
        const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
        if (parts[0] === 'sim') return await control(req, res, parts.slice(1));
        if (parts[0] === 's') return await regionRoute(req, res, region, parts.slice(1));
        if (parts.length === 0) {
          return json(res, 200, { simulator: 'Amazon Connect CCP simulator', region, origins, control: '/sim/sessions' });
        }
        throw notFound(`not found: ${url.pathname}`);
      } catch (err) {
        const status = err instanceof HttpError ? err.status : 500;
        if (status === 500) log('error', err);
        if (!res.headersSent) json(res, status, { error: err.message });
        else res.end();
      }
    };
  }

  // ---------------------------------------------------------------- start
  try {
    for (let i = 0; i < regions.length; i++) {
      const server = http.createServer(handler(regions[i]));
      server.on('connection', (sock) => {
        sockets.add(sock);
        sock.on('close', () => sockets.delete(sock));
      });
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(ports[i], host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      servers.push(server);
      origins[regions[i]] = `http://${host}:${server.address().port}`;
    }
  } catch (err) {
    for (const sv of servers) sv.close();
    throw err;
  }
  sessions.set('default', newSession('default', {}));
  log('listening', origins);

  return {
    origins,
    async close() {
      for (const s of sessions.values()) for (const t of s.timers) clearTimeout(t);
      for (const sock of sockets) sock.destroy();
      await Promise.all(servers.map((sv) => new Promise((r) => sv.close(() => r()))));
    },
  };
}
