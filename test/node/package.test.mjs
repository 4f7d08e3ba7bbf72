// What `npm install region-aware-ccp` gives a page: every export resolves to a built file with its
// types, side-effect modules are declared as such (or bundlers drop `import '…/translations/de.js'`),
// and the published files contain them. Runs after the build (`npm test` builds first).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const targets = Object.entries(pkg.exports).map(([entry, t]) => [entry, typeof t === 'string' ? { default: t } : t]);

test('every export of package.json resolves, by its package name, to a built file with types', async () => {
  for (const [entry, t] of targets) {
    assert.ok(existsSync(t.default), `${entry} → ${t.default} exists`);
    if (t.types) assert.ok(existsSync(t.types), `${entry} → ${t.types} exists`);
    // Self-reference through the package name goes through `exports`, as in a user's project.
    const url = import.meta.resolve(`${pkg.name}${entry.slice(1)}`);
    assert.ok(url.endsWith(t.default.slice(1)), `${entry} resolves to ${t.default} (got ${url})`);
  }
});

test('modules imported for their effect are declared in sideEffects', () => {
  for (const file of ['./dist/index.js', './dist/region-aware-ccp.js', './dist/i18n/de.js', './dist/region-aware-ccp.bundled.js']) {
    assert.ok(pkg.sideEffects.includes(file), `${file} in sideEffects`);
  }
});

test('the German translation registers itself when imported by its export path', async () => {
  const { resolveLang } = await import(`${pkg.name}/translations/de.js`).then(() => import('../../dist/i18n/messages.js'));
  assert.equal(resolveLang('de-CH'), 'de');
});

test('the published package contains every export and the manifest', () => {
  const [{ files }] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' }));
  const paths = new Set(files.map((f) => f.path));
  for (const [entry, t] of targets) {
    for (const f of [t.default, t.types].filter(Boolean)) assert.ok(paths.has(f.slice(2)), `${entry}: ${f} is published`);
  }
  assert.ok(paths.has('custom-elements.json'));
});
