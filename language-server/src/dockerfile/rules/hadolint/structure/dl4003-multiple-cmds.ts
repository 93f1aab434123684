/** hadolint's DL4003: a stage should have one CMD; only the last one takes effect. */
import type { Finding } from '../../../../findings';
import type { Dockerfile } from '../../../ast';
import { instructionRange } from '../../finding-ranges';
import { report } from '../../rule-definition';
import { hadolintRule } from './hadolint-rule';
import { repeatedInStage } from './repeated-instructions';

const MESSAGE = 'Multiple `CMD` instructions found. If you list more than one `CMD` then only the last `CMD` will take effect';

export const DL4003 = hadolintRule('DL4003', 'Warning', 'Multiple CMD instructions found', ({ dockerfile }) => multipleCmds(dockerfile));

export function multipleCmds(dockerfile: Dockerfile): Finding[] {
  return repeatedInStage(dockerfile, 'CMD').map((instruction) => report(DL4003, instructionRange(dockerfile, instruction), MESSAGE));
}
