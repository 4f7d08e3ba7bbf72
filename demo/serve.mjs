#!/usr/bin/env node
// npm start: the demo. Builds the bundle if needed, starts the CCP simulator (RAC_SIM_PORTS,
// default 4611,4612) and a static server for the repository (PORT, default 8080), and serves
// the demo under a strict Content-Security-Policy (no inline script or style, Trusted Types).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator } from '../simulator/server.mjs';
import { startStaticServer } from '../scripts/static-server.mjs';
import { demoCsp } from './csp.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

if (!existsSync(path.join(ROOT, 'dist/region-aware-ccp.bundled.js'))) {
  console.log('dist/region-aware-ccp.bundled.js is missing: building first (node scripts/build.mjs)…');
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
}

const ports = (process.env.RAC_SIM_PORTS || '4611,4612').split(',').map((p) => Number(p.trim()));
const port = Number(process.env.PORT || 8080);
if (ports.length !== 2 || ports.some((p) => !Number.isInteger(p) || p < 0)) {
  console.error(`RAC_SIM_PORTS must be two ports, e.g. 4611,4612 (got ${process.env.RAC_SIM_PORTS}).`);
  process.exit(1);
}

let sim;
let web;
try {
  sim = await startSimulator({ ports, quiet: !process.env.RAC_SIM_VERBOSE });
  const origins = Object.values(sim.origins);
  const csp = demoCsp(origins);
  web = await startStaticServer({
    root: ROOT,
    port,
    headers: (pathname) =>
      pathname.startsWith('/demo/')
        ? { 'content-security-policy': csp, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' }
        : {},
  });
  const q = origins[0] === 'http://localhost:4611' ? '' : `?sim=${origins[0]}`;
  console.log('<region-aware-ccp> demo');
  console.log(`  demo (strict CSP + Trusted Types): ${web.url}/demo/${q}`);
  console.log(`  plain example:     ${web.url}/docs/examples/plain.html${q ? '  (expects the simulator on 4611/4612)' : ''}`);
  console.log(`  Vue example:       ${web.url}/docs/examples/vue.html${q ? '  (expects the simulator on 4611/4612)' : ''}`);
  for (const [region, origin] of Object.entries(sim.origins)) console.log(`  CCP simulator ${region}: ${origin}/s/default/ccp-v2/`);
  console.log(`  simulator state:   ${origins[0]}/sim/s/default/state`);
  console.log('Ctrl+C to stop.');
} catch (e) {
  console.error(`Could not start the demo: ${e.message}${e.code === 'EADDRINUSE' ? ' (set PORT / RAC_SIM_PORTS to free ports)' : ''}`);
  await web?.close();
  await sim?.close();
  process.exit(1);
}

// Ctrl+C signals the whole process group. A signal sent to npm alone is passed to its script's
// shell, which is why `npm start` is `exec node …` (dash would keep the signal and its child). If
// npm dies without passing anything on (SIGKILL), we are re-parented: stop then too, so no server
// outlives `npm start`. A server that does not close in time is left to process.exit.
let stopping = false;
const stop = async (why) => {
  if (stopping) return;
  stopping = true;
  console.log(`Stopping (${why})…`);
  setTimeout(() => process.exit(0), 2000).unref();
  await Promise.allSettled([web.close(), sim.close()]);
  process.exit(0);
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stop(signal));
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void stop('npm is gone');
}, 1000).unref();
