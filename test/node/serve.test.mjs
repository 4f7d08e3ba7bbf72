// `npm start` leaves nothing behind: a signal to npm alone (SIGINT or SIGTERM, as `kill` or a process
// manager sends; SIGKILL), or Ctrl+C (SIGINT to the whole process group), frees every port the demo
// held. npm runs the script in a shell that may keep a signal from its child or die without it, so
// this checks the ports themselves, not the exit of npm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

const PORTS_FREE_WITHIN_MS = 5000;

/** Resolves true when nothing listens on `port` (we can listen on it ourselves). */
const isFree = (port) =>
  new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, 'localhost', () => probe.close(() => resolve(true)));
  });

/** Starts `npm start` on ephemeral ports in its own process group; resolves with the ports it printed. */
function startDemo() {
  const npm = spawn('npm', ['start'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: '0', RAC_SIM_PORTS: '0,0' },
  });
  let out = '';
  const ready = new Promise((resolve, reject) => {
    npm.stdout.on('data', (chunk) => {
      out += chunk;
      if (!out.includes('Ctrl+C to stop.')) return;
      const ports = [...out.matchAll(/http:\/\/localhost:(\d+)\/(demo|s)\//g)].map((m) => Number(m[1]));
      resolve([...new Set(ports)]);
    });
    npm.stderr.on('data', (chunk) => (out += chunk));
    npm.once('exit', (code) => reject(new Error(`npm start exited (${code}) before it was ready:\n${out}`)));
  });
  return { npm, ready, output: () => out };
}

async function portsFreed(ports) {
  const deadline = Date.now() + PORTS_FREE_WITHIN_MS;
  for (;;) {
    const held = [];
    for (const p of ports) if (!(await isFree(p))) held.push(p);
    if (!held.length || Date.now() > deadline) return held;
    await new Promise((r) => setTimeout(r, 100));
  }
}

for (const [name, stop] of [
  ['SIGINT to npm', (npm) => process.kill(npm.pid, 'SIGINT')],
  ['SIGTERM to npm', (npm) => process.kill(npm.pid, 'SIGTERM')],
  ['SIGKILL to npm', (npm) => process.kill(npm.pid, 'SIGKILL')],
  ['Ctrl+C (SIGINT to the process group)', (npm) => process.kill(-npm.pid, 'SIGINT')],
]) {
  test(`npm start frees its three ports after ${name}`, async () => {
    const demo = startDemo();
    try {
      const ports = await demo.ready;
      assert.equal(ports.length, 3, `the demo, and the simulator's two regions:\n${demo.output()}`);
      for (const p of ports) assert.equal(await isFree(p), false, `port ${p} is in use while the demo runs`);
      stop(demo.npm);
      assert.deepEqual(await portsFreed(ports), [], `ports still held ${PORTS_FREE_WITHIN_MS} ms after ${name}:\n${demo.output()}`);
    } finally {
      try {
        process.kill(-demo.npm.pid, 'SIGKILL'); // whatever this test started and is still there
      } catch {
        /* the group is gone already */
      }
    }
  });
}
