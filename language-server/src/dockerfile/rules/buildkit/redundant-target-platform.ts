/**
 * BuildKit's RedundantTargetPlatform: `FROM --platform=$TARGETPLATFORM` asks for what FROM does
 * anyway. Reported when TARGETPLATFORM is the only variable in the value and the value is exactly
 * its value (so `${TARGETPLATFORM}` and `$TARGETPLATFORM` are, `linux/${TARGETARCH}` is not).
 */
import type { Finding } from '../../../findings';
import { buildModel } from '../build-model';
import { onFirstLine } from '../finding-ranges';
import { buildkitRule, report } from '../rule-definition';
import type { DockerfileRuleContext } from '../types';

export const REDUNDANT_TARGET_PLATFORM = buildkitRule(
  'RedundantTargetPlatform',
  'Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior',
  (context) => redundantTargetPlatform(context),
);

export function redundantTargetPlatform(context: DockerfileRuleContext): Finding[] {
  const model = buildModel(context);
  const findings: Finding[] = [];
  for (const stage of model.stages) {
    const platform = stage.platform;
    if (platform === null || stage.platformText === null) continue;
    if (platform.matched.size !== 1 || !platform.matched.has('TARGETPLATFORM') || platform.unmatched.size !== 0) continue;
    if (platform.result !== model.global.variables.get('TARGETPLATFORM')) continue;
    const flag = stage.stage.from.flags.find((f) => f.name === 'platform');
    const range = onFirstLine(context.dockerfile, stage.stage.from, flag?.range);
    const line = context.dockerfile.lines[range.end.line] ?? '';
    let end = range.end.character;
    while (end < line.length && /[\t ]/.test(line[end] ?? '')) end++;
    findings.push(
      report(REDUNDANT_TARGET_PLATFORM, range, `Setting platform to predefined ${stage.platformText} in FROM is redundant as this is the default behavior`, {
        title: 'Remove --platform',
        edits: flag ? [{ range: { start: flag.range.start, end: { line: range.end.line, character: end } }, newText: '' }] : [],
      }),
    );
  }
  return findings;
}
