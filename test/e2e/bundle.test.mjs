// The self-contained bundle where users meet it: a plain HTML page with one <script> tag (no
// build step), the demo under a strict Content-Security-Policy with Trusted Types, the Vue 3
// example, and the demo's control panel. Real Streams, real Chromium, the CCP simulator.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, writeFile, symlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startStack, ROOT } from './stack.mjs';
import { startStaticServer } from '../../scripts/static-server.mjs';
import { demoCsp } from '../../demo/csp.mjs';

let stack;
let csp = '';
let simEast;
let simWest;
let examples; // { dir, web }: the docs examples with this run's simulator ports, next to dist/ and node_modules/
const open = []; // { context, session } to clean up after each test

before(async () => {
  stack = await startStack({ headers: (pathname) => (pathname.startsWith('/demo/') ? { 'content-security-policy': csp } : {}) });
  simEast = stack.sim.origins['us-east-1'];
  simWest = stack.sim.origins['us-west-2'];
  csp = demoCsp([simEast, simWest]);
  // The docs examples point at localhost:4611/4612 (npm start); the stack's simulator listens on
  // ephemeral ports. Serve rewritten copies from a temporary root (dist/ and node_modules/ linked
  // in): a page fulfilled by page.route would lose its local address space and Chromium's Local
  // Network Access checks would then block the CCP iframes.
  const dir = await mkdtemp(path.join(tmpdir(), 'rac-examples-'));
  await mkdir(path.join(dir, 'docs/examples'), { recursive: true });
  for (const d of ['dist', 'node_modules']) await symlink(path.join(ROOT, d), path.join(dir, d));
  examples = { dir, web: await startStaticServer({ root: dir }) };
});

after(async () => {
  await examples?.web.close();
  if (examples) await rm(examples.dir, { recursive: true, force: true });
  await stack?.close();
});

afterEach(async () => {
  for (const { context, session } of open.splice(0)) {
    await context.close().catch(() => {});
    await session.delete().catch(() => {});
  }
});

/** A docs example as this run serves it: the simulator's real ports and `session` instead of 4611/4612 and `default`. */
async function example(name, session) {
  const text = (await readFile(path.join(ROOT, 'docs/examples', name), 'utf8'))
    .replaceAll('http://localhost:4611', simEast)
    .replaceAll('http://localhost:4612', simWest)
    .replaceAll('/s/default/', `/s/${session.id}/`);
  const file = `docs/examples/${session.id}-${name}`;
  await writeFile(path.join(examples.dir, file), text);
  return `${examples.web.url}/${file}`;
}

/**
 * A fresh session and a fresh browser context whose page records the element's rac-* events, CSP
 * violations, console errors and uncaught errors.
 */
async function setup() {
  const session = await stack.simulator.createSession();
  const context = await stack.browser.newContext({ viewport: { width: 1200, height: 750 } });
  open.push({ context, session });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.addInitScript(() => {
    window.__rac = [];
    window.__csp = [];
    const names = ['ready', 'switch-detected', 'switch-pending', 'switched', 'agent-available', 'auto-available-failed', 'stale', 'tabs-reload', 'error'];
    for (const n of names) window.addEventListener(`rac-${n}`, (e) => window.__rac.push({ name: e.type, detail: e.detail }));
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`),
    );
  });
  const event = async (name, nth = 1, timeout = 15000) => {
    const handle = await page.waitForFunction(
      ([n, k]) => window.__rac.filter((e) => e.name === n)[k - 1]?.detail,
      [name, nth],
      { timeout },
    );
    return handle.jsonValue();
  };
  const toast = (kind) => page.locator(`region-aware-ccp [part="toast"][data-kind="${kind}"]`).first();
  return {
    session,
    page,
    problems,
    event,
    toast,
    demoQuery: `?sim=${simEast}&session=${session.id}`,
    example: (name) => example(name, session),
  };
}

test('a plain HTML page (docs/examples/plain.html) loads the bundle with one script tag and follows a switch', async () => {
  const { session, page, problems, event, toast, example } = await setup();
  await page.goto(await example('plain.html'));
  const ready = await event('rac-ready');
  assert.equal(ready.region, 'us-east-1');
  assert.equal(ready.ccpUrl, `${simEast}/s/${session.id}/ccp-v2/`);
  assert.equal(await page.locator('#region').textContent(), 'us-east-1');
  assert.equal(await page.evaluate(() => document.querySelector('region-aware-ccp').ccpOptions.ccpLoadTimeout), 10000);

  await session.traffic('us-west-2');
  const switched = await event('rac-switched');
  const { detectedAt, completedAt, ...move } = switched;
  assert.deepEqual(move, { from: 'us-east-1', to: 'us-west-2', ccpUrl: `${simWest}/s/${session.id}/ccp-v2/`, endedContacts: [] });
  assert.ok(detectedAt <= completedAt, `detectedAt ${detectedAt} ≤ completedAt ${completedAt}`);
  await toast('switched').waitFor({ timeout: 5000 });
  assert.match(await toast('switched').textContent(), /moved from us-east-1 to us-west-2/);
  assert.equal(await page.locator('#region').textContent(), 'us-west-2');
  // auto-available: the agent is Available in the new region.
  await event('rac-agent-available');
  await session.waitFor((s) => s.activeRegion === 'us-west-2' && s.agent['us-west-2'].state.name === 'Available');
  assert.deepEqual(problems, []);
});

test('the demo under a strict CSP with Trusted Types (demo/) works the same, with no violation', async () => {
  const { session, page, problems, event, toast, demoQuery } = await setup();
  const res = await page.goto(`${stack.web.url}/demo/${demoQuery}`);
  const header = res.headers()['content-security-policy'];
  assert.match(header, /script-src 'self';/);
  assert.doesNotMatch(header, /unsafe-inline|unsafe-eval/);
  assert.match(header, /require-trusted-types-for 'script'/);

  assert.equal((await event('rac-ready')).region, 'us-east-1');
  await page.click('#move'); // the demo's control panel: UpdateTrafficDistribution to us-west-2
  const switched = await event('rac-switched');
  assert.equal(switched.to, 'us-west-2');
  await toast('switched').waitFor({ timeout: 5000 });
  await event('rac-agent-available');
  await page.locator('#log li[data-event="rac-switched"]').waitFor();
  assert.equal((await session.state()).activeRegion, 'us-west-2');

  await page.waitForTimeout(200); // late reports (they are dispatched asynchronously)
  const violations = await page.evaluate(() => window.__csp);
  assert.deepEqual(
    violations,
    [],
    'CSP/Trusted Types violations. A `script-src eval` or `trusted-types-sink` one from the bundle is Streams\' webpack ' +
      'global shim `t = t || new Function("return this")()`, reached because the ESM bundle is strict mode; ' +
      'rollup.config.mjs should rewrite it to `t = t || globalThis`.',
  );
  assert.deepEqual(problems, []);
});

test('the Vue 3 example (docs/examples/vue.html) binds attributes, properties and rac-* events', async () => {
  const { session, page, problems, toast, example } = await setup();
  await page.goto(await example('vue.html'));
  await page.locator('#region', { hasText: 'us-east-1' }).waitFor({ timeout: 15000 });
  const el = await page.evaluate(() => {
    const ccp = document.querySelector('region-aware-ccp');
    return {
      ccpOptions: ccp.ccpOptions,
      autoAvailable: ccp.autoAvailable,
      attr: ccp.getAttribute('auto-available'),
      ccpUrl: ccp.getAttribute('ccp-url'),
    };
  });
  assert.deepEqual(el, { ccpOptions: { ccpLoadTimeout: 10000 }, autoAvailable: true, attr: '', ccpUrl: `${simEast}/s/${session.id}/ccp-v2/` });

  await session.traffic('us-west-2');
  await page.locator('#moves', { hasText: 'us-east-1 → us-west-2' }).waitFor({ timeout: 15000 });
  assert.equal(await page.locator('#region').textContent(), 'us-west-2');
  await toast('switched').waitFor({ timeout: 5000 });

  // Unchecking the Vue checkbox turns the element's property (and reflected attribute) off.
  await page.locator('input[type="checkbox"]').uncheck();
  await page.waitForFunction(() => !document.querySelector('region-aware-ccp').hasAttribute('auto-available'));
  assert.deepEqual(problems, []);
});

test('the demo page (demo/index.html) loads and its control panel drives the simulator', async () => {
  const { session, page, problems, event, toast, demoQuery } = await setup();
  await page.goto(`${stack.web.url}/demo/${demoQuery}`);
  await event('rac-ready');
  await page.locator('#st-region', { hasText: 'us-east-1' }).waitFor();

  // A live call: the move waits for it (F1), the toast says so, the panel shows the pending switch.
  await page.click('button[data-action="voice"]');
  await page.locator('#contacts li', { hasText: 'voice' }).waitFor();
  await session.waitFor((s) => s.contacts.some((c) => c.type === 'voice' && c.state === 'connected'));
  await page.waitForTimeout(300); // the snapshot with the call reaches the page
  await page.click('#move');
  const pending = await event('rac-switch-pending');
  assert.equal(pending.to, 'us-west-2');
  await toast('switch-pending').waitFor({ timeout: 5000 });
  await page.locator('#st-switch', { hasText: 'pending' }).waitFor();

  // Ending the call from the panel completes the move.
  await page.locator('#contacts li', { hasText: 'voice' }).getByRole('button', { name: 'End' }).click();
  assert.equal((await event('rac-switched')).to, 'us-west-2');
  await toast('switched').waitFor({ timeout: 5000 });
  await page.locator('#st-region', { hasText: 'us-west-2' }).waitFor();
  await page.locator('#region-pill', { hasText: 'us-west-2' }).waitFor();
  const logged = await page.locator('#log li').evaluateAll((lis) => lis.map((li) => li.dataset.event));
  for (const name of ['rac-ready', 'sim: start call', 'sim: move to us-west-2', 'rac-switch-pending', 'rac-switched']) {
    assert.ok(logged.includes(name), `${name} in the event log (${logged.join(', ')})`);
  }

  // Reset from the panel: the simulator is back in us-east-1.
  // The page reloads itself after the reset: the test ends once it has, not in the middle of it
  // (a context closed during that reload hung a CI run). A mark on the old page tells them apart.
  await page.evaluate(() => (window.__beforeReset = true));
  await page.click('button[data-action="reset"]');
  await session.waitFor((s) => s.activeRegion === 'us-east-1' && s.switches.length === 0);
  for (const deadline = Date.now() + 15000; ; await new Promise((r) => setTimeout(r, 100))) {
    const reloaded = await page.evaluate(() => !window.__beforeReset && document.readyState === 'complete').catch(() => false);
    if (reloaded) break;
    if (Date.now() > deadline) throw new Error('the demo did not reload after Reset');
  }
  await event('rac-ready');
  assert.deepEqual(problems, []);
});
