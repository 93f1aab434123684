/**
 * What an integration test file needs before it can touch the real kernel: root, a built native
 * addon and hutch-init, busybox-static for the test rootfs, and any tools the file names.
 *
 * Under CI=true a missing prerequisite fails the file (a green run must have tested something);
 * elsewhere the file is skipped with a loud message, as scripts/test.mjs does for the tier.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { packageRoot } from '../../helper/src/runtime/native-addon';
import { rootfsPrerequisiteError } from './busybox-rootfs';

/** The reason the file cannot run here, or false when it can. Throws under CI=true. */
export function integrationSkipReason(file: string, tools: readonly string[] = []): string | false {
  const problem = firstProblem(tools);
  if (problem === null) return false;
  if (process.env.CI === 'true') {
    throw new Error(`${file}: ${problem} (CI=true makes a missing prerequisite a failure)`);
  }
  process.stderr.write(`\n*** ${file}: SKIPPED: ${problem} ***\n\n`);
  return problem;
}

function firstProblem(tools: readonly string[]): string | null {
  if (process.getuid?.() !== 0) return 'needs root';
  const release = join(packageRoot(), 'build', 'Release');
  for (const artifact of ['hutch_native.node', 'hutch-init']) {
    if (!existsSync(join(release, artifact))) return `needs ${join(release, artifact)}: run \`npm run install\``;
  }
  const rootfsProblem = rootfsPrerequisiteError();
  if (rootfsProblem !== null) return rootfsProblem;
  for (const tool of tools) {
    if (spawnSync(tool, ['--version'], { stdio: 'ignore' }).error !== undefined) return `needs ${tool} on PATH`;
  }
  return null;
}
