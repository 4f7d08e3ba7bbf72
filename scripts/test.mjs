// npm test: builds, runs the browser suites (web-test-runner: unit + integration) and the
// multi-tab end-to-end suites (node:test + a browser driver) in Chromium and in Firefox ESR, the
// node suites once, then prints one closing line `N passed, N failed` from the real results. A run
// that executed no test fails. Filters: `npm test -- unit`, `-- e2e firefox`, `-- integration chromium`.
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, readdirSync } from 'node:fs';
import { chromiumPath } from './chromium-path.mjs';
import { firefoxPath } from './firefox-path.mjs';

const ALL_BROWSERS = { chromium: chromiumPath, firefox: firefoxPath };
const args = process.argv.slice(2);
const only = args.filter((a) => !(a in ALL_BROWSERS));
const browsers = args.filter((a) => a in ALL_BROWSERS);
if (!browsers.length) browsers.push(...Object.keys(ALL_BROWSERS));
const want = (group) => only.length === 0 || only.includes(group);
if (!['unit', 'integration', 'e2e'].some(want)) browsers.length = 0; // `npm test -- node` needs no browser

/** The executable and the version it reports (quoted in the README from CI's output). */
const found = {};
try {
  for (const b of browsers) {
    const path = ALL_BROWSERS[b]();
    const version = execFileSync(path, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    found[b] = { path, version };
  }
  if (found.chromium) process.env.CHROME_PATH = found.chromium.path;
  if (found.firefox) process.env.FIREFOX_PATH = found.firefox.path;
} catch (e) {
  console.error(e.message);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
if (browsers.length) console.log(`Browsers: ${browsers.map((b) => `${found[b].version} (${found[b].path})`).join(', ')}`);

const run = (cmd, argv, env = {}) =>
  spawnSync(cmd, argv, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env }, encoding: 'utf8' });

let passed = 0;
let failed = 0;
/** Per browser (or `node`): passed, failed and seconds, for the summary lines. */
const tally = {};
const add = (who, p, f, ms) => {
  const t = (tally[who] ??= { passed: 0, failed: 0, ms: 0 });
  t.passed += p;
  t.failed += f;
  t.ms += ms;
  passed += p;
  failed += f;
};

if (!existsSync('dist/region-aware-ccp.bundled.js') || process.env.CI || only.length === 0) {
  const b = spawnSync('node', ['scripts/build.mjs'], { stdio: 'inherit' });
  if (b.status !== 0) {
    console.error('Build failed.');
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

function wtr(group, browser) {
  const t0 = Date.now();
  const out = `.wtr-${group}-${browser}.json`;
  rmSync(out, { force: true });
  console.log(`\n== ${group} in ${found[browser].version} ==`);
  const r = run('npx', ['wtr', '--config', 'web-test-runner.config.mjs'], { RAC_TEST_GROUP: group, RAC_BROWSER: browser, RAC_COUNT_FILE: out });
  process.stdout.write(r.stdout);
  if (!existsSync(out)) {
    console.error(`web-test-runner (${group}, ${browser}) ended without results (exit ${r.status}).`);
    return add(browser, 0, 1, Date.now() - t0);
  }
  const c = JSON.parse(readFileSync(out, 'utf8'));
  rmSync(out, { force: true });
  add(browser, c.passed, c.failed + c.errors + (r.status !== 0 && c.failed + c.errors === 0 ? 1 : 0), Date.now() - t0);
}

function nodeTest(who, files, env = {}) {
  const t0 = Date.now();
  // A test that hangs (a browser that never answers) fails after 4 minutes instead of stalling the run.
  const r = run('node', ['--test', '--test-concurrency=1', '--test-timeout=240000', '--test-reporter=./scripts/node-reporter.mjs', ...files], env);
  process.stdout.write(r.stdout);
  const pass = Number(/ℹ pass (\d+)/.exec(r.stdout)?.[1] ?? 0);
  const fail = Number(/ℹ fail (\d+)/.exec(r.stdout)?.[1] ?? 0);
  add(who, pass, fail + (r.status !== 0 && fail === 0 ? 1 : 0), Date.now() - t0);
}

const testFiles = (dir) => (existsSync(dir) ? readdirSync(dir).filter((f) => /\.test\.mjs$/.test(f)).map((f) => `${dir}/${f}`) : []);

for (const group of ['unit', 'integration']) {
  if (want(group)) for (const b of browsers) wtr(group, b);
}
for (const [group, dir] of [
  ['node', 'test/node'],
  ['simulator', 'simulator'],
]) {
  const files = testFiles(dir);
  if (want(group) && files.length) nodeTest('node', files);
}
const e2e = testFiles('test/e2e');
if (want('e2e') && e2e.length) {
  for (const b of browsers) {
    console.log(`\n== e2e in ${found[b].version} ==`);
    nodeTest(b, e2e, { RAC_BROWSER: b });
  }
}

if (passed + failed === 0) {
  console.error('No test ran.');
  failed = 1;
}
console.log('');
for (const [who, t] of Object.entries(tally)) {
  // Not `N passed, N failed` alone: only the last line is the closing one.
  console.log(`${who === 'node' ? 'node suites' : found[who].version} took ${Math.round(t.ms / 1000)} s: ${t.passed} passed / ${t.failed} failed`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
