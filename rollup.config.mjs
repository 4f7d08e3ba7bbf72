// Two builds over tsc's output (dist/), so TypeScript is compiled once, by tsc:
// 1. the npm modules with templates and CSS minified, in place; 2. the self-contained bundle.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve as resolvePath } from 'node:path';
import resolve from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import terser from '@rollup/plugin-terser';
// The Lit team's plugin: the templates and CSS are written to be read, and shipped minified.
import minifyHtmlLiterals from '@lit-labs/rollup-plugin-minify-html-literals';

// The dist modules with `html`/`css` templates; all others stay as tsc wrote them.
const templated = readdirSync('dist', { recursive: true })
  .map((f) => join('dist', f))
  .filter((f) => f.endsWith('.js') && /\b(?:html|css)\s*`/.test(readFileSync(f, 'utf8')))
  .map((f) => resolvePath(f));

export default [
  {
    input: templated,
    preserveEntrySignatures: 'strict',
    output: { dir: 'dist', preserveModules: true, preserveModulesRoot: 'dist', format: 'es', sourcemap: true },
    plugins: [
      {
        // Only these modules are rewritten, one file each: every other import is left as written.
        name: 'others-external',
        resolveId(id, importer) {
          if (importer && !templated.includes(resolvePath(dirname(importer), id))) return { id, external: true };
          return null;
        },
      },
      {
        // Hands rollup tsc's map with each module, so the written map still leads to src/*.ts.
        name: 'tsc-sourcemap',
        load(id) {
          const code = readFileSync(id, 'utf8');
          return { code, map: JSON.parse(readFileSync(`${id}.map`, 'utf8')) };
        },
      },
      minifyHtmlLiterals({ failOnError: true }),
    ],
    onwarn(warning, warn) {
      // tsc's decorator helper reads `this && this.__decorate` at the top level: undefined in a module.
      if (warning.code === 'THIS_IS_UNDEFINED') return;
      warn(warning);
    },
  },
  {
    input: 'dist/bundled.js',
    output: {
      file: 'dist/region-aware-ccp.bundled.js',
      format: 'es',
      sourcemap: true,
    },
    plugins: [
      resolve({ browser: true }),
      {
        // Streams' webpack shim reaches `new Function("return this")` in strict mode: a CSP
        // `script-src` (eval) and Trusted Types violation on every page load. globalThis is the answer.
        name: 'streams-no-eval',
        transform(code, id) {
          if (!id.endsWith('amazon-connect-streams/release/connect-streams.js')) return null;
          const out = code.replace('t = t || new Function("return this")();', 't = t || globalThis;');
          if (out === code) this.error('Streams changed: the `new Function("return this")` shim was not found.');
          return { code: out, map: null };
        },
      },
      // Streams is a webpack bundle that assigns `globalThis.connect` as a side effect.
      commonjs(),
      terser({ format: { comments: false }, ecma: 2020, module: true }),
    ],
    onwarn(warning, warn) {
      // Streams' webpack output uses `this` at the top level as `this || globalThis`: harmless.
      if (warning.code === 'THIS_IS_UNDEFINED') return;
      warn(warning);
    },
  },
];
