/**
 * BuildKit's JSONArgsRecommended: CMD and ENTRYPOINT in shell form run under `/bin/sh -c`, which
 * does not pass signals on to the program. Not reported once a SHELL instruction (in the stage
 * or a stage it builds on) has chosen the shell deliberately. A SHELL set by the base image
 * itself (some Windows images) is unknown offline, so such a file is reported where BuildKit
 * would not.
 */
import type { Finding } from '../../../findings';
import { buildModel } from '../build-model';
import { instructionRange } from '../finding-ranges';
import { buildkitRule, report } from '../rule-definition';
import type { DockerfileRuleContext } from '../types';

export const JSON_ARGS_RECOMMENDED = buildkitRule(
  'JSONArgsRecommended',
  'JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related to OS signals',
  (context) => jsonArgsRecommended(context),
);

export function jsonArgsRecommended(context: DockerfileRuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const stage of buildModel(context).stages) {
    for (const state of stage.instructions) {
      const { instruction } = state;
      if (instruction.name !== 'CMD' && instruction.name !== 'ENTRYPOINT') continue;
      if (instruction.jsonForm !== null || state.shellSet) continue;
      findings.push(
        report(
          JSON_ARGS_RECOMMENDED,
          instructionRange(context.dockerfile, instruction),
          `JSON arguments recommended for ${instruction.keyword} to prevent unintended behavior related to OS signals`,
        ),
      );
    }
  }
  return findings;
}
