/**
 * BuildKit's FromPlatformFlagConstDisallowed: `FROM --platform=linux/amd64` pins the platform
 * for every target platform, which is rarely meant; a variable ($BUILDPLATFORM) is. Allowed when
 * the stage's name mentions the platform's OS or architecture (`AS build_amd64`), which says the
 * pinning is deliberate.
 */
import type { Finding } from '../../../findings';
import { buildModel } from '../build-model';
import { onFirstLine } from '../finding-ranges';
import { goQuoted } from '../go-quote';
import { parsePlatform } from '../platform';
import { buildkitRule, report } from '../rule-definition';
import type { DockerfileRuleContext } from '../types';

export const FROM_PLATFORM_FLAG_CONST_DISALLOWED = buildkitRule(
  'FromPlatformFlagConstDisallowed',
  'FROM --platform flag should not use a constant value',
  (context) => fromPlatformFlagConstDisallowed(context),
);

export function fromPlatformFlagConstDisallowed(context: DockerfileRuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const stage of buildModel(context).stages) {
    const platform = stage.platform;
    if (platform === null || platform.matched.size > 0 || platform.unmatched.size > 0) continue;
    const parsed = parsePlatform(platform.result).platform;
    if (parsed === null) continue;
    const name = stage.name ?? '';
    if (name.includes(parsed.os) || name.includes(parsed.architecture)) continue;
    const flag = stage.stage.from.flags.find((f) => f.name === 'platform');
    findings.push(
      report(
        FROM_PLATFORM_FLAG_CONST_DISALLOWED,
        onFirstLine(context.dockerfile, stage.stage.from, flag?.range),
        `FROM --platform flag should not use constant value ${goQuoted(platform.result)}`,
      ),
    );
  }
  return findings;
}
