// Bundles the shipped entry points into dist/ with esbuild. The native addon and hutch-init stay
// in build/Release (found at run time by walking up to package.json), so they are external.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };
await build({ ...common, entryPoints: ['helper/src/cli/main.ts'], outfile: 'dist/hutch.js' });
