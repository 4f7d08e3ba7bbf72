// The demo page's script (an external module so the strict-CSP page runs the very same code).
// It mounts <region-aware-ccp> on a simulator session and drives the simulator from the control
// panel. DOM is built with createElement/textContent only: the CSP page requires Trusted Types.
//
// Query parameters: ?sim=<simulator origin> (default http://localhost:4611), ?session=<id>
// (default `default`), ?lang=en|de, ?stale=<seconds> (watchdog, default 30), ?autoAvailable=0.
import { SimulatorClient } from '/simulator/client.mjs';

const params = new URLSearchParams(location.search);
const simBase = (params.get('sim') || 'http://localhost:4611').replace(/\/+$/, '');
const sessionId = params.get('session') || 'default';
const $ = (sel) => document.querySelector(sel);

const RAC_EVENTS = [
  'rac-ready',
  'rac-switch-detected',
  'rac-switch-pending',
  'rac-switched',
  'rac-agent-available',
  'rac-auto-available-failed',
  'rac-stale',
  'rac-tabs-reload',
  'rac-error',
  'rac-auto-available-change',
];

// ------------------------------------------------------------------ event log
const logEl = $('#log');
function log(name, detail, kind = 'rac') {
  const li = document.createElement('li');
  li.dataset.kind = kind;
  li.dataset.event = name;
  const time = document.createElement('time');
  time.textContent = new Date().toLocaleTimeString([], { hour12: false });
  const n = document.createElement('span');
  n.className = 'name';
  n.textContent = name;
  li.append(time, n);
  if (detail !== undefined) li.append(' ', typeof detail === 'string' ? detail : JSON.stringify(detail));
  logEl.prepend(li);
  while (logEl.children.length > 100) logEl.lastElementChild.remove();
}

// ------------------------------------------------------------------ the element
let session;
try {
  session = await new SimulatorClient(simBase).session(sessionId);
} catch (e) {
  $('#ccp-wait').textContent = `The CCP simulator does not answer at ${simBase} (${e.message}). Start the demo with npm start.`;
  throw e;
}
$('#sim-session').textContent = `session ${session.id}`;

// A traffic distribution group's CCPs are configured once: primary = the first simulator origin.
// (The session info lists the *active* region first, which changes after a switch.)
const primaryOrigin = new URL(simBase).origin;
const urls = [session.ccpUrl, session.secondaryCcpUrl].filter(Boolean);
const ccpUrl = urls.find((u) => new URL(u).origin === primaryOrigin) ?? urls[0];
const secondaryCcpUrl = urls.find((u) => u !== ccpUrl) ?? null;
const loginUrl = `${primaryOrigin}${new URL(session.loginUrl).pathname}`;

await customElements.whenDefined('region-aware-ccp');
const ccp = document.createElement('region-aware-ccp');
ccp.id = 'ccp';
ccp.setAttribute('ccp-url', ccpUrl);
if (secondaryCcpUrl) {
  ccp.setAttribute('secondary-ccp-url', secondaryCcpUrl);
  ccp.setAttribute('login-url', loginUrl);
}
ccp.setAttribute('stale-after', params.get('stale') || '30');
ccp.setAttribute('reload-jitter', '0');
ccp.autoAvailable = params.get('autoAvailable') !== '0';
ccp.lang = params.get('lang') === 'de' ? 'de' : 'en';
// Any other connect.core.initCCP option goes through the ccpOptions property.
ccp.ccpOptions = { ccpLoadTimeout: 10000 };

const pill = $('#region-pill');
const setPill = (text, state) => {
  pill.textContent = text;
  pill.dataset.state = state;
};
for (const name of RAC_EVENTS) {
  ccp.addEventListener(name, (e) => {
    log(name, e.detail, name === 'rac-error' || name === 'rac-auto-available-failed' ? 'error' : 'rac');
    if (name === 'rac-ready') setPill(`CCP: ${e.detail.region}`, 'ready');
    if (name === 'rac-switch-detected' || name === 'rac-switch-pending') setPill(`CCP: moving to ${e.detail.to}…`, 'moving');
    if (name === 'rac-switched') {
      setPill(`CCP: ${e.detail.to}`, 'ready');
      // F9: the new instance's URL, for links to the admin website or reports.
      pill.title = `Now in ${e.detail.to}: ${e.detail.ccpUrl}`;
    }
  });
}
$('#ccp-wait').remove();
$('#ccp-slot').append(ccp);
$('#auto-available').checked = ccp.hasAttribute('auto-available'); // the default; the agent's choice is in the element's bar
$('#lang').value = ccp.lang;
window.demo = { ccp, session, log };

// ------------------------------------------------------------------ simulator state (SSE)
let state = null;
const other = () => (state ? state.regions.find((r) => r !== state.trafficRegion) : null);
function renderState(s) {
  state = s;
  const a = s.agent[s.activeRegion];
  $('#st-region').textContent = s.activeRegion;
  $('#st-traffic').textContent = s.trafficRegion;
  $('#st-agent').textContent = a ? `${a.state.name}${a.selected && a.selected.name !== a.state.name ? ` (${a.selected.name})` : ''}` : '–';
  $('#st-switch').textContent = s.switch ? `${s.switch.from} → ${s.switch.to}: ${s.switch.stage}${s.switch.stall ? ' (stalled)' : ''}` : 'none';
  const to = other();
  const move = $('#move');
  move.textContent = s.switch ? `Moving to ${s.switch.to}…` : to ? `Move agent to ${to}` : 'Move agent';
  move.disabled = !to || Boolean(s.switch);
  $('#force').disabled = !s.switch;
  // A move that never completes is taken back by the service (cancel-switch) to try another.
  $('#cancel').disabled = !s.switch;
  renderFaults(s);
  renderContacts(s.contacts);
}

// The list is rebuilt only when a contact comes, goes or changes state: the state stream fires on
// every keepalive batch, and a rebuild would take keyboard focus and a half-done click with it.
let contactsKey = '';
function renderContacts(contacts) {
  const key = contacts.map((c) => `${c.contactId}:${c.state}:${c.region}`).join(' ');
  if (key === contactsKey) return;
  contactsKey = key;
  const list = $('#contacts');
  list.replaceChildren(
    ...contacts.map((c) => {
      const li = document.createElement('li');
      const code = document.createElement('code');
      code.textContent = `${c.type} ${c.contactId.slice(0, 8)} · ${c.state} · ${c.region}`;
      li.append(code);
      if (c.state === 'ringing') {
        li.append(button('Accept', () => sim('accept call', () => session.acceptContact(c.contactId))));
        li.append(button('Miss', () => sim('miss call', () => session.missContact(c.contactId))));
      }
      if (c.state === 'connected') {
        li.append(button('End', () => sim(`end ${c.type}`, () => session.endContact(c.contactId))));
        if (c.type === 'voice') li.append(button('Drop', () => sim('drop call', () => session.dropContact(c.contactId))));
      }
      return li;
    }),
  );
}

// Leftover faults stay visible until cleared: a setState that fails in a later test is no surprise.
function renderFaults(s) {
  const f = s.faults;
  const secondary = s.regions[1];
  const items = [];
  if (f.setStateFailures) items.push(f.setStateFailures === 1 ? 'the next setState call fails' : `the next ${f.setStateFailures} setState calls fail`);
  if (f.setStateHangs) items.push(f.setStateHangs === 1 ? 'the next setState call gets no answer' : `the next ${f.setStateHangs} setState calls get no answer`);
  if (f.neverLoad.length) items.push(`the CCP does not load in ${f.neverLoad.join(' and ')}`);
  if (f.globalSigninInvalid.length) items.push(`global sign-in invalid in ${f.globalSigninInvalid.join(' and ')}`);
  $('#faults').textContent = items.length ? `Active: ${items.join('; ')}.` : 'No faults.';
  $('#faults').dataset.active = String(items.length > 0);
  $('#clear-faults').disabled = items.length === 0;
  $('#never-load').value = f.neverLoad.length === s.regions.length ? 'all' : f.neverLoad.includes(secondary) ? 'secondary' : '';
  $('#signin-invalid').checked = f.globalSigninInvalid.length > 0;
}

function button(text, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.addEventListener('click', onClick);
  return b;
}
const events = new EventSource(`${session.controlUrl}/events`);
events.addEventListener('state', (e) => renderState(JSON.parse(e.data)));
events.addEventListener('error', () => {
  $('#st-switch').textContent = 'simulator unreachable';
});

// ------------------------------------------------------------------ control panel
async function sim(label, fn) {
  try {
    const r = await fn();
    log(`sim: ${label}`, r && typeof r === 'object' && 'ok' in r ? undefined : r, 'sim');
    return r;
  } catch (e) {
    log(`sim: ${label} failed`, e.message, 'error');
    return undefined;
  }
}

const actions = {
  move: () => {
    const to = other();
    const delay = Math.max(0, Number($('#move-delay').value) || 0) * 1000;
    const stall = $('#move-stall').checked;
    const hold = $('#move-hold').checked;
    return sim(`move to ${to}${delay ? ` (detected after ${delay / 1000} s)` : ''}${stall ? ' (stalled)' : ''}${hold ? ' (never completes)' : ''}`, () =>
      session.traffic(to, { detectionDelayMs: delay, stall, hold }),
    );
  },
  cancel: () => sim('the service takes the move back', () => session.cancelSwitch()),
  force: () => {
    log('page: forceFailover()', undefined, 'sim');
    ccp.forceFailover();
  },
  voice: () => sim('start call', () => session.addContact('voice')),
  ring: () => sim('ring a call', () => session.addContact('voice', { ring: true })),
  chat: () => sim('start chat', () => session.addContact('chat')),
  task: () => sim('start task', () => session.addContact('task')),
  fail: () => {
    const n = Math.max(1, Number($('#fail-count').value) || 1);
    return sim(`next ${n} setState calls fail`, () => session.faults({ setStateFailures: n }));
  },
  'clear-faults': () => sim('clear faults', () => session.faults({ setStateFailures: 0, setStateHangs: 0, neverLoad: false, globalSigninInvalid: false })),
  'reload-all': () => {
    log('page: reloadAllTabs()', undefined, 'sim');
    ccp.reloadAllTabs('demo');
  },
  'new-tab': () => openWindow(location.href, '_blank'),
  reset: async () => {
    await sim('reset', () => session.reset());
    // Every demo tab of this session starts again in step with the simulator.
    demoTabs.postMessage('reset');
    location.reload();
  },
  'clear-log': () => logEl.replaceChildren(),
};
document.addEventListener('click', (e) => {
  const target = e.target instanceof Element ? e.target.closest('[data-action]') : null;
  const action = target && actions[target.dataset.action];
  if (action) void action();
});
$('#auto-available').addEventListener('change', (e) => {
  ccp.autoAvailable = e.target.checked;
});
$('#auto-available-control').addEventListener('change', (e) => {
  ccp.autoAvailableControl = e.target.value;
});
$('#never-load').addEventListener('change', (e) => {
  const v = e.target.value;
  const neverLoad = v === 'all' ? state.regions : v === 'secondary';
  void sim(`CCP does not load in ${v === 'all' ? 'both regions' : v === 'secondary' ? 'the other region' : 'no region'}`, () => session.faults({ neverLoad }));
});
$('#signin-invalid').addEventListener('change', (e) => {
  const on = e.target.checked;
  void sim(`global sign-in ${on ? 'invalid' : 'valid'} in the other region`, () => session.faults({ globalSigninInvalid: on }));
});
// What a popup blocker does: window.open answers null (Streams opens the sign-in popup with it).
const openWindow = window.open.bind(window);
window.open = (...args) => ($('#block-popups').checked ? null : openWindow(...args));
const demoTabs = new BroadcastChannel(`rac-demo-${session.id}`);
demoTabs.addEventListener('message', (e) => {
  if (e.data === 'reset') location.reload();
});
$('#lang').addEventListener('change', (e) => {
  ccp.lang = e.target.value;
});
$('#contact').addEventListener('submit', (e) => {
  e.preventDefault();
  $('#saved').textContent = `Saved ${new Date().toLocaleTimeString([], { hour12: false })}`;
});
