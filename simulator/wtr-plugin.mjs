// @web/dev-server plugin: starts the simulator with the dev server and stops it with it.
// Ports from env RAC_SIM_PORTS (default "4611,4612").
import { startSimulator } from './server.mjs';

export function simulatorPlugin({ regions = ['us-east-1', 'us-west-2'] } = {}) {
  let sim = null;
  return {
    name: 'amazon-connect-ccp-simulator',
    async serverStart() {
      const ports = (process.env.RAC_SIM_PORTS || '4611,4612').split(',').map((p) => Number(p.trim()));
      sim = await startSimulator({ ports, regions: regions.slice(0, ports.length), quiet: true });
    },
    async serverStop() {
      if (sim) await sim.close();
      sim = null;
    },
  };
}
