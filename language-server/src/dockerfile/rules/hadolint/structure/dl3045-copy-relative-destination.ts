/**
 * hadolint's DL3045: COPY to a relative destination lands in whatever WORKDIR the base image
 * set, unless the stage (or a stage it builds FROM) set one. Absolute paths (also Windows
 * `C:\`, `C:/`) and destinations starting with a variable are not reported.
 */
import type { Finding } from '../../../../findings';
import { buildModel } from '../../build-model';
import { report } from '../../rule-definition';
import type { DockerfileRuleContext } from '../../types';
import { copyWords } from './copy-words';
import { dropQuotes, hadolintRule } from './hadolint-rule';

export const DL3045 = hadolintRule('DL3045', 'Warning', 'COPY to a relative destination without WORKDIR set', (context) => relativeCopyWithoutWorkdir(context));

export function isAbsoluteDestination(destination: string): boolean {
  const path = dropQuotes(destination);
  return path.startsWith('/') || path.startsWith('$') || /^.:[\\/]/.test(path);
}

export function relativeCopyWithoutWorkdir(context: DockerfileRuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const stage of buildModel(context).stages) {
    for (const state of stage.instructions) {
      if (state.instruction.name !== 'COPY' || state.workdirSet) continue;
      const words = copyWords(state.instruction);
      if (!words || isAbsoluteDestination(words.destination.value)) continue;
      findings.push(report(DL3045, words.destination.range, '`COPY` to a relative destination without `WORKDIR` set.'));
    }
  }
  return findings;
}
