// The self-contained build for a plain <script type="module">: lit and amazon-connect-streams
// bundled in. It starts from tsc's output (dist/), so TypeScript is compiled once, by tsc.
import resolve from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import terser from '@rollup/plugin-terser';

export default {
  input: 'dist/index.js',
  output: {
    file: 'dist/region-aware-ccp.bundled.js',
    format: 'es',
    sourcemap: true,
  },
  plugins: [
    resolve({ browser: true }),
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
