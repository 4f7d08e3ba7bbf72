import { esbuildPlugin } from '@web/dev-server-esbuild';
import { build } from 'esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { chromeLauncher } from '@web/test-runner-chrome';
import * as puppeteerCore from 'puppeteer-core';
import { simulatorPlugin } from './simulator/wtr-plugin.mjs';
import { chromiumPath, CHROMIUM_ARGS } from './scripts/chromium-path.mjs';
import { firefoxLaunchOptions } from './scripts/firefox-path.mjs';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { countReporter } from './scripts/count-reporter.mjs';

const group = process.env.RAC_TEST_GROUP;
/** Which browser runs the suites: `chromium` (default) or `firefox`; scripts/test.mjs runs each in turn. */
const browser = process.env.RAC_BROWSER || 'chromium';
const simPorts = (process.env.RAC_SIM_PORTS || '4611,4612').split(',').map((p) => Number(p.trim()));

/** Tells browser tests where the simulator listens (ports can be moved with RAC_SIM_PORTS). */
const simConfigPlugin = {
  name: 'rac-sim-config',
  serve(context) {
    if (context.path === '/__rac/sim.json') {
      return { body: JSON.stringify({ base: `http://localhost:${simPorts[0]}` }), type: 'json' };
    }
  },
};

/** The examples import the package by name: in tests that is this repository's source. */
const selfPlugin = {
  name: 'rac-self',
  resolveImport({ source }) {
    if (source === 'region-aware-ccp') return '/src/index.ts';
    if (source === 'region-aware-ccp/translations/de.js') return '/src/i18n/de.ts';
  },
};

/**
 * React ships CommonJS: for the React example's test, esbuild (the test runner's own TypeScript
 * compiler) bundles react and react-dom/client into one ES module, development build, once.
 */
const REACT = '/__rac/react.js';
let reactBundle = null;
const reactPlugin = {
  name: 'rac-react',
  resolveImport({ source }) {
    if (source === 'react' || source === 'react-dom/client') return REACT;
  },
  async serve(context) {
    if (context.path !== REACT) return;
    reactBundle ??= build({
      stdin: {
        contents: `import * as React from 'react'; import * as Client from 'react-dom/client';
          export const { createElement, StrictMode, useEffect, useRef, useState } = React; export const { createRoot } = Client;`,
        resolveDir: process.cwd(),
      },
      bundle: true,
      format: 'esm',
      write: false,
      define: { 'process.env.NODE_ENV': '"development"' },
    }).then((r) => r.outputFiles[0].text);
    return { body: await reactBundle, type: 'js' };
  },
};

const browsers = {
  chromium: () =>
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS.filter((a) => a !== '--headless') },
    }),
  // Playwright's Firefox needs its own patched build and its BiDi mode needs a newer Firefox than
  // ESR 153 (emulation.setMediaFeaturesOverride); puppeteer-core drives Debian's firefox-esr over
  // WebDriver BiDi. @web/test-runner-chrome's launcher takes a puppeteer instance: that is all
  // @web/test-runner-puppeteer adds, minus the full `puppeteer` package and its browser download.
  firefox: () => chromeLauncher({ puppeteer: puppeteerCore, launchOptions: firefoxLaunchOptions() }),
};
const unknownBrowser = () => {
  throw new Error(`RAC_BROWSER=${browser}: use chromium or firefox.`);
};

export default {
  files: group ? [`test/${group}/**/*.test.ts`] : ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
  nodeResolve: { exportConditions: ['production'] },
  concurrency: 1,
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), ...(process.env.RAC_COUNT_FILE ? [countReporter(process.env.RAC_COUNT_FILE)] : [])],
  testFramework: { config: { timeout: 20000 } },
  testsFinishTimeout: 10 * 60 * 1000,
  plugins: [
    selfPlugin,
    reactPlugin,
    esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2022' }),
    // JSX (the React example) as a React app's compiler makes it: calls of React's createElement.
    // No target: this instance must leave .js files (classic scripts such as Streams and axe) alone.
    esbuildPlugin({ jsx: true, jsxFactory: '__racJsx', banner: "import { createElement as __racJsx } from 'react';" }),
    simulatorPlugin(),
    simConfigPlugin,
  ],
  browsers: [browsers[browser]?.() ?? unknownBrowser()],
};
