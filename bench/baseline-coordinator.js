// The baseline of bench/convergence.mjs: the smallest barrier that waits for nothing but messages.
// It stands in for src/tabs/tab-coordinator.ts in the element (fixtures/real-tab.html maps the
// module to this file), with the same constructor and methods the element calls. The leader
// (Web Lock) lists the live tabs from their locks, orders a teardown, re-initialises everyone on
// the last ack. No voice veto, no jitter, no deadlines, no join window, no claims: not for
// production, only to show what the coordination itself costs.
export class TabCoordinator {
  initAllowed = Promise.resolve();
  isLeader = false;
  #o;
  #ch;
  #id = crypto.randomUUID();
  #epoch = 0;
  #lead = null;
  #release = [];
  #sent = 0;

  constructor(o) {
    this.#o = o;
  }

  start() {
    this.#ch = new BroadcastChannel(`baseline/${this.#o.channelName}`);
    this.#ch.onmessage = (e) => this.#handle(e.data);
    const hold = (fn) => () => new Promise((r) => (this.#release.push(r), fn?.()));
    navigator.locks.request(`baseline/${this.#o.channelName}/tab/${this.#id}`, hold());
    navigator.locks.request(`baseline/${this.#o.channelName}/leader`, hold(() => (this.isLeader = true)));
  }

  dispose() {
    this.#ch?.close();
    this.#release.forEach((r) => r());
  }

  requestReload(reason = 'manual') {
    this.#post({ t: 'req', reason });
  }

  setReloadJitter() {}
  setVoiceLive() {}
  reportRegion() {}
  claim() {
    return Promise.resolve(false);
  }
  stats() {
    return { sent: this.#sent, received: 0, invalid: 0, ignored: 0 };
  }

  #post(m) {
    const msg = { ...m, from: this.#id };
    this.#sent++;
    this.#ch.postMessage(msg);
    this.#handle(msg);
  }

  async #handle(m) {
    const L = this.#lead;
    if (m.t === 'req' && this.isLeader && !L) {
      const prefix = `baseline/${this.#o.channelName}/tab/`;
      const held = (await navigator.locks.query()).held ?? [];
      const tabs = held.map((l) => l.name).filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length));
      this.#lead = { epoch: this.#epoch + 1, tabs, acks: new Set(), ready: new Set(), reason: m.reason };
      this.#post({ t: 'teardown', epoch: this.#lead.epoch, reason: m.reason });
    } else if (m.t === 'teardown' && m.epoch > this.#epoch) {
      this.#epoch = m.epoch;
      this.#stage('teardown', m);
      await this.#o.hooks.teardown(m.epoch);
      this.#post({ t: 'ack', epoch: m.epoch });
    } else if (m.t === 'ack' && L?.epoch === m.epoch) {
      L.acks.add(m.from);
      if (L.tabs.every((t) => L.acks.has(t))) this.#post({ t: 'reinit', epoch: L.epoch, reason: L.reason });
    } else if (m.t === 'reinit') {
      this.#stage('reinit', m);
      const region = await this.#o.hooks.reinit(m.epoch);
      this.#stage('ready', { ...m, region });
      this.#post({ t: 'ready', epoch: m.epoch });
    } else if (m.t === 'ready' && L?.epoch === m.epoch) {
      L.ready.add(m.from);
      if (L.tabs.every((t) => L.ready.has(t))) {
        this.#lead = null;
        this.#post({ t: 'done', epoch: L.epoch, reason: L.reason });
      }
    } else if (m.t === 'done') this.#stage('done', m);
  }

  #stage(stage, m) {
    this.#o.hooks.onStage({ stage, epoch: m.epoch, reason: m.reason, automatic: false, ...(m.region ? { region: m.region } : {}) });
  }
}
