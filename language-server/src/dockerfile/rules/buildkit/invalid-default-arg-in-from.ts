/**
 * BuildKit's InvalidDefaultArgInFrom: with every ARG at its default (no --build-arg given), the
 * FROM image must still be a valid image reference; `ARG VERSION` + `FROM busybox:$VERSION`
 * builds only when VERSION is passed.
 */
import type { Finding } from '../../../findings';
import { buildModel } from '../build-model';
import { instructionRange } from '../finding-ranges';
import { imageReferenceError } from '../image-reference';
import { buildkitRule, report } from '../rule-definition';
import type { DockerfileRuleContext } from '../types';
import { expandWord } from '../variables/shell-expansion';

export const INVALID_DEFAULT_ARG_IN_FROM = buildkitRule(
  'InvalidDefaultArgInFrom',
  'Default value for global ARG results in an empty or invalid base image name',
  (context) => invalidDefaultArgInFrom(context),
);

export function invalidDefaultArgInFrom(context: DockerfileRuleContext): Finding[] {
  const model = buildModel(context);
  const findings: Finding[] = [];
  for (const stage of model.stages) {
    const expansion = expandWord(stage.baseNameText, model.global.defaultVariables, { escapeChar: model.escapeChar });
    // BuildKit gives up on the check at the first FROM it cannot expand.
    if (expansion.error !== null) break;
    if (imageReferenceError(expansion.result) === null) continue;
    findings.push(
      report(
        INVALID_DEFAULT_ARG_IN_FROM,
        instructionRange(context.dockerfile, stage.stage.from),
        `Default value for ARG ${stage.baseNameText} results in empty or invalid base image name`,
      ),
    );
  }
  return findings;
}
