// Isomorphic (browser and Node >= 20) client for the simulator's control API. Uses fetch only.
// `waitFor` polls the session state (short polling, test helper only).

async function call(url, method, body) {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let data;
  try {
    data = text ? JSON.parse(text) : {};
  } catch {
    data = { error: text };
  }
  if (!res.ok) {
    const err = new Error(data && data.error ? data.error : `HTTP ${res.status}`);
    err.status = res.status;
    throw err;
  }
  return data;
}

function matches(entry, filter) {
  if (!filter) return true;
  if (typeof filter === 'function') return filter(entry);
  for (const [k, v] of Object.entries(filter)) {
    if (k === 'stateName') {
      if (entry.params?.state?.name !== v) return false;
    } else if (entry[k] !== v) {
      return false;
    }
  }
  return true;
}

export class Session {
  constructor(baseUrl, info) {
    this.baseUrl = baseUrl;
    Object.assign(this, info);
    this.controlUrl = `${baseUrl}/sim/s/${encodeURIComponent(info.id)}`;
  }
  _post(action, body = {}) {
    return call(`${this.controlUrl}/${action}`, 'POST', body);
  }
  state() {
    return call(`${this.controlUrl}/state`, 'GET');
  }
  async requests(filter) {
    return (await this.state()).requests.filter((r) => matches(r, filter));
  }
  async messages(filter) {
    return (await this.state()).messages.filter((m) => matches(m, filter));
  }
  /** UpdateTrafficDistribution: move the agent to `region`. */
  traffic(region, opts = {}) {
    return this._post('traffic', { region, ...opts });
  }
  setDetectionDelay(ms) {
    return this._post('detection-delay', { ms });
  }
  /** Routes a contact to the agent; `{ring: true}`: a call that rings until accepted or missed. */
  async addContact(type, opts = {}) {
    return (await this._post('contacts', { type, ...opts })).contactId;
  }
  /** A normal end: after-contact work for `acwMs`, or gone at once with `{acw: false}`. */
  endContact(contactId, opts = {}) {
    return this._post(`contacts/${encodeURIComponent(contactId)}/end`, opts);
  }
  acceptContact(contactId) {
    return this._post(`contacts/${encodeURIComponent(contactId)}/accept`, {});
  }
  /** A ringing call that was never answered: `as` 'missed' (default), 'rejected' or 'error'. */
  missContact(contactId, opts = {}) {
    return this._post(`contacts/${encodeURIComponent(contactId)}/miss`, opts);
  }
  /** The service takes a move back before it happened: no Global Resiliency message at all. */
  cancelSwitch() {
    return this._post('cancel-switch', {});
  }
  dropContact(contactId, opts = {}) {
    return this._post(`contacts/${encodeURIComponent(contactId)}/drop`, opts);
  }
  /** The agent changes state by hand in the CCP UI (default: in the active region). */
  setAgentState(name, opts = {}) {
    return this._post('agent-state', { name, ...opts });
  }
  faults(faults) {
    return this._post('faults', faults);
  }
  reset() {
    return this._post('reset', {});
  }
  delete() {
    return call(this.controlUrl, 'DELETE');
  }
  async waitFor(predicate, { timeoutMs = 5000, intervalMs = 50, message } = {}) {
    const deadline = Date.now() + timeoutMs;
    let last;
    for (;;) {
      last = await this.state();
      if (await predicate(last)) return last;
      if (Date.now() > deadline) {
        throw new Error(`waitFor timed out after ${timeoutMs} ms${message ? `: ${message}` : ''}`);
      }
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}

export class SimulatorClient {
  constructor(baseUrl = 'http://localhost:4611') {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }
  async createSession(opts = {}) {
    const info = await call(`${this.baseUrl}/sim/sessions`, 'POST', opts);
    return new Session(this.baseUrl, info);
  }
  /** The always-present session the demo uses. */
  async session(id = 'default') {
    const info = await call(`${this.baseUrl}/sim/s/${encodeURIComponent(id)}/info`, 'GET');
    return new Session(this.baseUrl, info);
  }
}
