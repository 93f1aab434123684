/**
 * BuildKit's UndefinedVar: a variable used where BuildKit expands it (ENV, LABEL, ARG defaults,
 * COPY/ADD, WORKDIR, USER, VOLUME, STOPSIGNAL, RUN --mount; not the commands of RUN, CMD and
 * ENTRYPOINT, which the shell expands) that is not defined at that point: not an ENV of the
 * stage or of the stages it builds on, not an ARG declared in the stage (a global ARG must be
 * declared again inside the stage). `${VAR:-default}` counts as a use, as in BuildKit. The
 * suggestion is the closest defined name, case-sensitive.
 *
 * Offline, a base image's own ENV is unknown (Hutch assumes PATH only, see
 * variables/predefined-args.ts): a variable only the base image defines is reported here and
 * not by BuildKit.
 */
import type { Finding } from '../../../findings';
import { buildModel } from '../build-model';
import { variableRange } from '../finding-ranges';
import { buildkitRule, report } from '../rule-definition';
import { NameIndex } from '../suggestion';
import type { DockerfileRuleContext } from '../types';
import { NON_ENVIRONMENT_ARGS } from '../variables/predefined-args';

export const UNDEFINED_VAR = buildkitRule('UndefinedVar', 'Variables should be defined before their use', (context) => undefinedVar(context));

export function undefinedVar(context: DockerfileRuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const stage of buildModel(context).stages) {
    // Suggestions come from the variables defined at the use; indexing the stage's final
    // variables once and filtering keeps long files linear.
    let index: NameIndex | null = null;
    for (const state of stage.instructions) {
      for (const word of state.words) {
        if (!word.reportsUndefined) continue;
        for (const name of word.expansion.unmatched) {
          if (word.declaredArgs.has(name) || NON_ENVIRONMENT_ARGS.has(name)) continue;
          index ??= new NameIndex(stage.final.variables.keys());
          const suggestion = index.closest(name, (key) => word.variables.has(key));
          const message = `Usage of undefined variable '$${name}'${suggestion === null ? '' : ` (did you mean $${suggestion}?)`}`;
          findings.push(report(UNDEFINED_VAR, variableRange(context.dockerfile, state.instruction, name), message));
        }
      }
    }
  }
  return findings;
}
