/**
 * mounts and workspaceMount strings are Docker `--mount` values: comma-separated key=value
 * pairs (docker/cli opts/mount.go). The schema only says "a string"; a `-v`-style
 * "/host:/container" passes it and fails when the container is created.
 */
import { describePath, elementsOf, propertyOf, type DevcontainerDocument, type JsonNode } from './document';
import type { FindingSink } from './rules';

const MOUNT_TYPES = new Set(['bind', 'volume', 'tmpfs', 'npipe', 'cluster', 'image']);
const TARGET_KEYS = ['target', 'destination', 'dst'];
const SOURCE_KEYS = ['source', 'src'];

/** The fields of a --mount value, or why it is not one. Keys are lower-cased, as Docker does. */
export function parseMountString(text: string): Map<string, string> | string {
  const fields = new Map<string, string>();
  for (const part of splitCsv(text)) {
    const field = part.trim();
    if (field === '') continue;
    const equals = field.indexOf('=');
    const key = (equals < 0 ? field : field.slice(0, equals)).trim().toLowerCase();
    const value = equals < 0 ? '' : field.slice(equals + 1);
    if (equals < 0 && !['readonly', 'ro', 'bind-nonrecursive', 'volume-nocopy'].includes(key)) {
      return `"${field}" is not key=value`;
    }
    fields.set(key, value);
  }
  return fields;
}

/** Splits at commas outside double quotes (Docker reads the value as CSV). */
function splitCsv(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const c of text) {
    if (c === '"') {
      quoted = !quoted;
      continue;
    }
    if (c === ',' && !quoted) {
      parts.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  parts.push(current);
  return parts;
}

export function checkMounts(document: DevcontainerDocument, sink: FindingSink): void {
  elementsOf(propertyOf(document.root, 'mounts')?.value).forEach((element, index) => checkMount(element, ['mounts', index], sink));
  const workspaceMount = propertyOf(document.root, 'workspaceMount')?.value;
  // An empty workspaceMount is the devcontainers CLI's way of asking for no workspace mount.
  if (workspaceMount?.type === 'string' && String(workspaceMount.value).trim() !== '') checkMount(workspaceMount, ['workspaceMount'], sink);
}

function checkMount(node: JsonNode, path: Array<string | number>, sink: FindingSink): void {
  if (node.type !== 'string') return; // objects are the schema's
  const text = String(node.value);
  const where = describePath(path);
  const at = { offset: node.offset, length: node.length };
  if (!text.includes('=')) {
    const volumeStyle = /^([^:]*):([^:]+)(:[a-z,]+)?$/.exec(text);
    sink.report('devcontainer/invalid-mount', {
      ...at,
      message: volumeStyle
        ? `${where}: ${JSON.stringify(text)} is written like a -v value; a mount is key=value pairs, such as "source=${volumeStyle[1]},target=${volumeStyle[2]},type=bind"`
        : `${where}: ${JSON.stringify(text)} is not a --mount value (key=value pairs, such as "source=/a,target=/b,type=bind")`,
    });
    return;
  }
  const fields = parseMountString(text);
  if (typeof fields === 'string') {
    sink.report('devcontainer/invalid-mount', { ...at, message: `${where}: ${fields}` });
    return;
  }
  const type = fields.get('type') ?? 'volume';
  if (!MOUNT_TYPES.has(type)) {
    sink.report('devcontainer/invalid-mount', { ...at, message: `${where}: type=${type} is not a mount type (bind, volume or tmpfs)` });
    return;
  }
  if (!TARGET_KEYS.some((k) => fields.get(k))) {
    sink.report('devcontainer/invalid-mount', { ...at, message: `${where} has no target: add target=/path/in/container` });
  }
  if (type === 'bind' && !SOURCE_KEYS.some((k) => fields.get(k))) {
    sink.report('devcontainer/invalid-mount', { ...at, message: `${where}: a bind mount needs source=/host/path` });
  }
}
