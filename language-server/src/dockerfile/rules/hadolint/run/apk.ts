/** hadolint's apk rules: DL3018 (pin versions), DL3019 (`--no-cache`). */
import type { Finding } from '../../../../findings';
import { report } from '../../rule-definition';
import { cacheCovers, commandsWith, hadolintRule, hasFlag, isOnlyExpansion, packageArgs, runInstructions } from './hadolint-rule';

const APK_VALUE_FLAGS = ['-t', '--virtual', '-X', '--repository', '-p', '--root', '--keys-dir', '--arch', '--cache-dir', '--repositories-file'];

export const DL3018 = hadolintRule('DL3018', 'Warning', 'Pin versions in apk add', (context) => {
  const findings: Finding[] = [];
  for (const run of runInstructions(context.dockerfile)) {
    for (const command of commandsWith(run, ['apk'], ['add'])) {
      for (const word of packageArgs(command, ['add'], APK_VALUE_FLAGS)) {
        const v = word.value;
        if (v.includes('=') || v.includes('<') || v.includes('>') || v.endsWith('.apk') || isOnlyExpansion(v)) continue;
        findings.push(report(DL3018, word.range, 'Pin versions in apk add. Instead of `apk add <package>` use `apk add <package>=<version>`'));
      }
    }
  }
  return findings;
});

export const DL3019 = hadolintRule('DL3019', 'Info', 'Use the --no-cache switch', (context) => {
  const findings: Finding[] = [];
  for (const run of runInstructions(context.dockerfile)) {
    // A cache mount on apk's cache is the better fix: the cache is kept, out of the image.
    if (cacheCovers(run, '/var/cache/apk') || cacheCovers(run, '/etc/apk/cache')) continue;
    for (const command of commandsWith(run, ['apk'], ['add'])) {
      if (hasFlag(command, ['--no-cache'])) continue;
      findings.push(report(DL3019, command.range, 'Use the `--no-cache` switch to avoid the need to use `--update` and remove `/var/cache/apk/*` when done installing packages'));
    }
  }
  return findings;
});
