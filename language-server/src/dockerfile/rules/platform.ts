/**
 * Platform specifiers as BuildKit parses `FROM --platform=...` (containerd/platforms Parse):
 * `os[/arch[/variant]]`, or a lone OS or architecture; names are normalised (x86_64 -> amd64,
 * aarch64 -> arm64, macos -> darwin ...). A lone OS gets the builder's architecture, a lone
 * architecture the builder's OS; Hutch assumes linux/amd64 for the builder.
 */
import { ASSUMED_PLATFORM } from './variables/predefined-args';

export interface Platform {
  os: string;
  architecture: string;
  variant: string;
}

const COMPONENT = /^[A-Za-z0-9_.-]+$/;

const KNOWN_OS = new Set([
  'aix',
  'android',
  'darwin',
  'dragonfly',
  'freebsd',
  'hurd',
  'illumos',
  'ios',
  'js',
  'linux',
  'nacl',
  'netbsd',
  'openbsd',
  'plan9',
  'solaris',
  'wasip1',
  'windows',
  'zos',
]);

const KNOWN_ARCHITECTURES = new Set([
  '386',
  'amd64',
  'amd64p32',
  'arm',
  'armbe',
  'arm64',
  'arm64be',
  'ppc64',
  'ppc64le',
  'loong64',
  'mips',
  'mipsle',
  'mips64',
  'mips64le',
  'mips64p32',
  'mips64p32le',
  'ppc',
  'riscv',
  'riscv64',
  's390',
  's390x',
  'sparc',
  'sparc64',
  'wasm',
]);

function normalizeOs(os: string): string {
  const lower = os.toLowerCase();
  return lower === 'macos' ? 'darwin' : lower;
}

function normalizeArchitecture(architecture: string, variant: string): { architecture: string; variant: string } {
  const arch = architecture.toLowerCase();
  const v = variant.toLowerCase();
  switch (arch) {
    case 'i386':
      return { architecture: '386', variant: '' };
    case 'x86_64':
    case 'x86-64':
    case 'amd64':
      return { architecture: 'amd64', variant: v === 'v1' ? '' : v };
    case 'aarch64':
    case 'arm64':
      return { architecture: 'arm64', variant: v === '8' || v === 'v8' ? 'v8' : v };
    case 'armhf':
      return { architecture: 'arm', variant: 'v7' };
    case 'armel':
      return { architecture: 'arm', variant: 'v6' };
    case 'arm':
      return { architecture: 'arm', variant: /^[5-8]$/.test(v) ? `v${v}` : v === '' ? 'v7' : v };
    default:
      return { architecture: arch, variant: v };
  }
}

export type PlatformParse = { platform: Platform; error: null } | { platform: null; error: string };

/** Parses a platform specifier; the error reads as containerd's. */
export function parsePlatform(specifier: string): PlatformParse {
  if (specifier.includes('*')) return { platform: null, error: `"${specifier}": wildcards not yet supported: invalid argument` };
  // An OS version in parentheses, as in windows(10.0.17763)/amd64, is not a component.
  const withoutVersion = specifier.replace(/^([^/(]*)\([^)]*\)/, '$1');
  const parts = withoutVersion.split('/');
  for (const part of parts) {
    if (!COMPONENT.test(part)) {
      return {
        platform: null,
        error: `"${part}" is an invalid component of "${specifier}": platform specifier component must match "^[A-Za-z0-9_.-]+$": invalid argument`,
      };
    }
  }
  const [first = '', second, third] = parts;
  if (parts.length === 1) {
    const os = normalizeOs(first);
    if (KNOWN_OS.has(os)) return { platform: { os, architecture: ASSUMED_PLATFORM.architecture, variant: '' }, error: null };
    const arch = normalizeArchitecture(first, '');
    if (KNOWN_ARCHITECTURES.has(arch.architecture)) {
      return { platform: { os: ASSUMED_PLATFORM.os, architecture: arch.architecture, variant: arch.variant === 'v7' && arch.architecture === 'arm' ? '' : arch.variant }, error: null };
    }
    return { platform: null, error: `"${specifier}": unknown operating system or architecture: invalid argument` };
  }
  if (parts.length === 2 || parts.length === 3) {
    const arch = normalizeArchitecture(second ?? '', third ?? '');
    return { platform: { os: normalizeOs(first), architecture: arch.architecture, variant: arch.variant }, error: null };
  }
  return { platform: null, error: `"${specifier}": cannot parse platform specifier: invalid argument` };
}
