/**
 * BuildKit's SecretsUsedInArgOrEnv: ARG and ENV values end up in the image's history and config,
 * so a name that says it holds a secret (a `_`-separated word such as password, token, secret,
 * key, auth, credentials) is reported, unless another word says it is not one (public, file,
 * version). Names are compared without case (dockerfile2llb validations.go, getSecretsRegex).
 * Only ARGs inside stages are looked at, as in BuildKit.
 */
import type { Finding } from '../../../findings';
import { buildModel } from '../build-model';
import { instructionRange } from '../finding-ranges';
import { goQuoted } from '../go-quote';
import { parseArgDefinitions } from '../key-value-arguments';
import { buildkitRule, report } from '../rule-definition';
import type { DockerfileRuleContext } from '../types';

export const SECRETS_USED_IN_ARG_OR_ENV = buildkitRule('SecretsUsedInArgOrEnv', 'Sensitive data should not be used in the ARG or ENV commands', (context) =>
  secretsUsedInArgOrEnv(context),
);

const SECRET_WORD = /(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)/i;
const NOT_SECRET_WORD = /(?:_|^)(?:public|file|version)(?:_|$)/i;

export function isSecretName(name: string): boolean {
  return SECRET_WORD.test(name) && !NOT_SECRET_WORD.test(name);
}

export function secretsUsedInArgOrEnv(context: DockerfileRuleContext): Finding[] {
  const model = buildModel(context);
  const findings: Finding[] = [];
  for (const stage of model.stages) {
    for (const state of stage.instructions) {
      const { instruction } = state;
      let names: string[] = [];
      if (instruction.name === 'ENV') names = state.words.filter((w) => w.role === 'env-key').map((w) => w.expansion.result);
      else if (instruction.name === 'ARG') names = parseArgDefinitions(instruction.argsText, model.escapeChar).definitions.map((d) => d.name);
      else continue;
      for (const name of names.filter(isSecretName)) {
        findings.push(
          report(
            SECRETS_USED_IN_ARG_OR_ENV,
            instructionRange(context.dockerfile, instruction),
            `Do not use ARG or ENV instructions for sensitive data (${instruction.name} ${goQuoted(name)})`,
          ),
        );
      }
    }
  }
  return findings;
}
