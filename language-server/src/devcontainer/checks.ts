/**
 * The checks no schema can express, run after schema validation on any config that parsed to an
 * object. Each concern has its module; this one holds what the container is made from
 * (conflicting-keys, missing-image-source) and runs the rest.
 */
import { containerSources, hasHutchVm } from './config-kind';
import { propertyOf, type DevcontainerDocument } from './document';
import { checkLifecycleCommands } from './lifecycle';
import { checkMounts } from './mounts';
import { checkPorts } from './ports';
import { checkReferences, type FileAccess } from './references';
import type { FindingSink } from './rules';
import { checkVariables } from './variables';
import { checkHutchVm } from './vm';

export interface SemanticCheckContext {
  document: DevcontainerDocument;
  /** Absolute path of the devcontainer.json (or a URI for an unsaved document). */
  configPath: string;
  files: FileAccess;
  sink: FindingSink;
}

/** One entry per concern, so a failing check names itself (see index.ts). */
export const SEMANTIC_CHECKS: ReadonlyArray<{ name: string; run(context: SemanticCheckContext): void }> = [
  { name: 'container source', run: ({ document, sink }) => checkContainerSource(document, sink) },
  { name: 'referenced files', run: ({ document, configPath, files, sink }) => checkReferences(document, configPath, files, sink) },
  { name: 'ports', run: ({ document, sink }) => checkPorts(document, sink) },
  { name: 'lifecycle commands', run: ({ document, sink }) => checkLifecycleCommands(document, sink) },
  { name: 'mounts', run: ({ document, sink }) => checkMounts(document, sink) },
  { name: 'variables', run: ({ document, sink }) => checkVariables(document, sink) },
  { name: 'customizations.hutch.vm', run: ({ document, configPath, files, sink }) => checkHutchVm(document, configPath, files, sink) },
];

/**
 * A dev container comes from exactly one of an image, a Dockerfile or Docker Compose (the
 * spec's schema: oneOf imageContainer / dockerfileContainer / composeContainer). With several,
 * the devcontainers CLI silently uses the first of compose, Dockerfile, image; we say so.
 */
export function checkContainerSource(document: DevcontainerDocument, sink: FindingSink): void {
  const root = document.root;
  const sources = containerSources(root);
  const [chosen, ...others] = sources;
  for (const other of others) {
    sink.report('devcontainer/conflicting-keys', {
      offset: other.key.offset,
      length: other.key.length,
      message: `${other.label} conflicts with ${chosen!.label}: a dev container is made from one of image, build.dockerfile (or dockerFile) and dockerComposeFile; ${chosen!.label} is used and ${other.label} ignored`,
    });
  }
  const build = propertyOf(root, 'build');
  if (chosen?.kind === 'compose' && build && !others.some((o) => o.kind === 'dockerfile')) {
    sink.report('devcontainer/conflicting-keys', {
      offset: build.key.offset,
      length: build.key.length,
      message: 'build does nothing with dockerComposeFile: build the service\'s image in the compose file (services.<name>.build)',
    });
  }
  if (!chosen && root?.type === 'object' && !hasHutchVm(root)) {
    sink.report('devcontainer/missing-image-source', {
      offset: root.offset,
      length: 1,
      message: 'Nothing to run: set image, build.dockerfile or dockerComposeFile (or customizations.hutch.vm for a virtual machine)',
    });
  }
}
