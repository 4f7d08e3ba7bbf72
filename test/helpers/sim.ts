// The simulator the test runner started (see web-test-runner.config.mjs): one session per test.
import { SimulatorClient, type Session, type SessionOptions } from '../../simulator/client.mjs';

let client: Promise<SimulatorClient> | null = null;

export function simulator(): Promise<SimulatorClient> {
  client ??= fetch('/__rac/sim.json')
    .then((r) => r.json() as Promise<{ base: string }>)
    .then(({ base }) => new SimulatorClient(base));
  return client;
}

const open = new Set<Session>();

/** A fresh simulator session, deleted by `releaseSessions()` (the harness's `releaseAll`). */
export async function newSession(opts?: SessionOptions): Promise<Session> {
  const session = await (await simulator()).createSession(opts);
  open.add(session);
  return session;
}

export async function releaseSessions(): Promise<void> {
  await Promise.all([...open].map((s) => s.delete().catch(() => {})));
  open.clear();
}
