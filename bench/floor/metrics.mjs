// Figures of one floor run, from the service's request log and what each tab's element did.
import { TO } from './service.mjs';

/** Requests per whole second of simulated time from t = 0: { setState: number[], init: number[] }. */
export function perSecond(log) {
  const bins = { setState: [], init: [] };
  for (const e of log) {
    if (e.t < 0) continue; // the floor signing in before the switch
    const s = Math.floor(e.t / 1000);
    const b = bins[e.kind];
    while (b.length <= s) b.push(0);
    b[s]++;
  }
  const len = Math.max(bins.setState.length, bins.init.length);
  for (const b of Object.values(bins)) while (b.length < len) b.push(0);
  return bins;
}

/** The q-quantile (nearest rank) of numbers; Infinity counts as never. */
export function quantile(xs, q) {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
}

/** Toasts that tell an agent who is not Available why (auto-available failed, policy, stale, refresh needed). */
const TELLS = new Set(['autoAvailableFailed', 'offline', 'stale', 'callDropped', 'error']);
const tells = (t) => t.toasts.some((x) => TELLS.has(x.key) || (x.key === 'switched' && x.offline));

/** Coordinated reloads an agent went through: every tab re-initialises once in each. */
export const reloadsOf = (a) => Math.max(0, ...a.out.tabs.map((t) => t.reinits));

export function figures(run) {
  const { agents, log, tabs } = run;
  const n = agents.length;
  const bins = perSecond(log);
  // p99 over the seconds from the switch to the last request of the run.
  const rate = (b) => ({ peak: Math.max(0, ...b), p99: quantile(b, 0.99) ?? 0 });
  const setState = rate(bins.setState);
  const init = rate(bins.init);
  const toAvail = [];
  const availAt = [];
  let wanted = 0;
  let notAvailable = 0;
  let untold = 0;
  let partlyTold = 0;
  let autoFailed = 0;
  let maxReloads = 0;
  let maxSetState = 0;
  for (const a of agents) {
    const rec = a.rec;
    maxReloads = Math.max(maxReloads, reloadsOf(a));
    maxSetState = Math.max(maxSetState, rec.setStates);
    if (a.out.tabs.some((t) => t.failed.length)) autoFailed++;
    const inTo = rec.region === TO && rec.state.type === 'routable';
    // Available as the agent sees it: every tab has said so.
    const said = a.out.tabs.map((t) => t.available.find((x) => x >= 0));
    const seen = inTo && said.every((x) => x !== undefined) ? Math.max(...said) : null;
    if (rec.wasRoutable) {
      wanted++;
      toAvail.push(seen === null || rec.completedAt === null ? Infinity : seen - rec.completedAt);
      availAt.push(seen ?? Infinity);
    }
    if (seen === null) {
      notAvailable++;
      const told = a.out.tabs.filter(tells).length;
      if (!told) untold++;
      else if (told < a.out.tabs.length) partlyTold++;
    }
  }
  const finite = (x) => (x === null || x === Infinity ? null : Math.round(x));
  return {
    agents: n,
    tabs,
    per1000: (x) => (x * 1000) / n,
    setState,
    init,
    setStateTotal: log.filter((e) => e.kind === 'setState' && e.t >= 0).length,
    setStateFailed: log.filter((e) => e.kind === 'setState' && e.t >= 0 && !e.ok).length,
    initTotal: log.filter((e) => e.kind === 'init' && e.t >= 0).length,
    wanted,
    available99Ms: finite(quantile(toAvail, 0.99)),
    available99AtMs: finite(quantile(availAt, 0.99)),
    notAvailable,
    untold,
    partlyTold,
    autoFailed,
    maxReloads,
    maxSetState,
    bins,
  };
}

/** The JSON entry the issue specifies (rates are requests per second for the whole floor). */
export const jsonEntry = (name, f) => ({
  name,
  agents: f.agents,
  tabs: f.tabs,
  peakSetStatePerSecond: f.setState.peak,
  peakInitsPerSecond: f.init.peak,
  available99Ms: f.available99Ms,
  maxReloadsPerAgent: f.maxReloads,
  maxSetStatePerAgentPerSwitch: f.maxSetState,
});
