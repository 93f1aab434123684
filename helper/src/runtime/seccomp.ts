/**
 * Compiled seccomp programs, cached. libseccomp compilation takes milliseconds (research:
 * crun's start time fell once seccomp stopped being compiled per container), so a profile is
 * compiled once per helper process, and with a cache directory once per machine; container
 * start only copies the bytes to hutch-init.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

import { HutchError } from '../errors';
import { loadNativeAddon } from './native-addon';
import { seccompProfileKey, type SeccompProfile } from './seccomp-profile';

/** Bump when seccomp.c emits a different program for the same profile, to retire disk caches. */
const COMPILER_REVISION = 1;

/** Size of one struct sock_filter instruction. */
const BPF_INSTRUCTION_BYTES = 8;

interface SeccompAddon {
  compileSeccomp(profile: SeccompProfile): Buffer;
  seccompLibraryVersion(): string;
}

function seccompAddon(): SeccompAddon {
  const addon = loadNativeAddon();
  const { compileSeccomp, seccompLibraryVersion } = addon;
  if (typeof compileSeccomp !== 'function' || typeof seccompLibraryVersion !== 'function') {
    throw new HutchError(
      'system-failure',
      'the native addon has no compileSeccomp/seccompLibraryVersion',
      'rebuild it with `npm run install`',
    );
  }
  return {
    compileSeccomp: (profile) => compileSeccomp(profile) as Buffer,
    seccompLibraryVersion: () => seccompLibraryVersion() as string,
  };
}

export interface CompiledSeccompOptions {
  /**
   * Directory for programs shared between helper processes. Whoever can write it decides the
   * containers' syscall filter, so it must be private to the user (created 0700 here).
   */
  cacheDir?: string;
}

const compiled = new Map<string, Buffer>();

function isWholeProgram(bytes: Buffer): boolean {
  return bytes.length > 0 && bytes.length % BPF_INSTRUCTION_BYTES === 0;
}

function compile(profile: SeccompProfile): Buffer {
  try {
    return seccompAddon().compileSeccomp(profile);
  } catch (error) {
    if (error instanceof HutchError) throw error;
    throw new HutchError(
      'invalid-argument',
      `seccomp profile does not compile: ${error instanceof Error ? error.message : String(error)}`,
      'check the rule named in the message (syscall names, actions, argument comparisons)',
      { cause: error },
    );
  }
}

function readCached(file: string): Buffer | undefined {
  try {
    const bytes = readFileSync(file);
    // A torn or foreign file is recompiled, never handed to the kernel.
    return isWholeProgram(bytes) ? bytes : undefined;
  } catch {
    // Missing or unreadable: either way a compile replaces it (see writeCached).
    return undefined;
  }
}

/** Temp file + rename, so a concurrent reader sees the old program or the whole new one. */
function writeCached(dir: string, file: string, program: Buffer): void {
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const fd = openSync(temp, 'wx', 0o600);
    try {
      writeSync(fd, program);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch {
    // The disk cache only saves a compile; a read-only or full disk must not stop a container.
    rmSync(temp, { force: true });
  }
}

/** Where compiledSeccompProgram keeps profile's program under cacheDir. */
export function seccompCacheFile(cacheDir: string, profile: SeccompProfile): string {
  // The program depends on the syscall table (arch) and on which names this libseccomp knows.
  const version = seccompAddon().seccompLibraryVersion();
  return join(cacheDir, `${seccompProfileKey(profile)}.${process.arch}.libseccomp-${version}.r${COMPILER_REVISION}.bpf`);
}

/**
 * The BPF program (struct sock_filter[]) for profile on this machine. Repeated calls with an
 * equal profile return the same Buffer: treat it as read-only.
 */
export function compiledSeccompProgram(profile: SeccompProfile, options: CompiledSeccompOptions = {}): Buffer {
  const key = seccompProfileKey(profile);
  const inMemory = compiled.get(key);
  if (inMemory !== undefined) return inMemory;

  let program: Buffer | undefined;
  if (options.cacheDir !== undefined) {
    const file = seccompCacheFile(options.cacheDir, profile);
    program = readCached(file);
    if (program === undefined) {
      program = compile(profile);
      writeCached(options.cacheDir, file, program);
    }
  } else {
    program = compile(profile);
  }

  if (!isWholeProgram(program)) {
    throw new HutchError('system-failure', `seccomp compiler returned ${program.length} bytes, not a BPF program`);
  }
  compiled.set(key, program);
  return program;
}
