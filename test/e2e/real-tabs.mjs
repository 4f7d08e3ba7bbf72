// Real background tabs: Chromium headed under Xvfb, the tabs opened by Chromium itself from its
// command line (one window, the first tab visible, the others hidden) and no automation attached
// to them, so hidden tabs are throttled as an agent's are (timers at whole-second wake-ups). The
// pages (fixtures/real-tab.html) report to this process over HTTP and take commands from an
// EventSource on another port. `headless: true` opens the same pages through Playwright's headless
// Chromium instead (every page visible, no throttling), for comparison.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startSimulator } from '../../simulator/server.mjs';
import { SimulatorClient } from '../../simulator/client.mjs';
import { startStaticServer } from '../../scripts/static-server.mjs';
import { chromiumPath, CHROMIUM_ARGS } from '../../scripts/chromium-path.mjs';
import { ROOT } from './stack.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A free X display number (no socket, no lock file), from :90 up. */
function freeDisplay() {
  for (let n = 90; n < 200; n++) if (!existsSync(`/tmp/.X11-unix/X${n}`) && !existsSync(`/tmp/.X${n}-lock`)) return n;
  throw new Error('no free X display');
}

async function startXvfb() {
  const n = freeDisplay();
  const proc = spawn('Xvfb', [`:${n}`, '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  const failed = new Promise((_, fail) => proc.once('exit', (code) => fail(new Error(`Xvfb :${n} exited (${code})`))));
  for (let i = 0; i < 100 && !existsSync(`/tmp/.X11-unix/X${n}`); i++) await Promise.race([sleep(50), failed]);
  if (!existsSync(`/tmp/.X11-unix/X${n}`)) throw new Error(`Xvfb :${n} did not start`);
  return { display: `:${n}`, stop: () => stop(proc) };
}

async function stop(proc, group = false) {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const gone = new Promise((r) => proc.once('exit', r));
  try {
    if (group) process.kill(-proc.pid, 'SIGTERM');
    else proc.kill('SIGTERM');
  } catch {
    return;
  }
  await Promise.race([gone, sleep(5000)]);
  if (proc.exitCode === null && proc.signalCode === null) {
    try {
      if (group) process.kill(-proc.pid, 'SIGKILL');
      else proc.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * Reports from the pages (POST, text/plain, so no CORS preflight) and commands to them
 * (EventSource). Each tab's command stream gets a port of its own: a browser keeps at most six
 * connections per host and port, and long-lived streams would use them all up.
 */
async function startHub() {
  const reports = [];
  const streams = new Set();
  const cors = { 'access-control-allow-origin': '*' };
  const reportServer = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const set = new URL(req.url, 'http://x').searchParams.get('set');
      try {
        reports.push({ set, ...JSON.parse(body) });
      } catch {
        // not ours
      }
      res.writeHead(204, cors).end();
    });
  });
  const onCommands = (req, res) => {
    res.writeHead(200, { ...cors, 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    res.write(': hi\n\n');
    const set = new URL(req.url, 'http://x').searchParams.get('set');
    const s = { set, res };
    streams.add(s);
    req.on('close', () => streams.delete(s));
  };
  const listen = (srv) => new Promise((r) => srv.listen(0, 'localhost', () => r(srv.address().port)));
  const reportPort = await listen(reportServer);
  const commandServers = [];
  const commandPorts = [];
  return {
    reports,
    reportUrl: (set) => `http://localhost:${reportPort}/report?set=${set}`,
    async commandUrl(set, tab) {
      while (commandPorts.length < tab) {
        const srv = createServer(onCommands);
        commandServers.push(srv);
        commandPorts.push(await listen(srv));
      }
      return `http://localhost:${commandPorts[tab - 1]}/commands?set=${set}`;
    },
    send(set, cmd) {
      for (const s of streams) if (s.set === set) s.res.write(`data: ${JSON.stringify(cmd)}\n\n`);
    },
    async close() {
      for (const s of streams) s.res.end();
      const all = [reportServer, ...commandServers];
      for (const srv of all) srv.closeAllConnections?.();
      await Promise.all(all.map((srv) => new Promise((r) => srv.close(r))));
    },
  };
}

/** CPU time (ms) used by process `root` and its descendants, from /proc (clock ticks of 10 ms). */
function cpuOfTree(root) {
  const stats = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      // After the command (in parentheses, may hold spaces): state, ppid, … utime (14), stime (15).
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      stats.push({ pid: Number(d), ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      // gone meanwhile
    }
  }
  const tree = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of stats) if (!tree.has(p.pid) && tree.has(p.ppid)) grew = tree.add(p.pid);
  }
  return stats.filter((p) => tree.has(p.pid)).reduce((a, p) => a + p.ticks * 10, 0);
}

/** Polls `check` until it returns a truthy value. */
export async function until(check, { timeoutMs = 20000, message = 'condition' } = {}) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${message}`);
    await sleep(25);
  }
}

/**
 * @param {{ headless?: boolean }} [o]
 */
export async function startRealTabs({ headless = false } = {}) {
  const sim = await startSimulator({ ports: [0, 0], quiet: true });
  const web = await startStaticServer({ root: ROOT });
  const hub = await startHub();
  const simulator = new SimulatorClient(Object.values(sim.origins)[0]);
  const x = headless ? null : await startXvfb();
  const browser = headless ? await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true }) : null;
  let sets = 0;

  /**
   * Opens `n` tabs of one simulator session (the agent Available in us-east-1) and waits until each
   * is ready; checks that (in real mode) tab 1 is visible and the others hidden and throttled.
   * @param {number} n
   * @param {Record<string, string | number | boolean>} [attrs] element attributes
   * @param {{ coordinator?: 'element' | 'baseline', trace?: boolean }} [o] `trace`: the pages record a timeline (`tabs.trace()`)
   */
  async function open(n, attrs = {}, { coordinator = 'element', trace = false } = {}) {
    const set = `s${++sets}`;
    const session = await simulator.createSession();
    const urls = [];
    for (let i = 0; i < n; i++) {
      const q = new URLSearchParams({ ccp: session.ccpUrl, login: session.loginUrl, tab: String(i + 1), report: hub.reportUrl(set), commands: await hub.commandUrl(set, i + 1) });
      if (session.secondaryCcpUrl) q.set('secondary', session.secondaryCcpUrl);
      if (coordinator === 'baseline') q.set('coordinator', 'baseline');
      if (trace) q.set('trace', '');
      for (const [k, v] of Object.entries(attrs)) if (v !== false) q.set(k, v === true ? '' : String(v));
      urls.push(`${web.url}/test/e2e/fixtures/real-tab.html?${q}`);
    }
    let proc = null;
    let dir = null;
    let context = null;
    if (headless) {
      context = await browser.newContext();
      for (const u of urls) await (await context.newPage()).goto(u);
    } else {
      dir = mkdtempSync(path.join(os.tmpdir(), 'rac-real-tabs-'));
      proc = spawn(
        chromiumPath(),
        [`--user-data-dir=${dir}`, '--no-first-run', '--no-default-browser-check', '--no-sandbox', '--disable-gpu', '--disable-quic',
          '--disable-background-networking', '--disable-component-update', '--disable-sync', '--password-store=basic', '--window-size=1200,850', ...urls],
        { env: { ...process.env, DISPLAY: x.display }, stdio: 'ignore', detached: true },
      );
    }
    const mine = () => hub.reports.filter((r) => r.set === set);
    const tabs = {
      set,
      n,
      session,
      reports: mine,
      events: (type, pred = () => true) => mine().filter((r) => r.kind === 'event' && r.type === type && pred(r.detail, r)),
      send: (cmd) => hub.send(set, cmd),
      /** Per tab: [visibilityState, how late a 100 ms timer fired]. */
      async probe() {
        const before = mine().length;
        tabs.send({ cmd: 'probe' });
        const got = await until(() => {
          const p = mine().slice(before).filter((r) => r.kind === 'probe');
          return new Set(p.map((r) => r.tab)).size === n && p;
        }, { message: 'probe reports from every tab' });
        return Array.from({ length: n }, (_, i) => got.find((r) => r.tab === i + 1)).map((r) => [r.visibility, Math.round(r.delayMs)]);
      },
      /** CPU time (ms, user + system) the browser's processes have used so far (real mode, Linux). */
      cpuMs: () => (proc ? cpuOfTree(proc.pid) : null),
      /** Per tab (index 0 = tab 1): the timeline its page recorded (fixtures/real-tab.html, `trace`). */
      async trace() {
        const before = mine().length;
        tabs.send({ cmd: 'dump' });
        const got = await until(() => {
          const p = mine().slice(before).filter((r) => r.kind === 'trace');
          return new Set(p.map((r) => r.tab)).size === n && p;
        }, { message: 'traces from every tab' });
        return Array.from({ length: n }, (_, i) => got.find((r) => r.tab === i + 1).trace);
      },
      async close() {
        if (context) await context.close().catch(() => {});
        if (proc) await stop(proc, true);
        if (dir) rmSync(dir, { recursive: true, force: true });
        await session.delete().catch(() => {});
      },
    };
    try {
      await until(() => new Set(tabs.events('rac-ready').map((r) => r.tab)).size === n, { timeoutMs: 30000, message: `${n} tabs ready` });
      await until(() => new Set(mine().filter((r) => r.kind === 'hello').map((r) => r.tab)).size === n, { message: 'command streams open' });
      if (!headless) {
        // Chromium needs a moment after start to mark background tabs hidden and throttle them.
        const probe = await until(async () => {
          const p = await tabs.probe();
          return p.every(([v, ms], i) => (i === 0 ? v === 'visible' && ms < 500 : v === 'hidden' && ms >= 500)) && p;
        }, { timeoutMs: 20000, message: 'tab 1 visible, the others hidden and throttled' }).catch(async (e) => {
          e.message += `: ${JSON.stringify(await tabs.probe())}`;
          throw e;
        });
        tabs.visibility = probe;
      } else tabs.visibility = await tabs.probe();
    } catch (e) {
      await tabs.close();
      throw e;
    }
    return tabs;
  }

  return {
    open,
    version: async () => (browser ? browser.version() : (await new Promise((r) => {
      const p = spawn(chromiumPath(), ['--version']);
      let out = '';
      p.stdout.on('data', (d) => (out += d));
      p.on('exit', () => r(out.trim().replace(/^Chromium\s*/, '').split(' ')[0]));
    }))),
    async close() {
      await browser?.close().catch(() => {});
      await x?.stop();
      await hub.close();
      await web.close();
      await sim.close();
    },
  };
}
