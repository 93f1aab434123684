/**
 * A minimal root filesystem for tests and benchmarks, made from Debian's busybox-static: one
 * static binary, a symlink per applet, and just enough of /etc for `id`, `su` and a login shell.
 * No network, no image registry (ENVIRONMENT.md: test images are made locally).
 *
 * Built once into a cache folder outside the clone and reused; every caller gets the same path.
 * Concurrent callers (other test files, other processes) and a crash mid-build are safe because a
 * build happens in a private folder beside the target and only a finished tree is renamed into
 * place: rename(2) of a directory onto a non-empty one fails, so a finished target is never
 * replaced, and a half-built tree is never visible under the target's name.
 */
import { execFile } from 'node:child_process';
import { closeSync, constants, accessSync, openSync, readSync, promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { HutchError } from '../../helper/src/errors';

const execFileAsync = promisify(execFile);

const hostBusybox = '/bin/busybox';
const rootfsName = 'busybox-rootfs';
/** Written last inside the build folder: a target without it was not built by this module. */
const completeMarker = '.complete';
/** A build takes milliseconds; a build folder this old belongs to a process that died. */
const abandonedAfterMs = 10 * 60 * 1000;

export function testCacheDir(): string {
  return process.env.HUTCH_TEST_CACHE ?? '/var/cache/hutch-test';
}

/** What is missing on this machine to build the rootfs, or null when nothing is. */
export function rootfsPrerequisiteError(): string | null {
  try {
    accessSync(hostBusybox, constants.X_OK);
  } catch {
    return `${hostBusybox} not found: install busybox-static (apt-get install busybox-static)`;
  }
  const linkage = elfLinkage(hostBusybox);
  if (linkage === 'not-elf') {
    return `${hostBusybox} is not an ELF executable: install busybox-static (apt-get install busybox-static)`;
  }
  if (linkage === 'dynamic') {
    // Debian's `busybox` package installs a dynamically linked /bin/busybox, which cannot run
    // inside a rootfs that has no libc.
    return `${hostBusybox} is dynamically linked: install busybox-static (apt-get install busybox-static)`;
  }
  return null;
}

/** The path of the busybox rootfs, built on first use. */
export async function busyboxRootfs(): Promise<string> {
  const target = join(testCacheDir(), rootfsName);
  if (await isComplete(target)) return target;

  const problem = rootfsPrerequisiteError();
  if (problem !== null) {
    throw new HutchError('unsupported', `cannot build the busybox test rootfs: ${problem}`);
  }
  await fs.mkdir(dirname(target), { recursive: true });
  await removeAbandonedBuilds(target);

  const staging = await fs.mkdtemp(`${target}.tmp-`);
  try {
    await populate(staging);
    await moveIntoPlace(staging, target);
  } finally {
    // A no-op once the rename succeeded; removes our copy when another caller won.
    await fs.rm(staging, { recursive: true, force: true });
  }
  return target;
}

async function isComplete(root: string): Promise<boolean> {
  try {
    await fs.access(join(root, completeMarker));
    return true;
  } catch {
    return false;
  }
}

const passwd = [
  'root:x:0:0:root:/root:/bin/sh',
  'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
  'dev:x:1000:1000:dev:/home/dev:/bin/sh',
];
const group = [
  'root:x:0:',
  // gid 5 is the group Docker's /dev/pts mount gives terminals (gid=5).
  'tty:x:5:',
  'nogroup:x:65534:',
  'dev:x:1000:',
];
const hosts = ['127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback'];

async function populate(root: string): Promise<void> {
  // mkdtemp makes 0700; the root must be traversable by the unprivileged `dev` user.
  await fs.chmod(root, 0o755);
  for (const dir of ['bin', 'etc', 'proc', 'sys', 'dev', 'tmp', 'root', 'home/dev', 'var', 'run', 'usr']) {
    await fs.mkdir(join(root, dir), { recursive: true });
  }
  await fs.chmod(join(root, 'tmp'), 0o1777);
  await fs.chmod(join(root, 'root'), 0o700);
  if (process.getuid?.() === 0) await fs.chown(join(root, 'home/dev'), 1000, 1000);

  // Every applet lives in bin/; the other directories programs expect point at it, so
  // /bin/sh, /sbin/nologin and /usr/bin/env all resolve.
  await fs.symlink('bin', join(root, 'sbin'));
  await fs.symlink('../bin', join(root, 'usr/bin'));
  await fs.symlink('../bin', join(root, 'usr/sbin'));

  await fs.copyFile(hostBusybox, join(root, 'bin/busybox'));
  await fs.chmod(join(root, 'bin/busybox'), 0o755);
  for (const applet of await listApplets()) {
    await fs.symlink('busybox', join(root, 'bin', applet));
  }

  await writeLines(join(root, 'etc/passwd'), passwd);
  await writeLines(join(root, 'etc/group'), group);
  await writeLines(join(root, 'etc/hostname'), ['busybox']);
  // Present (hosts filled, resolv.conf empty) so a runtime can bind-mount its own over them
  // even when the rootfs is mounted read-only and mount points cannot be created.
  await writeLines(join(root, 'etc/hosts'), hosts);
  await fs.writeFile(join(root, 'etc/resolv.conf'), '');

  await fs.writeFile(join(root, completeMarker), `built from ${hostBusybox} at ${new Date().toISOString()}\n`);
}

async function listApplets(): Promise<string[]> {
  const { stdout } = await execFileAsync(hostBusybox, ['--list']);
  // `busybox` itself is listed; it is the binary, not a link. A name with a slash would escape bin/.
  return stdout
    .split('\n')
    .filter((name) => name !== '' && name !== 'busybox' && name !== '.' && name !== '..' && !name.includes('/'));
}

async function writeLines(path: string, lines: readonly string[]): Promise<void> {
  await fs.writeFile(path, lines.map((line) => `${line}\n`).join(''));
}

async function moveIntoPlace(staging: string, target: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      await fs.rename(staging, target);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
    }
    // Another caller renamed its identical build into place first.
    if (await isComplete(target)) return;
    await setAsideIncomplete(target);
  }
  throw new HutchError(
    'system-failure',
    `cannot put the busybox test rootfs in place at ${target}`,
    `remove ${target} and try again`,
  );
}

/**
 * A target without the marker was not made by this module (an older layout, a hand-made copy):
 * move it out of the way atomically, then delete it. If a concurrent caller's finished build
 * slipped in between our check and the move, put it back; builds are interchangeable.
 */
async function setAsideIncomplete(target: string): Promise<void> {
  const aside = `${target}.stale-${randomBytes(6).toString('hex')}`;
  try {
    await fs.rename(target, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (await isComplete(aside)) {
    try {
      await fs.rename(aside, target);
      return;
    } catch {
      // Another finished build is in place already.
    }
  }
  await fs.rm(aside, { recursive: true, force: true });
}

async function removeAbandonedBuilds(target: string): Promise<void> {
  const parent = dirname(target);
  const now = Date.now();
  for (const name of await fs.readdir(parent)) {
    if (!name.startsWith(`${rootfsName}.tmp-`) && !name.startsWith(`${rootfsName}.stale-`)) continue;
    try {
      const { mtimeMs } = await fs.stat(join(parent, name));
      if (now - mtimeMs > abandonedAfterMs) await fs.rm(join(parent, name), { recursive: true, force: true });
    } catch {
      // Gone already: another caller cleaned it up.
    }
  }
}

/** Whether an ELF file asks for a program interpreter (PT_INTERP), i.e. is dynamically linked. */
function elfLinkage(path: string): 'static' | 'dynamic' | 'not-elf' {
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(64);
    if (readSync(fd, header, 0, 64, 0) < 52 || header.readUInt32BE(0) !== 0x7f454c46) return 'not-elf';
    const is64 = header[4] === 2;
    const little = header[5] === 1;
    const u16 = (buffer: Buffer, at: number): number => (little ? buffer.readUInt16LE(at) : buffer.readUInt16BE(at));
    const u32 = (buffer: Buffer, at: number): number => (little ? buffer.readUInt32LE(at) : buffer.readUInt32BE(at));
    const programHeaderOffset = is64
      ? Number(little ? header.readBigUInt64LE(0x20) : header.readBigUInt64BE(0x20))
      : u32(header, 0x1c);
    const entrySize = u16(header, is64 ? 0x36 : 0x2a);
    const count = u16(header, is64 ? 0x38 : 0x2c);
    const table = Buffer.alloc(entrySize * count);
    readSync(fd, table, 0, table.length, programHeaderOffset);
    const PT_INTERP = 3;
    for (let index = 0; index < count; index += 1) {
      if (u32(table, index * entrySize) === PT_INTERP) return 'dynamic';
    }
    return 'static';
  } finally {
    closeSync(fd);
  }
}
