/**
 * The files a devcontainer.json names, checked against the disk: the Dockerfile, the build
 * context and the compose files exist (paths relative to the devcontainer.json, spec:
 * devcontainerjson-reference.md), build.target is a stage of that Dockerfile, build.args are
 * ARGs of it, and service / runServices are services of the compose files.
 *
 * The disk is reached only through FileAccess, so the editor can answer from its open documents
 * and its cache, and tests from a table.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseDocument } from 'yaml';

import { parseDockerfile } from '../dockerfile/parser';
import type { Dockerfile } from '../dockerfile/ast';
import { elementsOf, propertyOf, stringValue, valueAt, propertiesOf, type DevcontainerDocument, type JsonNode } from './document';
import type { FindingSink } from './rules';
import { closestName } from './suggest';

export interface FileAccess {
  /** The file's text, or null when it cannot be read. */
  readFile(absolutePath: string): string | null;
  /** Whether a file or folder exists at the path. */
  exists(absolutePath: string): boolean;
}

/** The folder the tools open for a config, by where the spec's discovery finds it:
 * <ws>/.devcontainer/devcontainer.json, <ws>/.devcontainer.json, <ws>/.devcontainer/<name>/devcontainer.json. */
export function localWorkspaceFolder(configPath: string): string {
  const folder = dirname(configPath);
  if (baseName(folder) === '.devcontainer') return dirname(folder);
  if (baseName(dirname(folder)) === '.devcontainer') return dirname(dirname(folder));
  return folder;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * A path the config gives, resolved against base, with ${localWorkspaceFolder} and
 * ${localWorkspaceFolderBasename} filled in; null when another variable leaves it unknown.
 */
export function resolveConfigPath(configPath: string, base: string, written: string): string | null {
  const workspace = localWorkspaceFolder(configPath);
  const text = written
    .replace(/\$\{localWorkspaceFolder\}/g, workspace)
    .replace(/\$\{localWorkspaceFolderBasename\}/g, baseName(workspace));
  if (text.includes('${')) return null;
  return resolve(base, text);
}

/** BuildKit's predefined build arguments: usable without an ARG (and not reported as unused). */
const PREDEFINED_ARGS = new Set([
  'HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy', 'SOURCE_DATE_EPOCH',
]);

export function checkReferences(document: DevcontainerDocument, configPath: string, files: FileAccess, sink: FindingSink): void {
  // An unsaved document has a URI, not a path: nothing can be looked up relative to it.
  if (!isAbsolute(configPath)) return;
  const root = document.root;
  const configFolder = dirname(configPath);
  const at = (node: JsonNode) => ({ offset: node.offset, length: node.length });

  // The Dockerfile: build.dockerfile, or the older dockerFile; the context likewise.
  const dockerfileNode = valueAt(root, 'build', 'dockerfile') ?? valueAt(root, 'dockerFile');
  const contextNode = valueAt(root, 'build', 'context') ?? (propertyOf(root, 'dockerFile') ? valueAt(root, 'context') : undefined);
  let dockerfile: Dockerfile | null = null;
  const dockerfileText = stringValue(dockerfileNode);
  if (dockerfileNode && dockerfileText !== undefined) {
    const path = resolveConfigPath(configPath, configFolder, dockerfileText);
    if (path !== null) {
      const text = files.readFile(path);
      if (text !== null) dockerfile = parseDockerfile(text);
      else if (!files.exists(path)) {
        sink.report('devcontainer/dockerfile-not-found', {
          ...at(dockerfileNode),
          message: `Dockerfile ${JSON.stringify(dockerfileText)} not found (${path}); the path is relative to the devcontainer.json`,
        });
      }
    }
  }
  const contextText = stringValue(contextNode);
  if (contextNode && contextText !== undefined && contextText !== '') {
    const path = resolveConfigPath(configPath, configFolder, contextText);
    if (path !== null && !files.exists(path)) {
      sink.report('devcontainer/context-not-found', {
        ...at(contextNode),
        message: `Build context ${JSON.stringify(contextText)} not found (${path}); the path is relative to the devcontainer.json`,
      });
    }
  }
  if (dockerfile) checkAgainstDockerfile(document, dockerfile, sink);

  // Compose files; the services are checked only when every file could be read.
  const composeNode = valueAt(root, 'dockerComposeFile');
  const composeNodes = composeNode?.type === 'array' ? elementsOf(composeNode) : composeNode ? [composeNode] : [];
  const services = new Set<string>();
  let servicesKnown = composeNodes.length > 0;
  for (const node of composeNodes) {
    const written = stringValue(node);
    if (written === undefined) {
      servicesKnown = false;
      continue;
    }
    const path = resolveConfigPath(configPath, configFolder, written);
    if (path === null) {
      servicesKnown = false;
      continue;
    }
    const text = files.readFile(path);
    if (text === null) {
      servicesKnown = false;
      if (!files.exists(path)) {
        sink.report('devcontainer/compose-file-not-found', {
          ...at(node),
          message: `Compose file ${JSON.stringify(written)} not found (${path}); the path is relative to the devcontainer.json`,
        });
      }
      continue;
    }
    const defined = composeServices(text);
    if (defined === null) servicesKnown = false;
    else for (const name of defined) services.add(name);
  }
  if (servicesKnown) checkServices(root, services, sink);
}

function checkAgainstDockerfile(document: DevcontainerDocument, dockerfile: Dockerfile, sink: FindingSink): void {
  const root = document.root;
  const targetNode = valueAt(root, 'build', 'target');
  const target = stringValue(targetNode);
  if (targetNode && target !== undefined && !target.includes('${')) {
    const stages = dockerfile.stages.map((s) => s.name).filter((n): n is string => n !== null);
    // BuildKit compares stage names case-insensitively (dispatchStates.findStateByName).
    if (!stages.some((s) => s.toLowerCase() === target.toLowerCase())) {
      const suggestion = closestName(target, stages);
      const known = stages.length === 0 ? 'the Dockerfile names no stage (FROM ... AS name)' : `its stages are ${stages.map((s) => JSON.stringify(s)).join(', ')}`;
      sink.report('devcontainer/unknown-build-target', {
        offset: targetNode.offset,
        length: targetNode.length,
        message: `build.target ${JSON.stringify(target)} is not a stage of the Dockerfile: ${known}${suggestion ? `; did you mean ${JSON.stringify(suggestion)}?` : ''}`,
        ...(suggestion
          ? { fix: { title: `Use stage ${JSON.stringify(suggestion)}`, edits: [{ offset: targetNode.offset, length: targetNode.length, newText: JSON.stringify(suggestion) }] } }
          : {}),
      });
    }
  }

  const declared = new Set<string>();
  for (const instruction of dockerfile.instructions) {
    if (instruction.name !== 'ARG') continue;
    for (const argument of instruction.args) declared.add(argument.value.split('=')[0]!);
  }
  for (const property of propertiesOf(valueAt(root, 'build', 'args'))) {
    if (declared.has(property.name) || PREDEFINED_ARGS.has(property.name) || property.name.startsWith('BUILDKIT_')) continue;
    const suggestion = closestName(property.name, declared);
    sink.report('devcontainer/unused-build-arg', {
      offset: property.key.offset,
      length: property.key.length,
      message: `build.args ${JSON.stringify(property.name)} is not an ARG of the Dockerfile, so the build ignores it${suggestion ? `; did you mean ${JSON.stringify(suggestion)}?` : ''}`,
    });
  }
}

/** The services a compose file defines, or null when it cannot tell (unparsable, or it pulls
 * services from elsewhere with `include`). */
export function composeServices(text: string): string[] | null {
  let parsed: unknown;
  try {
    // Compose's own tags (!reset, !override) are unknown to a YAML library; they only change
    // values, never which services exist, so their warnings are dropped (no stderr noise).
    const yaml = parseDocument(text, { merge: true, prettyErrors: false, logLevel: 'silent' });
    if (yaml.errors.length > 0) return null;
    parsed = yaml.toJS({ maxAliasCount: 1000 });
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const file = parsed as Record<string, unknown>;
  if (file.include !== undefined) return null;
  const services = file.services;
  if (services === undefined || services === null) return [];
  if (typeof services !== 'object' || Array.isArray(services)) return null;
  return Object.keys(services);
}

function checkServices(root: JsonNode | undefined, services: ReadonlySet<string>, sink: FindingSink): void {
  const known = [...services].map((s) => JSON.stringify(s)).join(', ') || 'none';
  const check = (node: JsonNode, label: string): void => {
    const name = stringValue(node);
    if (name === undefined || services.has(name) || name.includes('${')) return;
    const suggestion = closestName(name, services);
    sink.report('devcontainer/unknown-compose-service', {
      offset: node.offset,
      length: node.length,
      message: `${label} ${JSON.stringify(name)} is not a service of the compose files (services: ${known})${suggestion ? `; did you mean ${JSON.stringify(suggestion)}?` : ''}`,
    });
  };
  const service = valueAt(root, 'service');
  if (service) check(service, 'service');
  for (const element of elementsOf(valueAt(root, 'runServices'))) check(element, 'runServices entry');
}
