// One place that decides which Firefox the tests drive: FIREFOX_PATH wins, then the usual system
// locations (Debian's firefox-esr first). Like Chromium, never downloaded: puppeteer-core drives the
// installed one over WebDriver BiDi.
import { browserPath } from './browser-path.mjs';

/** @returns {string} the Firefox executable; throws a one-sentence error when none is found. */
export const firefoxPath = () =>
  browserPath({ name: 'Firefox', env: 'FIREFOX_PATH', candidates: ['/usr/bin/firefox-esr', '/usr/bin/firefox'], debian: 'firefox-esr' });

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
