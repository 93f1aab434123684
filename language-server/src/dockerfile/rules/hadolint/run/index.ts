/**
 * hadolint's DL rules that read the commands of RUN instructions, through the shell parser of
 * ../../../shell: ids, severities, messages and wiki links as hadolint has them. DL3010 (use
 * ADD to extract archives) is not here: it needs COPY and RUN together.
 */
import type { DockerfileRule } from '../../types';
import { DL3018, DL3019 } from './apk';
import { DL3008, DL3009, DL3014, DL3015, DL3027 } from './apt';
import { DL3001, DL3003, DL3004, DL3046, DL4005 } from './commands';
import { DL3047, DL4001 } from './downloads';
import { DL3016, DL3060 } from './node';
import { DL3028, DL3062 } from './package-pins';
import { DL3013, DL3042 } from './pip';
import { DL3030, DL3032, DL3033, DL3038, DL3040, DL3041 } from './rpm';
import { DL3059, DL4006 } from './run-instructions';
import { DL3034, DL3035, DL3036, DL3037 } from './zypper';

export const HADOLINT_RUN_RULES: readonly DockerfileRule[] = [
  DL3001, DL3003, DL3004, DL3008, DL3009, DL3013, DL3014, DL3015, DL3016, DL3018, DL3019, DL3027, DL3028,
  DL3030, DL3032, DL3033, DL3034, DL3035, DL3036, DL3037, DL3038, DL3040, DL3041, DL3042, DL3046, DL3047,
  DL3059, DL3060, DL3062, DL4001, DL4005, DL4006,
];
