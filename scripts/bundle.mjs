// Bundles the shipped entry points into dist/ with esbuild. The native addon and hutch-init stay
// in build/Release (found at run time by walking up to package.json), so they are external.
import { build } from 'esbuild';

// 'module' first: jsonc-parser's 'main' is a UMD build whose require('./impl/...') calls esbuild
// cannot follow, so the bundle would fail at load time with "Cannot find module './impl/format'".
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning', mainFields: ['module', 'main'] };
await build({ ...common, entryPoints: ['helper/src/cli/main.ts'], outfile: 'dist/hutch.js' });
// The language server, started by the editor extension (or any LSP client) with --stdio.
await build({ ...common, entryPoints: ['language-server/src/server.ts'], outfile: 'dist/language-server.js' });
