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
