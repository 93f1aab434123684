/** hadolint's DL4004: a stage should have one ENTRYPOINT; only the last one takes effect. */
import type { Finding } from '../../../../findings';
import type { Dockerfile } from '../../../ast';
import { instructionRange } from '../../finding-ranges';
import { report } from '../../rule-definition';
import { hadolintRule } from './hadolint-rule';
import { repeatedInStage } from './repeated-instructions';

const MESSAGE = 'Multiple `ENTRYPOINT` instructions found. If you list more than one `ENTRYPOINT` then only the last `ENTRYPOINT` will take effect';

export const DL4004 = hadolintRule('DL4004', 'Error', 'Multiple ENTRYPOINT instructions found', ({ dockerfile }) => multipleEntrypoints(dockerfile));

export function multipleEntrypoints(dockerfile: Dockerfile): Finding[] {
  return repeatedInStage(dockerfile, 'ENTRYPOINT').map((instruction) => report(DL4004, instructionRange(dockerfile, instruction), MESSAGE));
}
