// The documentation is a contract: the committed custom-elements.json matches the source, the
// README's API tables match the manifest, and the README's two commands point at real scripts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cli } from '@custom-elements-manifest/analyzer/cli.js';
import { apiTables, readmeWithTables } from '../../scripts/api-table.mjs';

const readme = readFileSync('README.md', 'utf8');

test('the committed custom-elements.json is what the analyzer makes of src/', async () => {
  const fresh = await cli({ argv: ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet'], noWrite: true });
  // The build rewrites the working copy; what users get is what is committed.
  const committed = JSON.parse(execFileSync('git', ['show', 'HEAD:custom-elements.json'], { encoding: 'utf8' }));
  assert.deepEqual(committed, JSON.parse(JSON.stringify(fresh)), 'custom-elements.json is stale: run `npm run analyze` and commit it');
});

test('the README API tables are generated from the manifest', () => {
  const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
  assert.equal(readme, readmeWithTables(readme, apiTables(manifest)), 'run `node scripts/api-table.mjs --write`');
  for (const name of ['rac-ready', 'rac-switched', 'rac-error', 'auto-available', 'reload-mode', 'toast']) {
    assert.match(readme, new RegExp(`\`${name}\``));
  }
});

test('every attribute in the API table shows its default (config DEFAULTS resolved)', () => {
  const el = JSON.parse(readFileSync('custom-elements.json', 'utf8'))
    .modules.flatMap((m) => m.declarations ?? [])
    .find((d) => d.tagName === 'region-aware-ccp');
  for (const a of el.attributes) assert.notEqual(a.default, undefined, `attribute ${a.name} has no default in the manifest`);
  for (const [name, value] of [['stale-after', '120'], ['reload-jitter', '20'], ['toast-timeout', '8']]) {
    assert.match(readme, new RegExp(`^\\| \`${name}\` \\|[^\\n]*\\| \`${value}\` \\|`, 'm'), `${name} default ${value} in the README`);
  }
});

test('the README opens with the demo and test commands, and they exist', () => {
  const block = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const lines = block.trim().split('\n');
  assert.match(lines[0], /^npm ci && npm start\b/);
  assert.match(lines[1], /^npm ci && npm test\b/);
  const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts;
  assert.ok(scripts.start && scripts.test);
  assert.ok(readFileSync('.ci/run', 'utf8').includes('\nnpm test\n'), '.ci/run runs the README test command');
});
