/**
 * hadolint's DL rules that need no shell semantics (those that read RUN's commands live in
 * ../run/), by their DL ids, with hadolint's messages, wiki pages and default severities;
 * hadolint's "Ignore" rules (DL1001, DL3057, DL3063) are opt-in. DL3026 (trusted registries)
 * is not here: it needs the config's `trustedRegistries`, and the lint engine runs it
 * (../../../trusted-registries.ts). The label-schema rules (DL3051-DL3056, DL3058) need the
 * config's `label-schema` and are built from it by labelSchemaRules (label-schema.ts).
 */
import type { DockerfileRule } from '../../types';
import { DL1001 } from './dl1001-inline-ignore-pragma';
import { DL3000 } from './dl3000-absolute-workdir';
import { DL3002 } from './dl3002-last-user-root';
import { DL3006 } from './dl3006-untagged-image';
import { DL3007 } from './dl3007-latest-tag';
import { DL3011 } from './dl3011-port-range';
import { DL3012 } from './dl3012-multiple-healthchecks';
import { DL3020 } from './dl3020-add-for-files';
import { DL3021 } from './dl3021-copy-destination-slash';
import { DL3022 } from './dl3022-copy-from-alias';
import { DL3023 } from './dl3023-copy-from-own-stage';
import { DL3024 } from './dl3024-unique-stage-names';
import { DL3025 } from './dl3025-json-cmd-entrypoint';
import { DL3029 } from './dl3029-from-platform';
import { DL3043 } from './dl3043-onbuild-trigger';
import { DL3044 } from './dl3044-env-self-reference';
import { DL3045 } from './dl3045-copy-relative-destination';
import { DL3048 } from './dl3048-label-key';
import { DL3057 } from './dl3057-healthcheck-missing';
import { DL3061 } from './dl3061-instruction-order';
import { DL3063 } from './dl3063-user-missing';
import { DL3064 } from './dl3064-sensitive-arg-env';
import { DL3065 } from './dl3065-redundant-target-platform';
import { DL3066 } from './dl3066-numeric-user';
import { DL3067 } from './dl3067-copy-whole-filesystem';
import { DL4000 } from './dl4000-maintainer';
import { DL4003 } from './dl4003-multiple-cmds';
import { DL4004 } from './dl4004-multiple-entrypoints';
import { LABEL_TYPE_CHECKS } from './label-type-checks';

export const HADOLINT_STRUCTURE_RULES: readonly DockerfileRule[] = [
  DL1001,
  DL3000,
  DL3002,
  DL3006,
  DL3007,
  DL3011,
  DL3012,
  DL3020,
  DL3021,
  DL3022,
  DL3023,
  DL3024,
  DL3025,
  DL3029,
  DL3043,
  DL3044,
  DL3045,
  DL3048,
  DL3057,
  DL3061,
  DL3063,
  DL3064,
  DL3065,
  DL3066,
  DL3067,
  DL4000,
  DL4003,
  DL4004,
];

export { labelSchemaRules, type LabelSchema, type LabelType } from './label-schema';
/** The label-schema rules' ids, descriptions and docs (for the rules table), without a schema. */
export const HADOLINT_LABEL_SCHEMA_RULES = LABEL_TYPE_CHECKS.map((check) => check.info);
