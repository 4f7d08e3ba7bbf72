// Finds an installed browser: its environment variable wins, then the usual system locations.
// Browser downloads do not work everywhere, so the tests never fetch one.
import { existsSync } from 'node:fs';

/**
 * @param {{ name: string, env: string, candidates: string[], debian: string }} browser
 * @returns {string} the executable path; throws a one-sentence error when none is found.
 */
export function browserPath({ name, env, candidates, debian }) {
  const fromEnv = process.env[env];
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`${env} points to ${fromEnv}, which does not exist.`);
  }
  const found = candidates.find((p) => existsSync(p));
  if (found) return found;
  throw new Error(`No ${name} found: install one (Debian/Ubuntu: \`sudo apt-get install -y ${debian}\`) or set ${env} to your ${name} executable.`);
}
