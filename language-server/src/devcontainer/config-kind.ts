/**
 * What a devcontainer.json builds its container from. The spec allows exactly one of an image, a
 * Dockerfile (build.dockerfile, or the older top-level dockerFile) and Docker Compose
 * (dockerComposeFile); a Hutch VM (customizations.hutch.vm) needs none of them.
 */
import { propertyOf, valueAt, type JsonNode } from './document';
import type { ConfigKind } from './schema';

export interface ContainerSource {
  kind: Exclude<ConfigKind, 'none'>;
  /** The key that names it: image, build (for build.dockerfile), dockerFile, dockerComposeFile. */
  key: JsonNode;
  /** How messages name it. */
  label: string;
}

/** Every source the config names, in the order configKindOf prefers them. */
export function containerSources(root: JsonNode | undefined): ContainerSource[] {
  const sources: ContainerSource[] = [];
  const compose = propertyOf(root, 'dockerComposeFile');
  if (compose) sources.push({ kind: 'compose', key: compose.key, label: 'dockerComposeFile' });
  const build = propertyOf(root, 'build');
  const dockerfile = propertyOf(build?.value, 'dockerfile');
  if (dockerfile) sources.push({ kind: 'dockerfile', key: dockerfile.key, label: 'build.dockerfile' });
  const legacy = propertyOf(root, 'dockerFile');
  if (legacy) sources.push({ kind: 'legacyDockerfile', key: legacy.key, label: 'dockerFile' });
  const image = propertyOf(root, 'image');
  if (image) sources.push({ kind: 'image', key: image.key, label: 'image' });
  return sources;
}

export function configKindOf(root: JsonNode | undefined): ConfigKind {
  return containerSources(root)[0]?.kind ?? 'none';
}

export function hasHutchVm(root: JsonNode | undefined): boolean {
  return valueAt(root, 'customizations', 'hutch', 'vm') !== undefined;
}
