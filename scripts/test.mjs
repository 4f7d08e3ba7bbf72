// npm test: builds, runs the browser suites (web-test-runner: unit + integration) and the
// multi-tab end-to-end suites (node:test + playwright-core), then prints one closing line
// `N passed, N failed` from the real results. A run that executed no test fails.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, readdirSync } from 'node:fs';
import { chromiumPath } from './chromium-path.mjs';

try {
  process.env.CHROME_PATH = chromiumPath();
} catch (e) {
  console.error(e.message);
  process.exit(1);
}

const only = process.argv.slice(2); // e.g. `npm test -- unit` or `npm test -- e2e`
const want = (group) => only.length === 0 || only.includes(group);
const run = (cmd, args, env = {}) =>
  spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env }, encoding: 'utf8' });

let passed = 0;
let failed = 0;

if (!existsSync('dist/region-aware-ccp.bundled.js') || process.env.CI || only.length === 0) {
  const b = spawnSync('node', ['scripts/build.mjs'], { stdio: 'inherit' });
  if (b.status !== 0) {
    console.error('Build failed.');
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

for (const group of ['unit', 'integration']) {
  if (!want(group)) continue;
  const out = `.wtr-${group}.json`;
  rmSync(out, { force: true });
  const r = run('npx', ['wtr', '--config', 'web-test-runner.config.mjs'], { RAC_TEST_GROUP: group, RAC_COUNT_FILE: out });
  process.stdout.write(r.stdout);
  if (!existsSync(out)) {
    console.error(`web-test-runner (${group}) ended without results (exit ${r.status}).`);
    failed++;
    continue;
  }
  const c = JSON.parse(readFileSync(out, 'utf8'));
  rmSync(out, { force: true });
  passed += c.passed;
  failed += c.failed + c.errors + (r.status !== 0 && c.failed + c.errors === 0 ? 1 : 0);
}

const nodeSuites = [
  ['node', 'test/node', /\.test\.mjs$/],
  ['simulator', 'simulator', /\.test\.mjs$/],
  ['e2e', 'test/e2e', /\.test\.mjs$/],
];
for (const [group, dir, re] of nodeSuites) {
  if (!want(group) || !existsSync(dir)) continue;
  const files = readdirSync(dir).filter((f) => re.test(f)).map((f) => `${dir}/${f}`);
  if (!files.length) continue;
  const r = run('node', ['--test', '--test-concurrency=1', '--test-reporter=./scripts/node-reporter.mjs', ...files]);
  process.stdout.write(r.stdout);
  const pass = Number(/ℹ pass (\d+)/.exec(r.stdout)?.[1] ?? 0);
  const fail = Number(/ℹ fail (\d+)/.exec(r.stdout)?.[1] ?? 0);
  passed += pass;
  failed += fail + (r.status !== 0 && fail === 0 ? 1 : 0);
}

if (passed + failed === 0) {
  console.error('No test ran.');
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
