/**
 * Loads the hutch_native addon (binding.gyp) once. Each concern narrows the exports to the
 * functions it owns (see seccomp.ts), so this module knows no native function by name.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { HutchError } from '../errors';

export type NativeAddonExports = Readonly<Record<string, unknown>>;

let loaded: NativeAddonExports | undefined;

/**
 * The package root: the nearest directory above this file with a package.json. Walking up
 * instead of a fixed '../..' keeps the loader working from helper/src (ts-node), out/ (tsc)
 * and dist/ (the bundle), which sit at different depths.
 */
export function packageRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) {
      throw new HutchError(
        'system-failure',
        `no package.json above ${__dirname}, so the native addon cannot be located`,
        'run Hutch from its installed package',
      );
    }
  }
}

export function loadNativeAddon(): NativeAddonExports {
  if (loaded !== undefined) return loaded;
  const path = join(packageRoot(), 'build', 'Release', 'hutch_native.node');
  if (!existsSync(path)) {
    throw new HutchError('system-failure', `native addon missing: ${path}`, 'build it with `npm run install`');
  }
  try {
    // A .node file can only be loaded through require; the path is computed, so bundlers leave it alone.
    loaded = require(path) as NativeAddonExports;
  } catch (error) {
    throw new HutchError(
      'system-failure',
      `cannot load native addon ${path}: ${error instanceof Error ? error.message : String(error)}`,
      'rebuild it with `npm run install` (it needs libseccomp2 at run time)',
      { cause: error },
    );
  }
  return loaded;
}
