// `npm test` prints no failure report above its closing line unless a test failed: a todo test that
// fails prints as todo (Node 20's spec reporter prints it as ✖ and under "failing tests:").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

// A nested runner reports to this one when NODE_TEST_CONTEXT is set: run it as npm test does.
const env = { ...process.env };
delete env.NODE_TEST_CONTEXT;
const run = (file) =>
  spawnSync(process.execPath, ['--test', '--test-reporter=./scripts/node-reporter.mjs', `test/node/fixtures/${file}`], { encoding: 'utf8', env }).stdout;

test('a failing todo test prints as todo, not as a failure, and the counts stay those of the runner', () => {
  const out = run('todo-fails.mjs');
  assert.doesNotMatch(out, /✖|failing tests/, out);
  assert.match(out, /﹣ known flake .*# TODO: tracked elsewhere \(failed: still flaky\)/);
  assert.match(out, /✔ passes/);
  assert.match(out, /ℹ pass 1\n/);
  assert.match(out, /ℹ fail 0\n/);
  assert.match(out, /ℹ todo 1\n/);
  assert.match(readFileSync('scripts/test.mjs', 'utf8'), /--test-reporter=\.\/scripts\/node-reporter\.mjs/, 'npm test uses it');
});

test("a real failure still prints in full with the spec reporter's failure report", () => {
  const out = run('fails.mjs');
  assert.match(out, /✖ breaks/);
  assert.match(out, /failing tests:/);
  assert.match(out, /ℹ fail 1\n/);
});
