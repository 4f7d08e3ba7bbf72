// `npm run bench`: bundle size, convergence of a coordinated reload, idle traffic, leaks and a whole
// floor at once (herd safety), in turn. Needs `npm run build` output (dist/). Each script prints its
// table; all but size also write their section of docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
let failed = 0;
for (const script of ['size.mjs', 'convergence.mjs', 'idle.mjs', 'leak.mjs', 'floor.mjs']) {
  console.log(`\n## bench/${script}\n`);
  const r = spawnSync(process.execPath, [path.join(here, script), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`bench/${script} failed (exit ${r.status ?? r.signal})`);
  }
}
process.exit(failed ? 1 : 0);
