// The simulator the test runner started (see web-test-runner.config.mjs): one session per test.
import { SimulatorClient, type Session, type SessionOptions } from '../../simulator/client.mjs';

let client: Promise<SimulatorClient> | null = null;

export function simulator(): Promise<SimulatorClient> {
  client ??= fetch('/__rac/sim.json')
    .then((r) => r.json() as Promise<{ base: string }>)
    .then(({ base }) => new SimulatorClient(base));
  return client;
}

export async function newSession(opts?: SessionOptions): Promise<Session> {
  return (await simulator()).createSession(opts);
}
