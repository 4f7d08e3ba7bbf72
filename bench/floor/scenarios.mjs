// The floor: N agents with 1–5 tabs each, opened before the switch, then one Global Resiliency
// switch as each scenario shapes it. Knows the service model and the adapter's Agent, not the modules.
import { Clock, prng } from './clock.mjs';
import { Browser } from './browser.mjs';
import { Service, LATENCY, TO } from './service.mjs';
import { Agent, floorConfig } from './agent.mjs';

/** Tabs per agent: 40 % one tab, 30 % two, 15 % three, 10 % four, 5 % five (mean 2.1). */
export const TAB_MIX = [0.4, 0.3, 0.15, 0.1, 0.05];
/** Share of agents in a routable state before the switch (the rest on a break: no auto-available by policy). */
export const ROUTABLE = 0.85;
/** A live call's remaining time at the switch, ms (stale-all-calls). */
export const CALL_LEFT = [10_000, 300_000];
/** Streams' swap follows its detection by this much (ms) when no voice call holds it. */
export const SWITCH_AFTER = [1000, 3000];

const sameSecond = (r) => r() * 1000;

export const SCENARIOS = {
  'switch-spread': { about: 'detections spread uniformly over 0–120 s; every switch completes', detect: (r) => r() * 120_000 },
  'switch-same-second': { about: 'every detection in the same second; every switch completes', detect: sameSecond },
  'stale-all': { about: 'every detection in the same second; no completion ever arrives (every watchdog fires); a reload re-syncs the CCP', detect: sameSecond, stale: true },
  'stale-all-calls': { about: 'as stale-all, with a live voice call (10–300 s left) on 30 % of the agents', detect: sameSecond, stale: true, calls: 0.3 },
  'setstate-failing': {
    about: 'every detection in the same second; the service fails 50 % of putAgentState for 60 s after the switch',
    detect: sameSecond,
    failSetState: (t, r) => t < 60_000 && r() < 0.5,
  },
};

/** Beyond the five (in the docs, not in --json): what the reload cap is for, and page mode. */
export const EXTRA = {
  'stale-stuck': {
    about: 'as stale-all, but a reload does not help: the agent is never moved, every reloaded CCP comes back in the old region and Streams detects the switch again',
    detect: sameSecond,
    stale: true,
    stuck: true,
    horizonMs: 600_000, // the cap's window: 10 minutes
  },
  'stale-all, page mode': { ...SCENARIOS['stale-all'], about: 'stale-all with reload-mode="page"', attrs: { reloadMode: 'page' } },
};

function tabsFor(r) {
  let x = r();
  for (let k = 0; k < TAB_MIX.length; k++) if ((x -= TAB_MIX[k]) < 0) return k + 1;
  return TAB_MIX.length;
}

/**
 * Runs one scenario for `agents` agents; returns the service's request log, the agents (with what
 * their tabs did) and run statistics. `attrs`: element attributes (reloadJitter, reloadMode, …);
 * `spread`: the spread before the first auto-available request.
 */
export async function runFloor({ scenario, agents: n, seed = 1, attrs = {}, spread = true, retryPolicy, horizonMs }) {
  const sc = typeof scenario === 'string' ? SCENARIOS[scenario] ?? EXTRA[scenario] : scenario;
  horizonMs ??= sc.horizonMs ?? 1800_000;
  const random = prng(seed);
  const clock = new Clock();
  clock.now = -240_000; // tabs open during the four minutes before the switch
  const service = new Service({ clock, random, failSetState: sc.failSetState, redetect: !!sc.stuck });
  const given = Object.fromEntries(Object.entries(attrs).filter(([, v]) => v !== null && v !== undefined));
  const config = floorConfig({ ...sc.attrs, ...given });
  const between = ([a, b]) => a + random() * (b - a);
  const floor = [];
  for (let i = 0; i < n; i++) {
    const call = random() < (sc.calls ?? 0);
    const rec = service.addAgent(i, { routable: call || random() < ROUTABLE, call });
    const agent = new Agent({ index: i, rec, service, browser: new Browser(clock), clock, random, config, spread, retryPolicy });
    const k = tabsFor(random);
    let at = -240_000 + random() * 60_000;
    for (let j = 0; j < k; j++) {
      clock.at(at, () => agent.openTab(j));
      at += between([1000, 20_000]);
    }
    floor.push(agent);

    // The switch, as Streams shows it in each of the agent's live CCPs.
    const detectAt = sc.detect(random);
    const each = (at, fn) => clock.at(at, () => rec.ccps.forEach((c) => clock.after(between(LATENCY.tabSpread), () => fn(c))));
    each(detectAt, (c) => {
      c.detect(TO);
      if (rec.contacts.length) c.pend(TO);
    });
    let switchAt = detectAt + between(SWITCH_AFTER);
    if (call) {
      const end = detectAt + between(CALL_LEFT);
      clock.at(end, () => service.endCall(rec));
      switchAt = end + between(SWITCH_AFTER);
    }
    if (!sc.stuck) clock.at(switchAt, () => service.move(rec));
    if (!sc.stale) each(switchAt, (c) => c.initiate(TO));
  }
  const started = performance.now();
  const cpu = process.cpuUsage();
  await clock.run(horizonMs);
  const used = process.cpuUsage(cpu);
  return {
    agents: floor,
    tabs: floor.reduce((s, a) => s + a.tabs.length, 0),
    log: service.log,
    config,
    stats: { realMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000, timers: clock.fired, turns: clock.turns, pending: clock.pending, endMs: clock.now },
  };
}
