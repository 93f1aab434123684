/**
 * invalid-variable-substitution: a `${...}` BuildKit cannot expand (bad substitution, missing
 * `}`, an unsupported modifier such as `${VAR:#x}`, or `${VAR:?message}` with VAR unset), in the
 * words it expands: FROM lines, ARG defaults, ENV, LABEL, COPY, ADD, WORKDIR, USER, VOLUME ...
 */
import type { Finding } from '../../../findings';
import { buildModel } from '../build-model';
import { instructionRange } from '../finding-ranges';
import { parseArgDefinitions } from '../key-value-arguments';
import { hutchRule, report } from '../rule-definition';
import type { DockerfileRuleContext } from '../types';
import { expandWord } from '../variables/shell-expansion';

export const INVALID_VARIABLE_SUBSTITUTION = hutchRule('invalid-variable-substitution', 'A variable substitution the builder cannot expand', (context) =>
  invalidVariableSubstitution(context),
);

export function invalidVariableSubstitution(context: DockerfileRuleContext): Finding[] {
  const { dockerfile } = context;
  const model = buildModel(context);
  const findings: Finding[] = [];
  for (const instruction of dockerfile.globalArgs) {
    for (const definition of parseArgDefinitions(instruction.argsText, dockerfile.escapeChar).definitions) {
      if (definition.defaultValue === null) continue;
      const error = expandWord(definition.defaultValue, model.global.variables, { escapeChar: dockerfile.escapeChar }).error;
      if (error !== null) findings.push(report(INVALID_VARIABLE_SUBSTITUTION, instructionRange(dockerfile, instruction), error));
    }
  }
  for (const stage of model.stages) {
    for (const expansion of [stage.baseName, stage.platform]) {
      if (expansion?.error) findings.push(report(INVALID_VARIABLE_SUBSTITUTION, instructionRange(dockerfile, stage.stage.from), expansion.error));
    }
    for (const state of stage.instructions) {
      for (const word of state.words) {
        if (word.expansion.error !== null) findings.push(report(INVALID_VARIABLE_SUBSTITUTION, instructionRange(dockerfile, state.instruction), word.expansion.error));
      }
    }
  }
  return findings;
}
