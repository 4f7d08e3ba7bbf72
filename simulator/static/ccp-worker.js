// The simulated CCP SharedWorker ("ConnectSharedWorker"), one per origin and session in a browser.
// Like the real one it holds the agent's view for every CCP iframe of its origin, answers the
// keepalive, multiplexes API requests to "the service" (the simulator's HTTP API) and fans agent
// snapshots out to every connected CCP page. It lives as long as any CCP iframe of its origin.
/* global self, fetch, EventSource, structuredClone */
'use strict';

var WID = Math.random().toString(36).slice(2) + Date.now().toString(36);
var BASE = self.location.pathname.replace(/worker\.js$/, ''); // /s/<id>/
// Events a conduit set inactive still lets through (Streams' Conduit.allowedEvents).
var ALLOWED_WHEN_INACTIVE = [
  'globalResiliency::configure',
  'globalResiliency::configure_ccp_conduit',
  'globalResiliency::init',
  'globalResiliency::configure_error',
  'globalResiliency::validate_global_signin',
  'globalResiliency::global_signin_valid',
  'globalResiliency::global_signin_invalid',
  'globalResiliency::failover_detected',
  'globalResiliency::failover_detected_crm',
  'globalResiliency::failover_initiated',
  'globalResiliency::failover_pending',
  'globalResiliency::failover_pending_crm',
  'globalResiliency::failover_complete',
  'globalResiliency::heartbeat_syn',
  'globalResiliency::heartbeat_ack',
  'globalResiliency::force_failover',
  'configure',
  'synchronize',
  'acknowledge',
  'log',
  'server_bound_internal_log',
  'download_log_from_ccp',
];

var ports = {}; // id -> { port, active, handshaken, announced (activeRegion of the last init sent) }
var view = null; // { region, gr, activeRegion, instanceId, agent }
var believedActive = null;
var masters = {}; // topic -> port id
var pending = []; // upstream events to report
var syncCount = 0;

function rid() {
  return Math.random().toString(36).slice(2, 10) + '-' + Math.random().toString(36).slice(2, 10);
}

function revive(_k, v) {
  if (v && typeof v === 'object' && !Array.isArray(v) && typeof v.$date === 'number' && Object.keys(v).length === 1) {
    return new Date(v.$date);
  }
  return v;
}

function isActive() {
  return !!view && (!view.gr || believedActive === view.region);
}

// What the real worker's updateAgent() sends: snapshot + configuration, with its aliases.
function agentData() {
  var a = structuredClone(view.agent);
  var snap = a.snapshot;
  snap.localTimestamp = Date.now();
  // The server's clock minus this one, measured when the data came (the snapshot time is when the
  // data last changed, which may be long ago).
  snap.skew = view.skew || 0;
  snap.status = snap.state;
  snap.contacts.forEach(function (c) {
    c.status = c.state;
    if (c.queue) c.queue.queueId = c.queue.queueARN;
    c.connections.forEach(function (conn) {
      conn.address = conn.endpoint;
    });
  });
  var rp = a.configuration.routingProfile;
  rp.routingProfileId = rp.routingProfileARN;
  rp.defaultOutboundQueue.queueId = rp.defaultOutboundQueue.queueARN;
  rp.queues.forEach(function (q) {
    q.queueId = q.queueARN;
  });
  return a;
}

function send(entry, event, data, direct) {
  if (!direct && !entry.active && ALLOWED_WHEN_INACTIVE.indexOf(event) < 0) return;
  try {
    entry.port.postMessage({ event: event, data: data });
  } catch {
    /* port gone */
  }
}
function broadcast(event, data) {
  Object.keys(ports).forEach(function (id) {
    send(ports[id], event, data);
  });
}
function portCount() {
  return Object.keys(ports).length;
}
function status() {
  var text = view
    ? view.region + ' · ' + (isActive() ? 'active' : 'inactive') + ' (active region: ' + believedActive + ') · ' +
      view.agent.snapshot.state.name + ' · ' + view.agent.snapshot.contacts.length + ' contact(s) · ' + portCount() + ' CCP(s)'
    : 'connecting…';
  Object.keys(ports).forEach(function (id) {
    try {
      ports[id].port.postMessage({ sim: 'status', text: text });
    } catch {
      /* ignore */
    }
  });
}

function pushAgent(entry) {
  if (!view || !isActive()) return;
  if (entry) send(entry, 'agent::update', agentData());
  else broadcast('agent::update', agentData());
}

function sendInit(entry) {
  if (!view || !view.gr || !entry.handshaken) return;
  entry.announced = believedActive;
  send(entry, 'globalResiliency::init', {
    instanceRegion: view.region,
    instanceState: believedActive === view.region ? 'active' : 'inactive',
    activeRegion: believedActive,
  });
}

// The CCP learnt that the active region moved. Streams applies the instanceState of every
// globalResiliency::init to that conduit (configure_ccp_conduit), also after start-up, so an init
// sent just before this worker learnt of a failover can reach the host after the host has switched
// and set the new region's conduit back to inactive (no agent::update, no api_response). A CCP
// that already announced itself with the old active region therefore announces itself again; on
// the same channel this always arrives after the stale one.
function adoptActiveRegion(region) {
  believedActive = region;
  Object.keys(ports).forEach(function (id) {
    var entry = ports[id];
    if (entry.announced && entry.announced !== believedActive) sendInit(entry);
  });
}

function report(event, data) {
  if (event === 'broadcast' && data && typeof data.event === 'string') {
    // Streams pushes every log line up as a broadcast; too noisy to record.
    if (data.event === 'log' || data.event === 'server_bound_internal_log') return;
    pending.push({ event: 'broadcast:' + data.event, at: Date.now() });
  } else if (event === 'synchronize') {
    syncCount++;
  } else {
    var keep = event === 'api_request' || event === 'log' || event === 'server_bound_internal_log' || event === 'send_logs' ? undefined : data;
    var small;
    try {
      small = keep === undefined ? undefined : JSON.parse(JSON.stringify(keep));
      if (small && JSON.stringify(small).length > 2000) small = { truncated: true };
    } catch {
      small = { unserialisable: true };
    }
    pending.push({ event: event, at: Date.now(), data: small });
  }
}
setInterval(function () {
  if (!pending.length && !syncCount) return;
  var events = pending.splice(0, pending.length);
  if (syncCount) events.push({ event: 'synchronize', count: syncCount });
  syncCount = 0;
  fetch(BASE + 'signal', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ wid: WID, events: events }),
  }).catch(function () {});
}, 200);

function handleMaster(entry, id, request) {
  var p = request.params || {};
  var response;
  if (request.method === 'becomeMaster') {
    var prev = masters[p.topic];
    var takeOver = !!prev && prev !== id;
    masters[p.topic] = id;
    response = { event: 'master_response', requestId: request.requestId, data: { masterId: id, takeOver: takeOver, topic: p.topic }, err: null };
    if (takeOver) broadcast('master_response', response);
  } else if (request.method === 'checkMaster') {
    var masterId = masters[p.topic];
    if (!masterId && !p.shouldNotBecomeMasterIfNone) {
      masters[p.topic] = id;
      masterId = id;
    }
    response = { event: 'master_response', requestId: request.requestId, data: { masterId: masterId, isMaster: id === masterId, topic: p.topic }, err: null };
  } else {
    return;
  }
  send(entry, 'master_response', response);
}

function handleApi(entry, request) {
  fetch(BASE + 'api', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ wid: WID, method: request.method, params: request.params }),
  })
    .then(function (r) {
      return r.json();
    })
    .then(function (res) {
      if (res.hang) return; // fault setStateHangs: the service never answers
      send(entry, 'api_response', { event: 'api_response', requestId: request.requestId, data: res.data, err: res.err || null });
    })
    .catch(function (err) {
      send(entry, 'api_response', {
        event: 'api_response',
        requestId: request.requestId,
        data: null,
        err: JSON.stringify({ type: 'NetworkingError', message: String(err), stack: [], retryStatus: 'none', statusCode: 0 }),
      });
    });
}

function onPortMessage(id, e) {
  var entry = ports[id];
  var msg = e.data;
  if (!entry || !msg || typeof msg.event !== 'string') return;
  var data = msg.data;
  report(msg.event, data);
  switch (msg.event) {
    case 'synchronize':
      broadcast('acknowledge'); // the real worker answers every SYN to all ports
      break;
    case 'api_request':
      handleApi(entry, data || {});
      break;
    case 'master_request':
      handleMaster(entry, id, data || {});
      break;
    case 'broadcast':
      if (data && data.event) broadcast(data.event, data.data);
      break;
    case 'close':
      delete ports[id];
      Object.keys(masters).forEach(function (t) {
        if (masters[t] === id) delete masters[t];
      });
      broadcast('update_connected_ccps', { length: portCount() });
      status();
      break;
    case 'outer_context_info':
      // The host finished its side of the handshake.
      entry.handshaken = true;
      sendInit(entry);
      pushAgent(entry);
      break;
    case 'globalResiliency::configure_ccp_conduit': {
      var wasActive = entry.active;
      entry.active = !!data && data.instanceState === 'active';
      if (entry.active && !wasActive) pushAgent(entry);
      break;
    }
    case 'agent::fetch_agent_data_from_ccp':
      if (view) send(entry, 'agent::fetch_agent_data_from_ccp', agentData(), true);
      break;
    case 'globalResiliency::failover_complete':
      // Relayed by the host (region stamped on the wire copy): recorded only. This worker hears every
      // move from the service itself; a host that finishes an earlier move late relays it after this
      // worker heard the next one, and adopting it would take the worker back to the old region and
      // re-announce a stale init that leaves the new active conduit inactive in every tab.
      break;
    default:
      break;
  }
}

self.onconnect = function (e) {
  var port = e.ports[0];
  var id = rid();
  var entry = { port: port, active: true, handshaken: false };
  ports[id] = entry;
  port.onmessage = function (ev) {
    onPortMessage(id, ev);
  };
  port.start();
  send(entry, 'acknowledge', { id: id });
  broadcast('update_connected_ccps', { length: portCount() });
  pushAgent(); // the real worker re-sends the agent to everyone when a CCP connects
  status();
};

function onHello(data) {
  view = data;
  view.skew = data.serverTime - Date.now();
  believedActive = data.activeRegion;
  Object.keys(ports).forEach(function (id) {
    sendInit(ports[id]);
  });
  pushAgent();
  status();
}

var es = new EventSource(BASE + 'worker-events?wid=' + encodeURIComponent(WID));
es.addEventListener('hello', function (e) {
  onHello(JSON.parse(e.data, revive));
});
es.addEventListener('reset', function (e) {
  onHello(JSON.parse(e.data, revive));
});
es.addEventListener('view', function (e) {
  if (!view) return;
  var data = JSON.parse(e.data, revive);
  view.agent = data.agent;
  view.skew = data.serverTime - Date.now();
  pushAgent();
  status();
});
es.addEventListener('gr', function (e) {
  if (!view) return;
  var g = JSON.parse(e.data);
  if (g.phase === 'detected') {
    broadcast('globalResiliency::failover_detected', { activeRegion: g.activeRegion });
  } else if (g.phase === 'pending') {
    broadcast('globalResiliency::failover_pending', { activeRegion: g.activeRegion });
  } else if (g.phase === 'initiated') {
    broadcast('globalResiliency::failover_initiated', { activeRegion: g.activeRegion });
    adoptActiveRegion(g.activeRegion); // after failover_initiated, so the host switches first
    pushAgent(); // reaches only pages whose conduit the host has already made active
  }
  status();
});
