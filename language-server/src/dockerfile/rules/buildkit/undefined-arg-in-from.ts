/**
 * BuildKit's UndefinedArgInFrom: a variable in a FROM line (image or --platform) that is neither
 * an ARG declared before the first FROM nor a predefined ARG such as TARGETPLATFORM.
 */
import type { Finding } from '../../../findings';
import { buildModel } from '../build-model';
import { variableRange } from '../finding-ranges';
import { buildkitRule, report } from '../rule-definition';
import { closestOption } from '../suggestion';
import type { DockerfileRuleContext } from '../types';

export const UNDEFINED_ARG_IN_FROM = buildkitRule('UndefinedArgInFrom', 'FROM command must use declared ARGs', (context) => undefinedArgInFrom(context));

export function undefinedArgInFrom(context: DockerfileRuleContext): Finding[] {
  const model = buildModel(context);
  const known = new Set([...model.global.declared, ...model.global.variables.keys()]);
  const findings: Finding[] = [];
  for (const stage of model.stages) {
    for (const expansion of [stage.baseName, stage.platform]) {
      for (const name of expansion?.unmatched ?? []) {
        if (known.has(name)) continue;
        const suggestion = closestOption(name, known, true);
        const message = `FROM argument '${name}' is not declared${suggestion === null ? '' : ` (did you mean ${suggestion}?)`}`;
        findings.push(report(UNDEFINED_ARG_IN_FROM, variableRange(context.dockerfile, stage.stage.from, name), message));
      }
    }
  }
  return findings;
}
