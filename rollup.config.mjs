// The self-contained build for a plain <script type="module">: lit and amazon-connect-streams
// bundled in. It starts from tsc's output (dist/), so TypeScript is compiled once, by tsc.
import resolve from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import terser from '@rollup/plugin-terser';
// The Lit team's plugin: the templates and CSS are written to be read, and shipped minified.
import minifyHtmlLiterals from '@lit-labs/rollup-plugin-minify-html-literals';

export default {
  input: 'dist/bundled.js',
  output: {
    file: 'dist/region-aware-ccp.bundled.js',
    format: 'es',
    sourcemap: true,
  },
  plugins: [
    minifyHtmlLiterals({ failOnError: true }),
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
};
