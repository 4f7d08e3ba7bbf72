// The agent's auto-available option (issue 18) and auto-available's outcome in several real tabs of
// one browser context, with the real amazon-connect-streams on the CCP simulator. Needs `npm run build`.
//
//   node --test test/e2e/auto-available-option.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { events, until, tabsSuite } from './fixtures/tabs.mjs';

const NEW = 'us-west-2';
const suite = tabsSuite({ 'reload-jitter': 0, 'stale-after': 5, 'toast-timeout': 0 });

const el = (page, fn, arg) => page.evaluate(([src, a]) => new Function('el', 'arg', `return (${src})(el, arg)`)(document.getElementById('ccp'), a), [String(fn), arg]);
const toasts = (page) => el(page, (e) => [...e.shadowRoot.querySelectorAll('[part="toast"]')].map((t) => t.querySelector('.message').textContent.trim()));
const every = (tabs, check, message) => until(async () => (await Promise.all(tabs.map(check))).every(Boolean), { message });
const settle = (ms) => new Promise((r) => setTimeout(r, ms));

test('auto-available interrupted by a reload of every tab: no tab keeps saying "Setting you Available", every tab says the agent is Offline', async () => {
  const { session, tabs } = await suite.agentWithTabs(3, { 'auto-available': true, 'auto-available-policy': 'always' });
  for (const p of tabs) await el(p, (e) => (e.retryPolicy = { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 200, attemptTimeoutMs: 1500, firstSpreadMs: 0 }));
  await session.faults({ setStateHangs: 10 });
  await session.traffic(NEW, { detectionDelayMs: 0 });
  await every(tabs, async (p) => (await toasts(p)).some((t) => /Setting you Available/.test(t)), 'the "trying" toast in every tab');
  await el(tabs[1], (e) => e.reloadAllTabs('agent'));
  await every(tabs, async (p) => (await events(p, 'rac-tabs-reload')).some((e) => e.detail.stage === 'done'), 'the reload done in every tab');
  await settle(2500); // the hung attempt times out; the retries see the new CCP and stop
  for (const [i, p] of tabs.entries()) {
    const ts = await toasts(p);
    assert.ok(!ts.some((t) => /Setting you Available/.test(t)), `tab ${i}: no "trying" toast left (${ts.join(' | ')})`);
    assert.ok(ts.some((t) => /You are Offline/.test(t)), `tab ${i}: told the agent is Offline (${ts.join(' | ')})`);
  }
});

const option = (page) => el(page, (e) => e.shadowRoot.querySelector('[part="auto-available-toggle"]')?.getAttribute('aria-checked') ?? null);
const flip = (page) => el(page, (e) => e.shadowRoot.querySelector('[part="auto-available-toggle"]').click());
const puts = async (session) => (await session.requests((r) => r.method === 'putAgentState' && r.region === NEW)).length;

test('the agent\'s choice in one of three tabs applies in every tab at once, shows in a newly opened tab and survives a reload', async () => {
  const { tabs, url } = await suite.agentWithTabs(3);
  await every(tabs, async (p) => (await option(p)) === 'false', 'off in every tab (the default)');
  await flip(tabs[2]);
  await every(tabs, async (p) => (await option(p)) === 'true', 'on in every tab');
  for (const [i, p] of tabs.entries()) {
    const changes = (await events(p, 'rac-auto-available-change')).map((e) => e.detail);
    assert.deepEqual(changes, [{ enabled: true, source: i === 2 ? 'agent' : 'other-tab' }], `tab ${i}`);
    assert.equal(await el(p, (e) => e.autoAvailable), true, `tab ${i}: autoAvailable`);
  }
  const opened = await suite.context.newPage();
  await opened.goto(url);
  await until(async () => (await option(opened)) === 'true', { message: 'a new tab shows the choice' });
  await tabs[0].goto(url); // a reload (the Firefox adapter has no page.reload)
  await until(async () => (await option(tabs[0])) === 'true', { message: 'a reloaded tab shows the choice' });
  await flip(tabs[0]);
  await every([...tabs, opened], async (p) => (await option(p)) === 'false', 'off again in every tab, the reloaded and the new one too');
});

test('off in every tab: a switch sends no setState; turned on in one tab while the agent is still Offline from the move: exactly one, and every tab says Available', async () => {
  const { session, tabs } = await suite.agentWithTabs(3, { 'auto-available-policy': 'always' });
  await session.traffic(NEW, { detectionDelayMs: 0 });
  await every(tabs, async (p) => (await events(p, 'rac-switched')).length > 0, 'the switch in every tab');
  await settle(1000);
  assert.equal(await puts(session), 0, 'no setState while the option is off');
  await flip(tabs[1]);
  await every(tabs, async (p) => (await events(p, 'rac-agent-available')).length > 0, 'rac-agent-available in every tab');
  await settle(1000);
  assert.equal(await puts(session), 1, 'exactly one setState across the tabs');
  assert.equal((await session.state()).agent[NEW].state.name, 'Available');
});

test('turned off in another tab while the retries run: they stop, every tab says the agent stays Offline', async () => {
  const { session, tabs } = await suite.agentWithTabs(3, { 'auto-available': true, 'auto-available-policy': 'always' });
  for (const p of tabs) await el(p, (e) => (e.retryPolicy = { maxAttempts: 6, baseDelayMs: 300, maxDelayMs: 300, attemptTimeoutMs: 600, firstSpreadMs: 0 }));
  await session.faults({ setStateHangs: 20 });
  await session.traffic(NEW, { detectionDelayMs: 0 });
  await until(async () => (await puts(session)) >= 1, { message: 'the first attempt' });
  await flip(tabs[0]);
  await every(tabs, async (p) => (await toasts(p)).some((t) => /You are Offline/.test(t)), 'the Offline text in every tab');
  const sent = await puts(session);
  await settle(2000);
  assert.equal(await puts(session), sent, 'no attempt after the option went off');
  for (const [i, p] of tabs.entries()) {
    const ts = await toasts(p);
    assert.ok(!ts.some((t) => /Setting you Available/.test(t)), `tab ${i}: no "trying" toast left (${ts.join(' | ')})`);
    assert.equal((await events(p, 'rac-auto-available-failed')).length, 0, `tab ${i}: no failure`);
  }
});
