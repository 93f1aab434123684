/**
 * BuildKit's WorkdirRelativePath: a relative WORKDIR before any WORKDIR of the build (this stage
 * or the stages it builds on) resolves against the base image's working directory, which can
 * change under you. Only the first WORKDIR of a stage is looked at: fixing it fixes the rest.
 *
 * BuildKit decides what is absolute by the stage's platform, which needs the base image.
 * Offline, a path with a drive letter (`C:\app`) or a leading backslash also counts as
 * absolute: it can only be meant for a Windows image.
 */
import type { Finding } from '../../../findings';
import { buildModel } from '../build-model';
import { argumentRange } from '../finding-ranges';
import { goQuoted } from '../go-quote';
import { buildkitRule, report } from '../rule-definition';
import type { DockerfileRuleContext } from '../types';

export const WORKDIR_RELATIVE_PATH = buildkitRule(
  'WorkdirRelativePath',
  'Relative workdir without an absolute workdir declared within the build can have unexpected results if the base image changes',
  (context) => workdirRelativePath(context),
);

function isAbsolute(path: string): boolean {
  return path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(path);
}

export function workdirRelativePath(context: DockerfileRuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const stage of buildModel(context).stages) {
    for (const state of stage.instructions) {
      if (state.instruction.name !== 'WORKDIR' || state.workdirSet) continue;
      const word = state.words.find((w) => w.role === 'workdir');
      const path = word?.expansion.result ?? '';
      if (word === undefined || isAbsolute(path)) continue;
      findings.push(
        report(
          WORKDIR_RELATIVE_PATH,
          argumentRange(context.dockerfile, state.instruction, word.text),
          `Relative workdir ${goQuoted(path)} can have unexpected results if the base image changes`,
        ),
      );
    }
  }
  return findings;
}
