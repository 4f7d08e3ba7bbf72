// What every end-to-end test and benchmark starts: the CCP simulator (ephemeral ports), a static
// server for the repository (dist/, demo/, fixtures) and a browser: Debian's Chromium through
// playwright-core, or with RAC_BROWSER=firefox Debian's Firefox ESR through puppeteer-core behind
// the same playwright-style API (fixtures/firefox.mjs). scripts/test.mjs runs every suite in both.
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { startSimulator } from '../../simulator/server.mjs';
import { SimulatorClient } from '../../simulator/client.mjs';
import { startStaticServer } from '../../scripts/static-server.mjs';
import { chromiumPath, CHROMIUM_ARGS } from '../../scripts/chromium-path.mjs';
import { launchFirefox, NO_CDP } from './fixtures/firefox.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** `chromium` or `firefox`: the browser this run drives. */
export const BROWSER = process.env.RAC_BROWSER || 'chromium';
if (!['chromium', 'firefox'].includes(BROWSER)) throw new Error(`RAC_BROWSER=${BROWSER}: use chromium or firefox.`);

/** For `test(name, { skip: needsCdp }, …)`: false in Chromium, the reason in Firefox. */
export const needsCdp = BROWSER === 'chromium' ? false : NO_CDP;

/** `bfcache`: keep Chromium's back/forward cache, which playwright turns off by default. */
const launch = ({ bfcache = false } = {}) =>
  BROWSER === 'firefox'
    ? launchFirefox()
    : chromium.launch({
        executablePath: chromiumPath(),
        args: CHROMIUM_ARGS,
        headless: true,
        ignoreDefaultArgs: bfcache ? ['--disable-back-forward-cache'] : [],
      });

/**
 * @param {{ headers?: (pathname: string) => Record<string, string>, bfcache?: boolean }} [o]
 */
export async function startStack(o = {}) {
  const sim = await startSimulator({ ports: [0, 0], quiet: true });
  const web = await startStaticServer({ root: ROOT, headers: o.headers });
  const browser = await launch(o);
  const simBase = Object.values(sim.origins)[0];
  return {
    sim,
    web,
    browser,
    simulator: new SimulatorClient(simBase),
    async close() {
      await browser.close().catch(() => {});
      await web.close();
      await sim.close();
    },
  };
}
