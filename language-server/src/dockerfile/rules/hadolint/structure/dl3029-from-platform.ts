/**
 * hadolint's DL3029: FROM --platform pins the base image's platform, so the image no longer
 * builds for the platform asked for (`docker build --platform`). An empty value sets nothing.
 */
import type { Finding } from '../../../../findings';
import type { Dockerfile } from '../../../ast';
import { report } from '../../rule-definition';
import { hadolintRule } from './hadolint-rule';

export const DL3029 = hadolintRule('DL3029', 'Warning', 'Do not use --platform flag with FROM', ({ dockerfile }) => fromPlatform(dockerfile));

export function fromPlatform(dockerfile: Dockerfile): Finding[] {
  const findings: Finding[] = [];
  for (const stage of dockerfile.stages) {
    const flag = stage.from.flags.find((f) => f.name.toLowerCase() === 'platform');
    if (flag && (flag.value ?? '') !== '') findings.push(report(DL3029, flag.range, 'Do not use --platform flag with FROM'));
  }
  return findings;
}
