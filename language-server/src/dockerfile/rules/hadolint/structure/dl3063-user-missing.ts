/**
 * hadolint's DL3063 (Ignore: opt-in): the final stage sets no USER, so the image runs as its
 * base image's user, often root. hadolint's DL3063.hs checks this (the research note's "reserved
 * stage name" is BuildKit's ReservedStageName). Reported on the last FROM.
 */
import type { Finding } from '../../../../findings';
import type { Dockerfile } from '../../../ast';
import { report } from '../../rule-definition';
import { hadolintRule } from './hadolint-rule';

export const DL3063 = hadolintRule('DL3063', 'Ignore', 'A USER should be set after the last FROM', ({ dockerfile }) => finalStageWithoutUser(dockerfile));

export function finalStageWithoutUser(dockerfile: Dockerfile): Finding[] {
  const last = dockerfile.stages[dockerfile.stages.length - 1];
  if (!last || last.instructions.some((instruction) => instruction.name === 'USER')) return [];
  return [report(DL3063, last.from.keywordRange, 'A USER should be set after the last FROM')];
}
