// One place that decides which Firefox the tests drive: FIREFOX_PATH wins, then the usual system
// locations (Debian's firefox-esr first). Like Chromium, never downloaded: puppeteer-core drives the
// installed one over WebDriver BiDi.
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/firefox-esr', '/usr/bin/firefox'];

/** @returns {string} the executable path; throws a one-sentence error when none is found. */
export function firefoxPath() {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`FIREFOX_PATH points to ${fromEnv}, which does not exist.`);
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (found) return found;
  throw new Error(
    'No Firefox found: install one (Debian/Ubuntu: `sudo apt-get install -y firefox-esr`) or set FIREFOX_PATH to your Firefox executable.',
  );
}

/**
 * puppeteer-core's launch options for it: WebDriver BiDi (the CDP Firefox once had is gone), headless.
 * Preferences keep a test run quiet and offline, like CHROMIUM_ARGS do for Chromium.
 */
export const firefoxLaunchOptions = () => ({
  browser: 'firefox',
  protocol: 'webDriverBiDi',
  executablePath: firefoxPath(),
  headless: true,
  extraPrefsFirefox: {
    'app.update.enabled': false,
    'browser.shell.checkDefaultBrowser': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'network.captive-portal-service.enabled': false,
  },
});
