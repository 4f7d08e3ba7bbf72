// A small floor (50 agents, 1–5 tabs each) through each scenario of bench/floor.mjs, on the built
// modules: the invariants that must hold whatever the figures are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFloor, SCENARIOS, EXTRA } from '../../bench/floor/scenarios.mjs';
import { figures, reloadsOf } from '../../bench/floor/metrics.mjs';
import { DEFAULT_RETRY } from '../../dist/switch/auto-available.js';

/** Automatic reloads per target region (the switch-machine issue's cap). */
const RELOAD_CAP = 2;
const N = 50;
const runs = new Map();
const floor = async (name, agents = N) => {
  if (!runs.has(name)) runs.set(name, await runFloor({ scenario: name, agents, seed: 7 }));
  return runs.get(name);
};
const available = (a) =>
  a.rec.region === 'us-west-2' && a.rec.state.type === 'routable' && a.out.tabs.every((t) => t.available.some((x) => x >= 0));
const told = (t) => t.toasts.some((x) => ['autoAvailableFailed', 'offline', 'stale', 'callDropped', 'error'].includes(x.key) || (x.key === 'switched' && x.offline));

for (const name of Object.keys(SCENARIOS)) {
  test(`${name}: one setState per agent per switch plus retries, reloads within the cap, every agent Available or told`, async () => {
    const run = await floor(name);
    assert.equal(run.stats.pending, 0, 'nothing left pending once the floor is settled (no idle timers)');
    const failing = !!SCENARIOS[name].failSetState;
    for (const a of run.agents) {
      const sent = run.log.filter((e) => e.kind === 'setState' && e.agent === a.index).length;
      // Only agents routable before the switch are set Available (policy was-routable); once, unless it failed.
      if (!a.rec.wasRoutable) assert.equal(sent, 0, `agent ${a.index}: no setState against the policy`);
      else if (failing) assert.ok(sent >= 1 && sent <= DEFAULT_RETRY.maxAttempts, `agent ${a.index}: ${sent} setState calls`);
      else assert.equal(sent, 1, `agent ${a.index}: ${sent} setState calls`);
      const reloads = reloadsOf(a);
      assert.ok(reloads <= RELOAD_CAP, `agent ${a.index}: ${reloads} reloads`);
      if (!SCENARIOS[name].stale) assert.equal(reloads, 0, `agent ${a.index}: reloaded although the switch completed`);
      assert.ok(available(a) || a.out.tabs.some(told), `agent ${a.index}: neither Available nor told why`);
    }
    const f = figures(run);
    // Every agent routable before the switch ends up Available when the service answers.
    if (!failing) assert.equal(f.notAvailable, run.agents.filter((a) => !a.rec.wasRoutable).length);
  });
}

test('setstate-failing: an agent auto-available gave up on is told in every tab (rule 4)', async () => {
  const run = await floor('setstate-failing');
  const gaveUp = run.agents.filter((a) => a.out.tabs.some((t) => t.failed.length));
  assert.ok(gaveUp.some((a) => a.tabs.length > 1), 'the floor has an agent with several tabs that auto-available gave up on');
  for (const a of gaveUp) assert.ok(a.out.tabs.every((t) => t.failed.length === 1 && t.toasts.some((x) => x.key === 'autoAvailableFailed')), `agent ${a.index}: some tabs not told`);
  for (const a of run.agents) if (!available(a)) assert.ok(a.out.tabs.every(told), `agent ${a.index}: some tabs not told`);
});

test('stale-all: every tab of an agent re-initialises once per reload, in the new region', async () => {
  const run = await floor('stale-all');
  for (const a of run.agents) {
    const inits = run.log.filter((e) => e.kind === 'init' && e.agent === a.index && e.t >= 0).length;
    assert.equal(inits, a.tabs.length * reloadsOf(a), `agent ${a.index}`);
    assert.ok(a.tabs.every((t) => t.machine.region === 'us-west-2'), `agent ${a.index}: a tab left behind`);
  }
});

test('stale-stuck: a reload that does not help is not repeated beyond the cap, per agent whatever its tabs', async () => {
  const run = await floor('stale-stuck', 20);
  for (const a of run.agents) assert.ok(reloadsOf(a) <= RELOAD_CAP, `agent ${a.index}: ${reloadsOf(a)} reloads in ${EXTRA['stale-stuck'].horizonMs / 60_000} min`);
});

test('stale-all in page mode: the reloaded page carries the switch on: every agent Available or told', async () => {
  const run = await floor('stale-all, page mode');
  assert.ok(run.agents.every((a) => reloadsOf(a) === 1), 'every agent reloaded its pages once');
  for (const a of run.agents) {
    if (a.rec.wasRoutable) assert.ok(available(a), `agent ${a.index}: Offline after the reloaded page`);
    else assert.ok(a.out.tabs.every(told), `agent ${a.index}: Offline and not told in every tab`);
  }
});
