/**
 * Lifecycle commands well-formed (spec: devcontainerjson-reference.md, "Formatting string vs.
 * array properties"): a string runs in a shell, an array runs one program without a shell, an
 * object runs its entries in parallel. Types are the schema's; these checks catch what still
 * fails at run time: empty commands, and shell syntax in the array form, where `&&` or a
 * program named "npm install" reach exec() as written.
 */
import { describePath, propertiesOf, propertyOf, type DevcontainerDocument, type JsonNode } from './document';
import type { FindingSink } from './rules';

export const LIFECYCLE_COMMANDS = [
  'initializeCommand',
  'onCreateCommand',
  'updateContentCommand',
  'postCreateCommand',
  'postStartCommand',
  'postAttachCommand',
] as const;

/** Tokens that only mean something to a shell. */
const SHELL_OPERATORS = new Set(['&&', '||', '|', ';', '&', '>', '>>', '<', '<<', '2>', '2>&1', '&>', '$(', '`']);
/** Programs whose arguments are a shell script, so operators after them are fine. */
const SHELLS = /(^|\/)(sh|bash|zsh|dash|ash|ksh|fish|pwsh|powershell|cmd)(\.exe)?$/;

export function checkLifecycleCommands(document: DevcontainerDocument, sink: FindingSink): void {
  for (const name of LIFECYCLE_COMMANDS) {
    const value = propertyOf(document.root, name)?.value;
    if (!value) continue;
    if (value.type === 'object') {
      for (const entry of propertiesOf(value)) if (entry.value) checkCommand(entry.value, [name, entry.name], sink);
    } else {
      checkCommand(value, [name], sink);
    }
  }
}

function checkCommand(node: JsonNode, path: Array<string | number>, sink: FindingSink): void {
  const where = describePath(path);
  const at = { offset: node.offset, length: node.length };
  if (node.type === 'string') {
    if (String(node.value).trim() === '') sink.report('devcontainer/invalid-lifecycle-command', { ...at, message: `${where} is an empty command: give a command or remove it` });
    return;
  }
  if (node.type !== 'array') return; // the schema reports other types
  const elements = node.children ?? [];
  if (elements.length === 0) {
    sink.report('devcontainer/invalid-lifecycle-command', { ...at, message: `${where} is an empty array: the array form needs at least the program to run` });
    return;
  }
  if (elements.some((e) => e.type !== 'string')) return; // the schema reports it
  const words = elements.map((e) => String(e.value));
  const program = words[0]!;
  const first = elements[0]!;
  if (program.trim() === '') {
    sink.report('devcontainer/invalid-lifecycle-command', { offset: first.offset, length: first.length, message: `${where}: the program to run (the first element) is empty` });
    return;
  }
  if (/\s/.test(program.trim())) {
    const single = elements.length === 1;
    sink.report('devcontainer/exec-form-shell-syntax', {
      offset: first.offset,
      length: first.length,
      message:
        `${where}: the array form runs without a shell, so the program is named ${JSON.stringify(program)}, spaces and all; ` +
        (single ? 'write the command as a string to run it in a shell' : 'split it into one element per word'),
      ...(single
        ? { fix: { title: 'Run it in a shell (string form)', edits: [{ offset: node.offset, length: node.length, newText: JSON.stringify(program) }] } }
        : {}),
    });
    return;
  }
  if (SHELLS.test(program)) return;
  elements.slice(1).forEach((element, index) => {
    const word = String(element.value);
    if (!SHELL_OPERATORS.has(word) && !word.startsWith('$(')) return;
    sink.report('devcontainer/exec-form-shell-syntax', {
      offset: element.offset,
      length: element.length,
      message: `${describePath([...path, index + 1])}: ${JSON.stringify(word)} is passed to ${program} as an argument, because the array form has no shell; write the command as a string`,
    });
  });
}
