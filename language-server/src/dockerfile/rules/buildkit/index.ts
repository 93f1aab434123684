/**
 * BuildKit's build checks (`docker build --check`), by BuildKit's names, with its descriptions,
 * messages and documentation URLs (frontend/dockerfile/linter/ruleset.go). InvalidBaseImagePlatform
 * is left out: it compares the platform of the image pulled from the registry with the target
 * platform, which needs the registry.
 */
import type { DockerfileRule } from '../types';
import { CONSISTENT_INSTRUCTION_CASING } from './consistent-instruction-casing';
import { COPY_IGNORED_FILE } from './copy-ignored-file';
import { DUPLICATE_STAGE_NAME } from './duplicate-stage-name';
import { EXPOSE_INVALID_FORMAT } from './expose-invalid-format';
import { EXPOSE_PROTO_CASING } from './expose-proto-casing';
import { FROM_AS_CASING } from './from-as-casing';
import { FROM_PLATFORM_FLAG_CONST_DISALLOWED } from './from-platform-flag-const-disallowed';
import { INVALID_DEFAULT_ARG_IN_FROM } from './invalid-default-arg-in-from';
import { INVALID_DEFINITION_DESCRIPTION } from './invalid-definition-description';
import { JSON_ARGS_RECOMMENDED } from './json-args-recommended';
import { LEGACY_KEY_VALUE_FORMAT } from './legacy-key-value-format';
import { MAINTAINER_DEPRECATED } from './maintainer-deprecated';
import { MULTIPLE_INSTRUCTIONS_DISALLOWED } from './multiple-instructions-disallowed';
import { NO_EMPTY_CONTINUATION } from './no-empty-continuation';
import { REDUNDANT_TARGET_PLATFORM } from './redundant-target-platform';
import { RESERVED_STAGE_NAME } from './reserved-stage-name';
import { SECRETS_USED_IN_ARG_OR_ENV } from './secrets-used-in-arg-or-env';
import { STAGE_NAME_CASING } from './stage-name-casing';
import { UNDEFINED_ARG_IN_FROM } from './undefined-arg-in-from';
import { UNDEFINED_VAR } from './undefined-var';
import { WORKDIR_RELATIVE_PATH } from './workdir-relative-path';

export const BUILDKIT_RULES: readonly DockerfileRule[] = [
  STAGE_NAME_CASING,
  FROM_AS_CASING,
  NO_EMPTY_CONTINUATION,
  CONSISTENT_INSTRUCTION_CASING,
  DUPLICATE_STAGE_NAME,
  RESERVED_STAGE_NAME,
  JSON_ARGS_RECOMMENDED,
  MAINTAINER_DEPRECATED,
  UNDEFINED_ARG_IN_FROM,
  WORKDIR_RELATIVE_PATH,
  UNDEFINED_VAR,
  MULTIPLE_INSTRUCTIONS_DISALLOWED,
  LEGACY_KEY_VALUE_FORMAT,
  REDUNDANT_TARGET_PLATFORM,
  SECRETS_USED_IN_ARG_OR_ENV,
  INVALID_DEFAULT_ARG_IN_FROM,
  FROM_PLATFORM_FLAG_CONST_DISALLOWED,
  COPY_IGNORED_FILE,
  EXPOSE_PROTO_CASING,
  EXPOSE_INVALID_FORMAT,
  INVALID_DEFINITION_DESCRIPTION,
];
