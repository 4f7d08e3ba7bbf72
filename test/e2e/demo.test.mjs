// The demo page as a reader meets it (`npm start`, strict CSP): it fits a 1280 px desktop and a
// 360 px phone with no horizontal scroll and the element in its box; the simulated CCP shows the
// contact card with the call controls at the bottom and its buttons act through the simulator; the
// control panel keeps focus, shows leftover faults and brings every tab back in step on reset.
// Screenshots: screenshots-tmp/demo-<width>.png and demo-<width>-ccp.png (look at them).
//   node --test test/e2e/demo.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startStack, ROOT, BROWSER } from './stack.mjs';

/** The demo's page is checked in Chromium: this suite reads the CCP's iframe through playwright's frame locators (filter, contentFrame), which the Firefox adapter does not provide. */
const chromiumOnly = BROWSER === 'firefox' && 'needs playwright frame locators (the Firefox adapter has none)';
import { demoCsp } from '../../demo/csp.mjs';

const SHOTS = path.join(ROOT, 'screenshots-tmp');
let stack;
let csp = '';
let simBase;
before(async () => {
  stack = await startStack({ headers: (p) => (p.startsWith('/demo/') ? { 'content-security-policy': csp } : {}) });
  csp = demoCsp(Object.values(stack.sim.origins));
  simBase = Object.values(stack.sim.origins)[0];
  mkdirSync(SHOTS, { recursive: true });
});
after(async () => {
  await stack?.close();
});

/** A demo tab on its own session (or `session`), ready; `problems` collects uncaught errors and CSP violations. */
async function openDemo({ width, height = 800, session, context }) {
  session ??= await stack.simulator.createSession();
  context ??= await stack.browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP: ${e.effectiveDirective} ${e.blockedURI}`));
  });
  page.on('console', (m) => m.type() === 'error' && /^CSP:/.test(m.text()) && problems.push(m.text()));
  await page.goto(`${stack.web.url}/demo/?sim=${simBase}&session=${session.id}`);
  await page.locator('#log li[data-event="rac-ready"]').first().waitFor({ timeout: 15000 });
  return { page, session, context, problems, ccp: ccpFrame(page) };
}

/** The simulated CCP the agent sees: the one CCP iframe Streams shows. */
const ccpFrame = (page) => page.locator('region-aware-ccp iframe').filter({ visible: true }).contentFrame();

/** Everything that sticks out of the page or of the CCP to the right, and the element's box. */
async function layout(page) {
  const outer = await page.evaluate(() => {
    const doc = document.documentElement;
    const vw = doc.clientWidth;
    const wider = [...document.querySelectorAll('body *')]
      .filter((e) => e.getClientRects().length && e.getBoundingClientRect().right > vw + 0.5)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className && typeof e.className === 'string' ? `.${e.className}` : ''}`);
    const box = (sel) => {
      const r = document.querySelector(sel).getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height };
    };
    return { scrollWidth: doc.scrollWidth, clientWidth: vw, wider, element: box('region-aware-ccp'), slot: box('#ccp-slot') };
  });
  return outer;
}

for (const [width, height] of [
  [1280, 800],
  [360, 740],
]) {
  test(`at ${width} px: no horizontal scroll, the element fills its box, the CCP shows the call with its controls at the bottom`, { skip: chromiumOnly }, async () => {
    const { page, context, problems, ccp } = await openDemo({ width, height });
    try {
      await page.click('button[data-action="chat"]');
      await page.click('button[data-action="voice"]');
      await ccp.locator('.band', { hasText: 'Connected call' }).waitFor({ timeout: 10000 });
      await page.locator('#contacts li').nth(1).waitFor();

      const l = await layout(page);
      assert.equal(l.scrollWidth, l.clientWidth, `horizontal scroll at ${width} px; wider than the page: ${l.wider.join(', ')}`);
      assert.deepEqual(l.wider, [], 'elements that stick out to the right');
      // The element fills its slot (nothing squashed) and the slot keeps a usable CCP size.
      assert.ok(Math.abs(l.element.width - l.slot.width) <= 2 && Math.abs(l.element.height - l.slot.height) <= 2, JSON.stringify(l));
      assert.ok(l.element.width >= 300 && l.element.height >= 460, `CCP box ${l.element.width}×${l.element.height}`);

      // Inside the CCP: nothing sticks out; status on top, the card, the call controls at the bottom.
      const inner = await ccp.locator('body').evaluate((body) => {
        const r = (sel) => body.querySelector(sel).getBoundingClientRect();
        return {
          scrollWidth: document.documentElement.scrollWidth,
          clientWidth: document.documentElement.clientWidth,
          height: document.documentElement.clientHeight,
          bar: r('.bar').top,
          band: r('.band').top,
          endCall: r('.big').bottom,
          tabs: [...body.querySelectorAll('.tab')].map((t) => t.textContent),
        };
      });
      assert.equal(inner.scrollWidth, inner.clientWidth, 'the simulated CCP scrolls sideways');
      assert.ok(inner.bar < inner.band && inner.band < inner.endCall, JSON.stringify(inner));
      assert.ok(inner.endCall <= inner.height && inner.endCall > inner.height * 0.75, `End call at the bottom: ${JSON.stringify(inner)}`);
      assert.equal(inner.tabs.length, 2, 'a tab per contact (call and chat)');
      assert.equal(await ccp.getByRole('button', { name: 'End call' }).isVisible(), true);
      assert.equal(await ccp.getByRole('button', { name: 'Hold' }).isVisible(), true);

      // A move during the call: the pending toast sits over the CCP, clear of its call controls.
      await page.click('#move');
      const toast = page.locator('region-aware-ccp [part="toast"][data-kind="switch-pending"]');
      await toast.waitFor({ timeout: 10000 });
      await page.waitForTimeout(300); // the toast's slide-in
      const t = await toast.boundingBox();
      const frame = await page.locator('region-aware-ccp iframe').filter({ visible: true }).boundingBox();
      assert.ok(t.y + t.height < frame.y + inner.endCall - 60, `the toast covers the call controls: ${JSON.stringify({ t, frame, inner })}`);
      const withToast = await layout(page);
      assert.equal(withToast.scrollWidth, withToast.clientWidth, `horizontal scroll at ${width} px with a toast: ${withToast.wider.join(', ')}`);

      await page.mouse.move(0, 0);
      await page.screenshot({ path: path.join(SHOTS, `demo-${width}.png`), fullPage: true });
      await page.locator('region-aware-ccp').screenshot({ path: path.join(SHOTS, `demo-${width}-ccp.png`) }); // the toasts over the CCP, close up
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}

test('a ringing call: Accept in the CCP answers it through the real protocol (acceptContact via the worker); the panel rings and misses one', { skip: chromiumOnly }, async () => {
  const { page, context, session, problems, ccp } = await openDemo({ width: 1280 });
  try {
    await page.click('button[data-action="ring"]');
    await ccp.locator('.band', { hasText: 'Incoming call' }).waitFor({ timeout: 10000 });
    await ccp.getByRole('button', { name: 'Accept' }).click();
    await ccp.locator('.band', { hasText: 'Connected call' }).waitFor();
    const accepted = await session.requests({ method: 'acceptContact' });
    assert.equal(accepted.length, 1, 'one acceptContact API call');
    assert.equal(accepted[0].ok, true);
    await ccp.getByRole('button', { name: 'End call' }).click();
    await session.waitFor((s) => s.contacts.length === 0, { message: 'the call ended' });

    await page.click('button[data-action="ring"]');
    await page.locator('#contacts li button', { hasText: 'Miss' }).click();
    await session.waitFor((s) => s.contacts.length === 0, { message: 'the missed call cleared' });
    await page.locator('#log li[data-event="sim: miss call"]').waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("the CCP's own controls act through the simulator: status selector, hold, end call, end chat", { skip: chromiumOnly }, async () => {
  const { context, session, problems, ccp } = await openDemo({ width: 1280 });
  try {
    await ccp.getByRole('combobox', { name: 'Agent status' }).selectOption('Break');
    await session.waitFor((s) => s.agent['us-east-1'].selected.name === 'Break', { message: 'Break chosen in the CCP' });
    await ccp.locator('.idle b', { hasText: 'Break' }).waitFor();
    await ccp.getByRole('combobox', { name: 'Agent status' }).selectOption('Available');
    await session.waitFor((s) => s.agent['us-east-1'].selected.name === 'Available');

    const callId = await session.addContact('voice');
    await ccp.getByRole('button', { name: 'Hold' }).click();
    await ccp.locator('.band', { hasText: 'On hold' }).waitFor();
    await ccp.getByRole('button', { name: 'Resume' }).click();
    await ccp.locator('.band', { hasText: 'Connected call' }).waitFor();
    await ccp.getByRole('button', { name: 'End call' }).click();
    await session.waitFor((s) => !s.contacts.some((c) => c.contactId === callId), { message: 'the call ended from the CCP' });

    await session.addContact('chat');
    await ccp.getByRole('button', { name: 'End chat' }).click();
    await session.waitFor((s) => s.contacts.length === 0, { message: 'the chat ended from the CCP' });
    await ccp.locator('.idle b', { hasText: 'Available' }).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the control panel: focus on "End" survives state updates, leftover faults show until cleared, reset reloads every tab', { skip: chromiumOnly }, async () => {
  const first = await openDemo({ width: 1280 });
  try {
    const { page, session } = first;
    await page.click('button[data-action="voice"]');
    const end = page.locator('#contacts li button', { hasText: 'End' });
    await end.focus();
    const marked = await end.evaluate((b) => (b.dataset.mark = 'focused'));
    // State updates that do not change the contacts (each one is a `state` event to the page).
    for (const ms of [1, 2, 3]) await session.setDetectionDelay(ms);
    await page.waitForTimeout(300); // the SSE events above reach the page
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.mark), marked, 'the focused End button was rebuilt');

    await page.fill('#fail-count', '2');
    await page.click('button[data-action="fail"]');
    await page.locator('#faults', { hasText: 'the next 2 setState calls fail' }).waitFor();
    await page.selectOption('#never-load', 'secondary');
    await page.locator('#faults', { hasText: 'does not load in us-west-2' }).waitFor();
    await page.click('#clear-faults');
    await page.locator('#faults', { hasText: 'No faults.' }).waitFor();
    assert.deepEqual((await session.state()).faults, { setStateFailures: 0, setStateHangs: 0, globalSigninInvalid: [], neverLoad: [] });

    const second = await openDemo({ width: 1280, session, context: first.context });
    let reloaded = 0;
    second.page.on('load', () => reloaded++);
    await page.click('button[data-action="reset"]');
    await second.page.waitForEvent('load', { timeout: 5000 });
    await second.page.locator('#log li[data-event="rac-ready"]').first().waitFor({ timeout: 15000 });
    assert.equal(reloaded, 1, 'the other tab reloaded once');
    assert.deepEqual((await session.state()).contacts, [], 'reset ended the call');
    assert.deepEqual([...first.problems, ...second.problems], []);
  } finally {
    await first.context.close();
  }
});
