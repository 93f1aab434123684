/**
 * hadolint's DL3065: `FROM --platform=$TARGETPLATFORM` asks for what FROM does anyway. Only the
 * value written exactly `$TARGETPLATFORM` or `${TARGETPLATFORM}` is reported, as by hadolint.
 */
import type { Finding } from '../../../../findings';
import type { Dockerfile } from '../../../ast';
import { report } from '../../rule-definition';
import { hadolintRule } from './hadolint-rule';

const MESSAGE = 'Setting `FROM --platform` to predefined `$TARGETPLATFORM` in is redundant as this is the default behavior';

export const DL3065 = hadolintRule('DL3065', 'Warning', 'Setting FROM --platform to predefined $TARGETPLATFORM is redundant as this is the default behavior', ({ dockerfile }) =>
  redundantTargetPlatform(dockerfile),
);

export function redundantTargetPlatform(dockerfile: Dockerfile): Finding[] {
  const findings: Finding[] = [];
  for (const stage of dockerfile.stages) {
    const flag = stage.from.flags.find((f) => f.name.toLowerCase() === 'platform');
    if (flag && (flag.value === '$TARGETPLATFORM' || flag.value === '${TARGETPLATFORM}')) findings.push(report(DL3065, flag.range, MESSAGE));
  }
  return findings;
}
