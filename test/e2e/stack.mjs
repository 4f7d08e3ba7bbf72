// What every end-to-end test and benchmark starts: the CCP simulator (ephemeral ports), a static
// server for the repository (dist/, demo/, fixtures) and Debian's Chromium through playwright-core.
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { startSimulator } from '../../simulator/server.mjs';
import { SimulatorClient } from '../../simulator/client.mjs';
import { startStaticServer } from '../../scripts/static-server.mjs';
import { chromiumPath, CHROMIUM_ARGS } from '../../scripts/chromium-path.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * @param {{ headers?: (pathname: string) => Record<string, string> }} [o]
 */
export async function startStack(o = {}) {
  const sim = await startSimulator({ ports: [0, 0], quiet: true });
  const web = await startStaticServer({ root: ROOT, headers: o.headers });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
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
