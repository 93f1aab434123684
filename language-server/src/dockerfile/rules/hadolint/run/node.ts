/** hadolint's Node.js rules: DL3016 (pin versions in npm), DL3060 (`yarn cache clean`). */
import type { Finding } from '../../../../findings';
import { report } from '../../rule-definition';
import { cacheCovers, commandsWith, hadolintRule, isOnlyExpansion, packageArgs, runInstructions } from './hadolint-rule';

const NPM_VALUE_FLAGS = ['--prefix', '--registry', '--cache', '--tag', '--userconfig', '-w', '--workspace'];

/** `name@1.2`, `@scope/name@1.2`, a folder, a tarball, a git or other URL: hadolint takes them as pinned. */
function npmPinned(value: string): boolean {
  const body = value.startsWith('@') ? value.slice(1) : value;
  if (body.includes('@')) return true;
  if (/^[./~]/.test(value) || /\.(?:tgz|tar\.gz)$/.test(value)) return true;
  if (value.includes(':') || (!value.startsWith('@') && value.includes('/'))) return true;
  return isOnlyExpansion(value);
}

export const DL3016 = hadolintRule('DL3016', 'Warning', 'Pin versions in npm', (context) => {
  const findings: Finding[] = [];
  for (const run of runInstructions(context.dockerfile)) {
    const subcommands = ['install', 'i', 'add'];
    for (const command of commandsWith(run, ['npm'], subcommands)) {
      for (const word of packageArgs(command, subcommands, NPM_VALUE_FLAGS)) {
        if (npmPinned(word.value)) continue;
        findings.push(report(DL3016, word.range, 'Pin versions in npm. Instead of `npm install <package>` use `npm install <package>@<version>`'));
      }
    }
  }
  return findings;
});

export const DL3060 = hadolintRule('DL3060', 'Info', '`yarn cache clean` missing after `yarn install` was run.', (context) => {
  const findings: Finding[] = [];
  for (const run of runInstructions(context.dockerfile)) {
    if (run.cacheTargets.some((t) => /\/(?:\.cache\/yarn|\.yarn)(?:\/|$)/.test(t) || cacheCovers(run, '/usr/local/share/.cache/yarn'))) continue;
    const installs = commandsWith(run, ['yarn'], ['install']);
    if (installs.length === 0 || commandsWith(run, ['yarn'], ['cache']).some((c) => c.args.some((a) => a.value === 'clean'))) continue;
    findings.push(report(DL3060, installs[0].range, '`yarn cache clean` missing after `yarn install` was run.'));
  }
  return findings;
});
