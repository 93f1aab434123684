/**
 * hadolint's rules on the RUN instruction as a whole: DL3059 (consecutive RUNs, which each add
 * a layer) and DL4006 (a pipe without pipefail hides the failure of all but the last command).
 */
import type { Finding } from '../../../../findings';
import type { Instruction } from '../../../ast';
import type { Pipeline, ShellScript } from '../../../shell/script';
import { commandName } from '../../../shell/script';
import { report } from '../../rule-definition';
import { hadolintRule, runInstructions } from './hadolint-rule';

function flagsText(instruction: Instruction): string {
  return instruction.flags.map((f) => `${f.name}=${f.value ?? ''}`).join(' ');
}

export const DL3059 = hadolintRule('DL3059', 'Info', 'Multiple consecutive `RUN` instructions. Consider consolidation.', (context) => {
  const findings: Finding[] = [];
  for (const run of runInstructions(context.dockerfile)) {
    const previous = run.previousRun;
    // As hadolint: RUNs with other flags (mounts) cannot simply be merged, and a RUN of more
    // than two commands was most likely kept apart on purpose (its own cached layer).
    if (previous === null || flagsText(previous.instruction) !== flagsText(run.instruction)) continue;
    if (previous.commands.length > 2 || run.commands.length > 2) continue;
    findings.push(report(DL3059, run.instruction.keywordRange, 'Multiple consecutive `RUN` instructions. Consider consolidation.'));
  }
  return findings;
});

const before = (a: { line: number; character: number }, b: { line: number; character: number }): boolean =>
  a.line < b.line || (a.line === b.line && a.character < b.character);

/** The first pipeline with a pipe that no `set -o pipefail` earlier in the script covers. */
function unguardedPipe(script: ShellScript): Pipeline | null {
  const guards = script.commands.filter(
    (c) => commandName(c) === 'set' && c.args.some((a, k) => /^-[a-z]*o$/.test(a.value) && c.args[k + 1]?.value === 'pipefail'),
  );
  for (const pipeline of script.pipelines) {
    if (pipeline.pipes.length === 0) continue;
    if (guards.some((g) => before(g.range.start, pipeline.range.start))) continue;
    return pipeline;
  }
  return null;
}

const DL4006_MESSAGE =
  'Set the SHELL option -o pipefail before RUN with a pipe in it. If you are using /bin/sh in an alpine image or if your shell is symlinked to busybox then consider explicitly setting your SHELL to /bin/ash, or disable this check';

export const DL4006 = hadolintRule('DL4006', 'Warning', 'Set the SHELL option -o pipefail before RUN with a pipe in it', (context) => {
  const findings: Finding[] = [];
  for (const run of runInstructions(context.dockerfile)) {
    if (run.pipefail || run.instruction.jsonForm !== null) continue;
    for (const script of run.scripts) {
      const pipeline = unguardedPipe(script);
      if (pipeline === null) continue;
      findings.push(report(DL4006, pipeline.range, DL4006_MESSAGE));
      break; // once per RUN, as hadolint
    }
  }
  return findings;
});
