#!/usr/bin/env node
// Standalone simulator: `node simulator/cli.mjs` (npm run simulator).
// Env: RAC_SIM_PORTS=4611,4612  RAC_SIM_HOST=localhost  RAC_SIM_VERBOSE=1
import { startSimulator } from './server.mjs';

const ports = (process.env.RAC_SIM_PORTS || '4611,4612').split(',').map((p) => Number(p.trim()));
const host = process.env.RAC_SIM_HOST || 'localhost';
const sim = await startSimulator({ host, ports, regions: ['us-east-1', 'us-west-2'].slice(0, ports.length), quiet: !process.env.RAC_SIM_VERBOSE });
const first = Object.values(sim.origins)[0];
console.log('Amazon Connect CCP simulator');
for (const [region, origin] of Object.entries(sim.origins)) console.log(`  ${region}: ${origin}/s/default/ccp-v2/`);
console.log(`  control API: ${first}/sim/s/default/state  (POST ${first}/sim/sessions for a new session)`);
const stop = async () => {
  await sim.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
