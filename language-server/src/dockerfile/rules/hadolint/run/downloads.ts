/** hadolint's download rules: DL3047 (wget's progress bar fills the build log), DL4001 (wget and curl both). */
import type { Finding } from '../../../../findings';
import { type SimpleCommand, commandName } from '../../../shell/script';
import { report } from '../../rule-definition';
import { hadolintRule, runInstructions } from './hadolint-rule';

/** --progress, or quiet / non-verbose / logging to a file: then wget prints no progress bar. */
function quietWget(command: SimpleCommand): boolean {
  return command.args.some((a) => {
    const v = a.value;
    if (v.startsWith('--')) return /^--(?:progress|quiet|no-verbose|output-file|append-output)(?:=|$)/.test(v);
    const letters = /^-([A-Za-z]+)/.exec(v)?.[1] ?? '';
    return letters === 'nv' || /[qoa]/.test(letters);
  });
}

export const DL3047 = hadolintRule('DL3047', 'Info', 'Avoid use of wget without progress bar', (context) => {
  const findings: Finding[] = [];
  for (const run of runInstructions(context.dockerfile)) {
    for (const command of run.commands) {
      if (commandName(command) !== 'wget' || quietWget(command)) continue;
      findings.push(
        report(
          DL3047,
          command.range,
          'Avoid use of wget without progress bar. Use `wget --progress=dot:giga <url>`. Or consider using `-q` or `-nv` (shorthands for `--quiet` or `--no-verbose`).',
        ),
      );
    }
  }
  return findings;
});

export const DL4001 = hadolintRule('DL4001', 'Warning', 'Either use Wget or Curl but not both', (context) => {
  const findings: Finding[] = [];
  const seen = new Map<number, Set<string>>(); // stage index -> tools used so far
  for (const run of runInstructions(context.dockerfile)) {
    const tools = seen.get(run.stageIndex) ?? new Set<string>();
    seen.set(run.stageIndex, tools);
    for (const command of run.commands) {
      const tool = commandName(command);
      if (tool !== 'wget' && tool !== 'curl') continue;
      tools.add(tool);
      if (tools.size === 2) findings.push(report(DL4001, command.words[0].range, 'Either use Wget or Curl but not both'));
    }
  }
  return findings;
});
