// The modelled service and each tab's CCP as Streams presents it, in plain terms (no module shapes:
// bench/floor/agent.mjs translates). The service logs every request at its simulated time:
// `putAgentState` per agent, a CCP initialisation per tab; it may fail a share of them.

export const FROM = 'us-east-1';
export const TO = 'us-west-2';
export const CCP_URL = { [FROM]: 'https://floor.my.connect.aws/ccp-v2/', [TO]: 'https://floor-west.my.connect.aws/ccp-v2/' };
/** Server timestamps are ms since the epoch; the simulation's t = 0 (the switch) is this instant. */
export const EPOCH = Date.UTC(2026, 0, 1);

/**
 * Latencies (ms) of the model, uniform in [min, max]: a CCP start (iframe, sign-in check, first agent
 * data), an API answer, an agent update reaching one CCP, and Streams' steps of a switch in one tab.
 */
export const LATENCY = {
  init: [1000, 3000],
  api: [100, 400],
  update: [50, 250],
  tabSpread: [0, 200],
  fetch: [200, 600],
};

/** stale-stuck: a started CCP hears of the (never completing) move again after this long, ms. */
const REDETECT = [1000, 5000];

export class Service {
  /** Every request: kind `setState` | `init`, time, agent index, answered ok. */
  log = [];

  /** `redetect`: a move that never happens; Streams detects it again in every CCP that starts (stale-stuck). */
  constructor({ clock, random, failSetState = () => false, redetect = false }) {
    this.clock = clock;
    this.random = random;
    this.failSetState = failSetState;
    this.redetect = redetect;
  }

  between([min, max]) {
    return min + this.random() * (max - min);
  }

  /** The agent as the service knows it: the region it is routed in and its state there. */
  addAgent(index, { routable, call }) {
    return {
      index,
      region: FROM,
      wasRoutable: routable,
      state: routable ? { type: 'routable', name: 'Available' } : { type: 'not_routable', name: 'Break' },
      selected: routable ? 'routable' : 'not_routable',
      since: EPOCH - 3600_000 - Math.floor(this.random() * 3600_000),
      contacts: call ? [{ id: `c${index}`, type: 'voice', state: 'connected' }] : [],
      ccps: new Set(),
      movedAt: null,
      /** First time one of the agent's CCPs showed new-region data: the switch's completion for this agent. */
      completedAt: null,
      setStates: 0,
    };
  }

  snapshot(rec) {
    const busy = rec.contacts.some((c) => c.state === 'connected');
    return {
      region: rec.region,
      stateType: busy ? 'system' : rec.state.type,
      stateName: busy ? 'Busy' : rec.state.name,
      selectedType: rec.selected,
      since: rec.since,
      /** Streams' `snapshotTimestamp`: when the service took this snapshot. */
      at: EPOCH + this.clock.now,
      contacts: rec.contacts.map((c) => ({ ...c })),
    };
  }

  /** The traffic distribution moves the agent: Offline in the new region, since now (F3). */
  move(rec) {
    rec.region = TO;
    rec.state = { type: 'offline', name: 'Offline' };
    rec.selected = 'offline';
    rec.since = EPOCH + this.clock.now;
    rec.contacts = [];
    rec.movedAt = this.clock.now;
  }

  /** The agent's voice call ends (Streams shows it `ended` until it is cleared); the state goes back to the one picked. */
  endCall(rec) {
    rec.contacts = rec.contacts.map((c) => ({ ...c, state: 'ended' }));
    rec.since = EPOCH + this.clock.now;
    this.publish(rec);
  }

  /** New agent data reaches every ready CCP that shows the agent's region. */
  publish(rec) {
    for (const ccp of rec.ccps) {
      if (ccp.ready && ccp.region === rec.region) {
        const gen = ccp.gen;
        this.clock.after(this.between(LATENCY.update), () => gen === ccp.gen && ccp.deliver(this.snapshot(rec)));
      }
    }
  }

  /** `putAgentState`: rejected for another region's state (an old ARN), or when the scenario fails it. */
  putAgentState(rec, region) {
    rec.setStates++;
    const t = this.clock.now;
    const ok = region === rec.region && !this.failSetState(t, this.random);
    this.log.push({ kind: 'setState', t, agent: rec.index, ok });
    return new Promise((resolve, reject) =>
      this.clock.after(this.between(LATENCY.api), () => {
        if (!ok) return reject(new Error(region === rec.region ? 'ServiceUnavailable' : 'InvalidState: other region'));
        rec.state = { type: 'routable', name: 'Available' };
        rec.selected = 'routable';
        rec.since = EPOCH + this.clock.now;
        this.publish(rec);
        resolve();
      }),
    );
  }

  /** One tab's CCP. */
  ccp(rec, listener) {
    return new Ccp(this, rec, listener);
  }
}

/**
 * One tab's Streams and CCP: starting logs an initialisation and, after the CCP loads, reports the
 * region the service routes the agent in, with its data. A switch reaches it as Streams' events.
 */
export class Ccp {
  ready = false;
  region = null;
  snapshot = null;
  /** Bumped by stop(): callbacks of an earlier life are dropped. */
  gen = 0;

  constructor(service, rec, listener) {
    this.service = service;
    this.rec = rec;
    this.listener = listener;
  }

  get live() {
    return this.rec.ccps.has(this);
  }

  start() {
    const { service, rec } = this;
    rec.ccps.add(this);
    service.log.push({ kind: 'init', t: service.clock.now, agent: rec.index, ok: true });
    const gen = this.gen;
    service.clock.after(service.between(LATENCY.init), () => {
      if (gen !== this.gen) return;
      this.ready = true;
      this.region = rec.region;
      this.snapshot = service.snapshot(rec);
      this.#seen();
      this.listener.ready(this.snapshot, CCP_URL[this.region]);
      if (service.redetect) service.clock.after(service.between(REDETECT), () => gen === this.gen && this.detect(TO));
    });
  }

  stop() {
    this.gen++;
    this.ready = false;
    this.rec.ccps.delete(this);
  }

  deliver(snap) {
    this.snapshot = snap;
    this.#seen();
    this.listener.agent(snap, CCP_URL[this.region]);
  }

  setState(region) {
    return this.service.putAgentState(this.rec, region);
  }

  detect(to) {
    if (this.ready) this.listener.detected(to);
  }

  pend(to) {
    if (this.ready) this.listener.pending(to);
  }

  /** Streams swaps to the new region's CCP, fetches its agent data, then reports the completion. */
  initiate(to) {
    if (!this.ready) return;
    const { service, rec } = this;
    this.region = to;
    const gen = this.gen;
    service.clock.after(service.between(LATENCY.fetch), () => {
      if (gen !== this.gen) return;
      this.deliver(service.snapshot(rec));
      this.listener.completed(to, CCP_URL[to]);
    });
  }

  #seen() {
    if (this.region === TO && this.rec.completedAt === null) this.rec.completedAt = this.service.clock.now;
  }
}
