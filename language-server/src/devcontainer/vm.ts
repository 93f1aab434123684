/**
 * customizations.hutch.vm beyond its schema: sizes a VM can boot with, files that exist, shared
 * folders that do not collide, and agreement with the config's own hostRequirements.
 * Paths: box, kernel and provision files are relative to the devcontainer.json (like
 * build.dockerfile); syncedFolders sources are relative to the project folder (like Vagrant's
 * synced_folder, relative to the Vagrantfile's folder).
 */
import { isIP } from 'node:net';
import { dirname, isAbsolute } from 'node:path';

import { describePath, elementsOf, stringValue, valueAt, type DevcontainerDocument, type JsonNode } from './document';
import { localWorkspaceFolder, resolveConfigPath, type FileAccess } from './references';
import type { FindingSink } from './rules';

const UNIT_BYTES: Readonly<Record<string, number>> = { kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4 };
const MIN_MEMORY = 128 * 1024 ** 2;
const MIN_DISK = 1024 ** 3;

/** A size as devcontainer.json writes it (hostRequirements, vm.memory): digits, then an
 * optional tb/gb/mb/kb; null when it is not one. */
export function parseSize(text: string): number | null {
  const match = /^(\d+)([tgmk]b)?$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * (match[2] ? UNIT_BYTES[match[2]]! : 1);
}

export function checkHutchVm(document: DevcontainerDocument, configPath: string, files: FileAccess, sink: FindingSink): void {
  const vm = valueAt(document.root, 'customizations', 'hutch', 'vm');
  if (vm?.type !== 'object') return;
  const report = (node: JsonNode, message: string): void => sink.report('devcontainer/invalid-hutch-vm', { offset: node.offset, length: node.length, message });
  const vmPath = (...rest: Array<string | number>): string => describePath(['customizations', 'hutch', 'vm', ...rest]);

  for (const [key, minimum, words] of [['memory', MIN_MEMORY, '128mb'], ['disk', MIN_DISK, '1gb']] as const) {
    const node = valueAt(vm, key);
    const size = parseSize(stringValue(node) ?? '');
    if (node && size !== null && size < minimum) report(node, `${vmPath(key)} ${JSON.stringify(node.value)} is too small: a VM needs at least ${words}`);
  }

  // The VM must offer what the config says the project needs.
  const requirements = valueAt(document.root, 'hostRequirements');
  const cpus = valueAt(vm, 'cpus');
  const neededCpus = valueAt(requirements, 'cpus')?.value;
  if (cpus?.type === 'number' && typeof neededCpus === 'number' && cpus.value < neededCpus) {
    report(cpus, `${vmPath('cpus')} is ${cpus.value}, fewer than hostRequirements.cpus (${neededCpus})`);
  }
  const memory = valueAt(vm, 'memory');
  const memoryBytes = parseSize(stringValue(memory) ?? '');
  const neededMemory = parseSize(stringValue(valueAt(requirements, 'memory')) ?? '');
  if (memory && memoryBytes !== null && neededMemory !== null && memoryBytes < neededMemory) {
    report(memory, `${vmPath('memory')} ${JSON.stringify(memory.value)} is less than hostRequirements.memory (${JSON.stringify(valueAt(requirements, 'memory')?.value)})`);
  }

  elementsOf(valueAt(vm, 'forwardPorts')).forEach((element, index) => {
    const hostIp = valueAt(element, 'hostIp');
    const text = stringValue(hostIp);
    if (hostIp && text !== undefined && isIP(text) === 0) report(hostIp, `${vmPath('forwardPorts', index, 'hostIp')} ${JSON.stringify(text)} is not an IP address`);
  });

  const targets = new Map<string, JsonNode>();
  elementsOf(valueAt(vm, 'syncedFolders')).forEach((element, index) => {
    const target = valueAt(element, 'target');
    const targetText = stringValue(target);
    if (target && targetText !== undefined) {
      if (!targetText.startsWith('/') && !targetText.startsWith('${')) report(target, `${vmPath('syncedFolders', index, 'target')} must be an absolute path in the VM, not ${JSON.stringify(targetText)}`);
      const normalized = targetText.replace(/\/+$/, '') || '/';
      if (targets.has(normalized)) report(target, `${vmPath('syncedFolders', index, 'target')}: another synced folder already uses ${JSON.stringify(targetText)}`);
      targets.set(normalized, target);
    }
    if (valueAt(element, 'disabled')?.value === true) return;
    const source = valueAt(element, 'source');
    if (source) checkFile(source, vmPath('syncedFolders', index, 'source'), 'project', 'folder');
  });

  const box = valueAt(vm, 'box');
  const boxText = stringValue(box);
  // A box named like a path (./x, ../x, /x, x.box, x.qcow2) is a file; otherwise a store name.
  if (box && boxText !== undefined && (/^\.{0,2}\//.test(boxText) || /\.(box|qcow2|img|raw)$/i.test(boxText))) checkFile(box, vmPath('box'), 'config', 'box file');
  for (const key of ['image', 'initrd'] as const) {
    const node = valueAt(vm, 'kernel', key);
    if (node) checkFile(node, vmPath('kernel', key), 'config', key === 'image' ? 'kernel image' : 'initrd');
  }
  elementsOf(valueAt(vm, 'provision')).forEach((element, index) => {
    const path = valueAt(element, 'path');
    if (path) checkFile(path, vmPath('provision', index, 'path'), 'config', 'provision script');
  });

  function checkFile(node: JsonNode, where: string, base: 'config' | 'project', what: string): void {
    const written = stringValue(node);
    if (written === undefined || written === '' || !isAbsolute(configPath)) return;
    const folder = base === 'config' ? dirname(configPath) : localWorkspaceFolder(configPath);
    const path = resolveConfigPath(configPath, folder, written);
    if (path === null || files.exists(path)) return;
    const relativeTo = base === 'config' ? 'the devcontainer.json' : 'the project folder';
    report(node, `${where}: ${what} ${JSON.stringify(written)} not found (${path}); the path is relative to ${relativeTo}`);
  }
}
