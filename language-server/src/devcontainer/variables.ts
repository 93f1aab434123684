/**
 * `${...}` variables in devcontainer.json string values (spec: devcontainerjson-reference.md,
 * "Variables in devcontainer.json"), as the devcontainers CLI resolves them
 * (src/spec-common/variableSubstitution.ts): the first `}` ends a reference, the text inside is
 * split at every `:` into a name and arguments, names are case-sensitive, and an unknown name
 * is left in the value as written.
 */
import { describePath, type DevcontainerDocument, type JsonNode } from './document';
import type { FindingSink } from './rules';
import { closestName } from './suggest';

export type VariableArguments = 'none' | 'name-and-default' | 'any';

export interface VariableInfo {
  name: string;
  arguments: VariableArguments;
  /** How it is written, for completion and hover. */
  usage: string;
  description: string;
}

export const VARIABLES: readonly VariableInfo[] = [
  {
    name: 'localEnv',
    arguments: 'name-and-default',
    usage: '${localEnv:NAME}',
    description: 'An environment variable of the host (`${localEnv:NAME:default}` gives a default). An unset variable is empty.',
  },
  {
    name: 'containerEnv',
    arguments: 'name-and-default',
    usage: '${containerEnv:NAME}',
    description:
      'An environment variable inside the running container, such as `${containerEnv:PATH}`. Only resolved once the container exists: ' +
      'in remoteEnv and in the lifecycle commands that run in the container.',
  },
  { name: 'localWorkspaceFolder', arguments: 'none', usage: '${localWorkspaceFolder}', description: 'The path of the project folder on the host.' },
  { name: 'localWorkspaceFolderBasename', arguments: 'none', usage: '${localWorkspaceFolderBasename}', description: 'The name of the project folder on the host.' },
  { name: 'containerWorkspaceFolder', arguments: 'none', usage: '${containerWorkspaceFolder}', description: 'The path of the project folder in the container (workspaceFolder).' },
  { name: 'containerWorkspaceFolderBasename', arguments: 'none', usage: '${containerWorkspaceFolderBasename}', description: 'The name of the project folder in the container.' },
  {
    name: 'devcontainerId',
    arguments: 'none',
    usage: '${devcontainerId}',
    description: 'An id that stays the same for this dev container across rebuilds and differs between dev containers, e.g. for volume names.',
  },
  { name: 'env', arguments: 'name-and-default', usage: '${env:NAME}', description: 'The older spelling of `${localEnv:NAME}`.' },
  { name: 'localHomeFolder', arguments: 'any', usage: '${localHomeFolder}', description: 'The home folder of the host user (a devcontainers CLI addition, not in the spec).' },
  {
    name: 'templateOption',
    arguments: 'any',
    usage: '${templateOption:NAME}',
    description: 'A Dev Container Template option, replaced when the template is applied (devcontainer-templates.md).',
  },
];

const BY_NAME = new Map(VARIABLES.map((v) => [v.name, v]));
/** Names a misspelling in a shell command is compared with: long, camelCase, so that shell
 * variables ($HOME, ${ENV}) are never taken for typos. */
const TYPO_CANDIDATES = VARIABLES.filter((v) => v.name.length >= 8).map((v) => v.name);

export interface VariableReference {
  /** Offset of `$` in the document. */
  offset: number;
  length: number;
  /** The whole reference as the value holds it, e.g. `${localEnv:HOME}`. */
  text: string;
  name: string;
  args: string[];
  /** false for `${name` with no closing brace. */
  terminated: boolean;
}

/** Every `${...}` in a string node, with document offsets. `$${` is skipped: compose files and
 * shells use `$$` to escape a dollar, and such text is not meant as a reference. */
export function variableReferences(document: DevcontainerDocument, node: JsonNode): VariableReference[] {
  if (node.type !== 'string') return [];
  const start = node.offset + 1;
  const raw = document.text.slice(start, node.offset + node.length - 1);
  const found: VariableReference[] = [];
  const pattern = /\$\{([^}]*)(\}?)/g;
  for (let match = pattern.exec(raw); match; match = pattern.exec(raw)) {
    if (match.index > 0 && raw[match.index - 1] === '$') continue;
    const terminated = match[2] === '}';
    const inner = decode(match[1]!);
    // An unterminated `${` runs to the end of the value; keep only the word after it.
    const body = terminated ? inner : (/^[\w:.-]*/.exec(inner)?.[0] ?? '');
    const [name = '', ...args] = body.split(':');
    const length = terminated ? match[0].length : 2 + body.length;
    found.push({ offset: start + match.index, length, text: raw.slice(match.index, match.index + length), name, args, terminated });
    if (!terminated) pattern.lastIndex = match.index + 2;
  }
  return found;
}

function decode(raw: string): string {
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

export function variableInfo(name: string): VariableInfo | undefined {
  return BY_NAME.get(name);
}

/**
 * How a value's variables are treated, by where the value is:
 * - shell: lifecycle commands and VM provisioning scripts, where `${HOME}` is the shell's and
 *   only near-misses of a devcontainer variable are reported;
 * - lenient: Feature options (the Feature decides what they mean), treated as shell;
 * - literal: everywhere else, where an unknown `${X}` stays in the value as written;
 * - skip: other tools' customizations (VS Code resolves its own `${workspaceFolder}` ...).
 */
type ValueContext = 'shell' | 'literal' | 'skip';

const IN_CONTAINER_COMMANDS = new Set(['onCreateCommand', 'updateContentCommand', 'postCreateCommand', 'postStartCommand', 'postAttachCommand']);

function contextOf(path: ReadonlyArray<string | number>): ValueContext {
  const [top, tool, section] = path;
  if (top === 'customizations') {
    if (tool !== 'hutch') return 'skip';
    return section === 'vm' && path[3] === 'provision' ? 'shell' : 'literal';
  }
  if (top === 'initializeCommand' || IN_CONTAINER_COMMANDS.has(String(top)) || top === 'features') return 'shell';
  if (top === '$schema') return 'skip';
  return 'literal';
}

/** Where ${containerEnv:...} can be resolved: the container exists by then. */
function containerExists(path: ReadonlyArray<string | number>): boolean {
  const [top] = path;
  if (top === 'remoteEnv' || IN_CONTAINER_COMMANDS.has(String(top))) return true;
  return top === 'customizations' && path[1] === 'hutch' && path[2] === 'vm' && path[3] === 'provision';
}

export function checkVariables(document: DevcontainerDocument, sink: FindingSink): void {
  visitStrings(document.root, [], (node, path) => {
    const context = contextOf(path);
    if (context === 'skip') return;
    for (const reference of variableReferences(document, node)) checkReference(reference, path, context, sink);
  });
}

function checkReference(reference: VariableReference, path: ReadonlyArray<string | number>, context: ValueContext, sink: FindingSink): void {
  const at = { offset: reference.offset, length: reference.length };
  const info = BY_NAME.get(reference.name);
  const where = describePath(path);
  if (!reference.terminated) {
    if (info) sink.report('devcontainer/invalid-variable', { ...at, message: `${reference.text} in ${where} has no closing '}', so it is not replaced` });
    return;
  }
  if (!info) {
    const suggestion = closestName(reference.name, context === 'shell' ? TYPO_CANDIDATES : VARIABLES.map((v) => v.name));
    if (context === 'shell' && (!suggestion || !/[a-z]/.test(reference.name))) return;
    const hint = suggestion
      ? `; did you mean \${${suggestion}${reference.args.length ? ':' + reference.args.join(':') : ''}}?`
      : /^[A-Z_][A-Z0-9_]*$/.test(reference.name)
        ? `; for an environment variable write \${localEnv:${reference.name}} (host) or \${containerEnv:${reference.name}} (container)`
        : '';
    sink.report('devcontainer/unknown-variable', { ...at, message: `${reference.text} in ${where} is not a devcontainer.json variable and stays as written${hint}` });
    return;
  }
  if (info.arguments === 'name-and-default') {
    if (reference.args.length === 0 || reference.args[0] === '') {
      sink.report('devcontainer/invalid-variable', {
        ...at,
        message: `${reference.text} in ${where} names no variable: write \${${info.name}:NAME}${reference.args.length === 0 ? ' (the devcontainers CLI refuses the config)' : ''}`,
      });
    } else if (reference.args.length > 2) {
      sink.report('devcontainer/invalid-variable', {
        ...at,
        message: `The default value in ${reference.text} ends at its second ':', so it is ${JSON.stringify(reference.args[1])}; the rest is dropped`,
      });
    }
  } else if (info.arguments === 'none' && reference.args.length > 0) {
    sink.report('devcontainer/invalid-variable', { ...at, message: `\${${info.name}} takes no argument; write ${info.usage}` });
  }
  if (info.name === 'containerEnv' && !containerExists(path)) {
    sink.report('devcontainer/variable-not-available', {
      ...at,
      message: `${reference.text} in ${where} cannot be resolved: the container does not exist yet when ${String(path[0])} is used (it works in remoteEnv and in-container lifecycle commands); use \${localEnv:...} for the host's environment`,
    });
  }
}

function visitStrings(node: JsonNode | undefined, path: Array<string | number>, visit: (node: JsonNode, path: Array<string | number>) => void): void {
  if (!node) return;
  if (node.type === 'string') visit(node, path);
  else if (node.type === 'array') (node.children ?? []).forEach((child, index) => visitStrings(child, [...path, index], visit));
  else if (node.type === 'object') {
    for (const property of node.children ?? []) {
      const key = property.children?.[0];
      if (key) visitStrings(property.children?.[1], [...path, String(key.value)], visit);
    }
  }
}
