/**
 * hadolint's apt rules: DL3008 (pin versions), DL3009 (delete the lists), DL3014 (`-y`),
 * DL3015 (`--no-install-recommends`), DL3027 (`apt` instead of apt-get).
 */
import type { Finding } from '../../../../findings';
import { type SimpleCommand, commandName } from '../../../shell/script';
import { report } from '../../rule-definition';
import { type RunInstruction, cacheCovers, commandsWith, hadolintRule, hasFlag, isOnlyExpansion, packageArgs, runInstructions } from './hadolint-rule';

/** apt-get options that take a value (the value is not a package). */
/** `apt-get install` that installs: a simulation (`-s`, `--dry-run` ...) changes nothing. */
function aptInstalls(run: RunInstruction): SimpleCommand[] {
  const simulate = ['-s', '--simulate', '--just-print', '--dry-run', '--recon', '--no-act'];
  return commandsWith(run, ['apt-get'], ['install']).filter((c) => !c.args.some((a) => simulate.includes(a.value)));
}

const APT_VALUE_FLAGS = ['-t', '--target-release', '--default-release', '-o', '--option', '-c', '--config-file'];

export const DL3008 = hadolintRule('DL3008', 'Warning', 'Pin versions in apt get install', (context) => {
  const findings: Finding[] = [];
  for (const run of runInstructions(context.dockerfile)) {
    for (const command of aptInstalls(run)) {
      for (const word of packageArgs(command, ['install'], APT_VALUE_FLAGS)) {
        const v = word.value;
        // `pkg=1.2`, `pkg=$VERSION`, a `.deb` file, a release (`pkg/bookworm-backports`) are pinned enough for hadolint.
        if (v.includes('=') || v.includes('/') || v.endsWith('.deb') || isOnlyExpansion(v)) continue;
        findings.push(report(DL3008, word.range, 'Pin versions in apt get install. Instead of `apt-get install <package>` use `apt-get install <package>=<version>`'));
      }
    }
  }
  return findings;
});

export const DL3009 = hadolintRule('DL3009', 'Info', 'Delete the apt-get lists after installing something', (context) => {
  const findings: Finding[] = [];
  const runs = runInstructions(context.dockerfile);
  const stages = context.dockerfile.stages;
  // hadolint only looks at the stages that end up in an image: the last one and those built on.
  const used = new Set<number>([stages.length - 1]);
  stages.forEach((stage, k) => {
    const base = (stage.from.args[0]?.value ?? '').toLowerCase();
    const index = stages.findIndex((s, j) => j < k && s.name?.toLowerCase() === base);
    if (index >= 0) used.add(index);
  });
  for (const run of runs) {
    if (!used.has(run.stageIndex) || cacheCovers(run, '/var/lib/apt/lists')) continue;
    const updates = commandsWith(run, ['apt-get'], ['update']);
    if (updates.length === 0) continue;
    // `apt-get dist-clean` (apt 2.7) removes the lists too; hadolint predates it.
    const cleaned =
      run.commands.some((c) => commandName(c) === 'rm' && c.args.some((a) => /^\/var\/lib\/apt\/lists\/?\*?$/.test(a.value))) ||
      commandsWith(run, ['apt-get'], ['dist-clean']).length > 0;
    if (cleaned) continue;
    findings.push(report(DL3009, updates[0].range, 'Delete the apt-get lists after installing something'));
  }
  return findings;
});

export const DL3014 = hadolintRule('DL3014', 'Warning', 'Use the -y switch', (context) => {
  const findings: Finding[] = [];
  for (const run of runInstructions(context.dockerfile)) {
    for (const command of aptInstalls(run)) {
      const yes =
        hasFlag(command, ['--yes', '--assume-yes'], 'y') ||
        command.args.some((a) => a.value === '-qq' || a.value === '-q=2' || a.value === '--quiet=2');
      if (!yes) findings.push(report(DL3014, command.range, 'Use the `-y` switch to avoid manual input `apt-get -y install <package>`'));
    }
  }
  return findings;
});

export const DL3015 = hadolintRule('DL3015', 'Info', 'Avoid additional packages by specifying --no-install-recommends', (context) => {
  const findings: Finding[] = [];
  for (const run of runInstructions(context.dockerfile)) {
    for (const command of aptInstalls(run)) {
      const noRecommends = command.args.some(
        (a) => a.value === '--no-install-recommends' || /APT::Install-Recommends=(?:false|0|no)$/i.test(a.value),
      );
      if (!noRecommends) findings.push(report(DL3015, command.range, 'Avoid additional packages by specifying `--no-install-recommends`'));
    }
  }
  return findings;
});

export const DL3027 = hadolintRule('DL3027', 'Warning', 'Do not use apt as it is meant to be a end-user tool, use apt-get or apt-cache instead', (context) => {
  const findings: Finding[] = [];
  for (const run of runInstructions(context.dockerfile)) {
    for (const command of run.commands) {
      if (commandName(command) !== 'apt') continue;
      findings.push(report(DL3027, command.words[0].range, 'Do not use apt as it is meant to be a end-user tool, use apt-get or apt-cache instead'));
    }
  }
  return findings;
});
