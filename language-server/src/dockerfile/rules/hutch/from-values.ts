/**
 * What a FROM line must expand to, with the global ARGs (dockerfile2llb buildDispatchStates):
 *
 * - empty-base-name: an image that expands to nothing ("base name ($IMAGE) should not be blank");
 * - invalid-platform: a --platform value that expands to nothing or is no platform
 *   ("failed to parse platform linux/${MYARCH}: ..."), with BuildKit's did-you-mean for an
 *   undeclared variable.
 */
import type { Finding } from '../../../findings';
import { buildModel } from '../build-model';
import { instructionRange, onFirstLine } from '../finding-ranges';
import { parsePlatform } from '../platform';
import { hutchRule, report } from '../rule-definition';
import { closestOption } from '../suggestion';
import type { DockerfileRuleContext } from '../types';

export const EMPTY_BASE_NAME = hutchRule('empty-base-name', 'A FROM image that expands to nothing', (context) => emptyBaseName(context));
export const INVALID_PLATFORM = hutchRule('invalid-platform', 'A FROM --platform value that is not a platform', (context) => invalidPlatform(context));

export function emptyBaseName(context: DockerfileRuleContext): Finding[] {
  return buildModel(context)
    .stages.filter((stage) => stage.baseNameText !== '' && stage.baseName.error === null && stage.baseName.result === '')
    .map((stage) => report(EMPTY_BASE_NAME, instructionRange(context.dockerfile, stage.stage.from), `base name (${stage.baseNameText}) should not be blank`));
}

export function invalidPlatform(context: DockerfileRuleContext): Finding[] {
  const model = buildModel(context);
  const findings: Finding[] = [];
  for (const stage of model.stages) {
    const platform = stage.platform;
    const text = stage.platformText;
    if (platform === null || text === null || text === '' || platform.error !== null) continue;
    const parsed = platform.result === '' ? null : parsePlatform(platform.result);
    if (parsed !== null && parsed.error === null) continue;
    let suggestion: string | null = null;
    for (const name of platform.unmatched) {
      suggestion = closestOption(name, model.global.variables.keys(), true);
      if (suggestion !== null) break;
    }
    const hint = suggestion === null ? '' : ` (did you mean ${suggestion}?)`;
    const message = parsed === null ? `empty platform value from expression ${text}${hint}` : `failed to parse platform ${text}: ${parsed.error}${hint}`;
    const flag = stage.stage.from.flags.find((f) => f.name === 'platform');
    findings.push(report(INVALID_PLATFORM, onFirstLine(context.dockerfile, stage.stage.from, flag?.range), message));
  }
  return findings;
}
