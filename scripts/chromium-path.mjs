// One place that decides which Chromium the tests drive: CHROME_PATH wins, then the usual
// system locations.
import { browserPath } from './browser-path.mjs';

/** @returns {string} the Chromium (or Chrome) executable; throws a one-sentence error when none is found. */
export const chromiumPath = () =>
  browserPath({
    name: 'Chromium',
    env: 'CHROME_PATH',
    candidates: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'],
    debian: 'chromium',
  });

/** The flags every headless run uses here (root needs --no-sandbox; the network is closed). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
