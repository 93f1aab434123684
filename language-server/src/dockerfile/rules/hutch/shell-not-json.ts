/** shell-not-json: SHELL takes only the exec (JSON array) form: `SHELL ["/bin/bash", "-c"]`. */
import type { Finding } from '../../../findings';
import type { Dockerfile } from '../../ast';
import { instructionRange } from '../finding-ranges';
import { instructionsWithTriggers } from '../instruction-grammar';
import { hutchRule, report } from '../rule-definition';

export const SHELL_NOT_JSON = hutchRule('shell-not-json', 'SHELL written in shell form rather than as a JSON array', ({ dockerfile }) => shellNotJson(dockerfile));

export function shellNotJson(dockerfile: Dockerfile): Finding[] {
  return instructionsWithTriggers(dockerfile)
    .filter((i) => i.name === 'SHELL' && i.jsonForm === null && i.argsText.trim() !== '' && !dockerfile.problems.some((p) => p.id === 'json-array-not-strings' && p.range.start.line === i.startLine))
    .map((i) => report(SHELL_NOT_JSON, instructionRange(dockerfile, i), 'SHELL requires the arguments to be in JSON form'));
}
