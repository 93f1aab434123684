/** hadolint's zypper rules: DL3034 (non-interactive), DL3035 (no dist-upgrade), DL3036 (clean), DL3037 (pin). */
import type { Finding } from '../../../../findings';
import { commandName } from '../../../shell/script';
import { report } from '../../rule-definition';
import { commandsWith, hadolintRule, hasFlag, isOnlyExpansion, packageArgs, runInstructions } from './hadolint-rule';

const INSTALL = ['install', 'in'];
const ASKING = ['install', 'in', 'remove', 'rm', 'source-install', 'si', 'patch'];
const VALUE_FLAGS = ['-r', '--repo', '-t', '--type', '-f', '--from'];

export const DL3034 = hadolintRule('DL3034', 'Warning', 'Non-interactive switch missing from `zypper` command', (context) => {
  const findings: Finding[] = [];
  for (const run of runInstructions(context.dockerfile)) {
    for (const command of commandsWith(run, ['zypper'], ASKING)) {
      if (hasFlag(command, ['--non-interactive', '--no-confirm'], 'ny')) continue;
      findings.push(report(DL3034, command.range, 'Non-interactive switch missing from `zypper` command: `zypper install -y`'));
    }
  }
  return findings;
});

export const DL3035 = hadolintRule('DL3035', 'Warning', 'Do not use `zypper dist-upgrade`.', (context) => {
  const findings: Finding[] = [];
  for (const run of runInstructions(context.dockerfile)) {
    for (const command of commandsWith(run, ['zypper'], ['dist-upgrade', 'dup'])) {
      findings.push(report(DL3035, command.range, 'Do not use `zypper dist-upgrade`.'));
    }
  }
  return findings;
});

export const DL3036 = hadolintRule('DL3036', 'Warning', '`zypper clean` missing after zypper use.', (context) => {
  const findings: Finding[] = [];
  for (const run of runInstructions(context.dockerfile)) {
    const found = commandsWith(run, ['zypper'], INSTALL);
    if (found.length === 0) continue;
    if (commandsWith(run, ['zypper'], ['clean', 'cc']).length > 0) continue;
    if (run.commands.some((c) => commandName(c) === 'rm' && c.args.some((a) => a.value.startsWith('/var/cache/zypp')))) continue;
    findings.push(report(DL3036, found[0].range, '`zypper clean` missing after zypper use.'));
  }
  return findings;
});

export const DL3037 = hadolintRule('DL3037', 'Warning', 'Specify version with `zypper install -y <package>=<version>`.', (context) => {
  const findings: Finding[] = [];
  for (const run of runInstructions(context.dockerfile)) {
    for (const command of commandsWith(run, ['zypper'], INSTALL)) {
      for (const word of packageArgs(command, INSTALL, VALUE_FLAGS)) {
        const v = word.value;
        if (/[=<>]/.test(v) || v.endsWith('.rpm') || isOnlyExpansion(v)) continue;
        findings.push(report(DL3037, word.range, 'Specify version with `zypper install -y <package>=<version>`.'));
      }
    }
  }
  return findings;
});
