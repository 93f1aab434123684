/**
 * Hutch's own Dockerfile checks: what BuildKit would reject when building, found before the
 * build (the messages are BuildKit's where it has one).
 */
import type { DockerfileRule } from '../types';
import { EMPTY_BASE_NAME, INVALID_PLATFORM } from './from-values';
import { DUPLICATE_FLAG, FLAG_MISSING_VALUE, FLAG_NOT_BOOLEAN, UNKNOWN_FLAG } from './instruction-flags';
import { INVALID_HEALTHCHECK } from './invalid-healthcheck';
import { INVALID_KEY_VALUE } from './invalid-key-value';
import { INVALID_ONBUILD_TRIGGER } from './invalid-onbuild-trigger';
import { INVALID_VARIABLE_SUBSTITUTION } from './invalid-variable-substitution';
import { MISSING_ARGUMENTS } from './missing-arguments';
import { INVALID_DIRECTIVE, JSON_ARRAY_NOT_STRINGS, LINE_TOO_LONG, UNTERMINATED_HEREDOC } from './parse-problems';
import { SHELL_NOT_JSON } from './shell-not-json';
import { CIRCULAR_STAGE_DEPENDENCY, COPY_FROM_LATER_STAGE, COPY_FROM_UNKNOWN_STAGE, COPY_FROM_VARIABLE, MOUNT_FROM_LATER_STAGE } from './stage-references';
import { INVALID_STAGE_NAME, NO_BUILD_STAGE, NO_STAGES } from './stage-structure';
import { UNKNOWN_INSTRUCTION } from './unknown-instruction';

export const HUTCH_RULES: readonly DockerfileRule[] = [
  INVALID_DIRECTIVE,
  LINE_TOO_LONG,
  UNTERMINATED_HEREDOC,
  JSON_ARRAY_NOT_STRINGS,
  UNKNOWN_INSTRUCTION,
  UNKNOWN_FLAG,
  FLAG_MISSING_VALUE,
  FLAG_NOT_BOOLEAN,
  DUPLICATE_FLAG,
  MISSING_ARGUMENTS,
  INVALID_KEY_VALUE,
  SHELL_NOT_JSON,
  INVALID_HEALTHCHECK,
  INVALID_ONBUILD_TRIGGER,
  NO_BUILD_STAGE,
  NO_STAGES,
  INVALID_STAGE_NAME,
  EMPTY_BASE_NAME,
  INVALID_PLATFORM,
  INVALID_VARIABLE_SUBSTITUTION,
  COPY_FROM_VARIABLE,
  COPY_FROM_UNKNOWN_STAGE,
  COPY_FROM_LATER_STAGE,
  MOUNT_FROM_LATER_STAGE,
  CIRCULAR_STAGE_DEPENDENCY,
];
