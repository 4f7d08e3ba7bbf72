// npm run build: types + ESM (tsc), then rollup: the templates and CSS of those modules minified in
// place (maps still lead to src/) and the self-contained bundle; custom-elements.json, then the size
// budget, which fails the build when exceeded.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });

rmSync('dist', { recursive: true, force: true });
run('npx', ['tsc', '-p', 'tsconfig.build.json']);
run('npx', ['rollup', '-c', 'rollup.config.mjs', '--silent']);
run('npx', ['cem', 'analyze', '--config', 'custom-elements-manifest.config.mjs']);
run('node', ['bench/size.mjs', '--check']);
