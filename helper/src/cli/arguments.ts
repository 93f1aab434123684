/**
 * Command-line parsing for `hutch`. For commands that take a container command (run, create,
 * exec) options come before the first positional argument and everything after it is
 * positional, so `hutch run ROOTFS sh -c 'ls -l'` passes -c and -l to the command (as docker
 * does); other commands take options anywhere. Pure, so it is tested without running anything.
 */
import { HutchError } from '../errors';

export interface OptionSpec {
  /** Long name without dashes, e.g. "name". */
  name: string;
  short?: string;
  /** Takes a value; "multiple" collects repeated values. */
  value?: 'single' | 'multiple';
  description: string;
  /** Placeholder shown in help, e.g. "NAME". */
  placeholder?: string;
}

export interface ParsedArguments {
  options: Map<string, string[] | true>;
  positionals: string[];
}

/**
 * stopAtPositional: options end at the first positional (run, create, exec: what follows is the
 * container's command and its own options). Otherwise options may come anywhere (`rm web -f`).
 */
export function parseArguments(argv: readonly string[], specs: readonly OptionSpec[], command: string, stopAtPositional = true): ParsedArguments {
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short as string, s]));
  const options = new Map<string, string[] | true>();
  const positionals: string[] = [];
  const usage = (message: string): HutchError => new HutchError('usage', `${command}: ${message}`, `see \`hutch ${command} --help\``);
  const set = (spec: OptionSpec, value: string | undefined): void => {
    if (!spec.value) {
      options.set(spec.name, true);
      return;
    }
    if (value === undefined) throw usage(`option --${spec.name} needs a value`);
    const previous = options.get(spec.name);
    if (spec.value === 'single' && previous !== undefined) throw usage(`option --${spec.name} is given twice`);
    options.set(spec.name, [...(Array.isArray(previous) ? previous : []), value]);
  };
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      i++;
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      const spec = byLong.get(name);
      if (!spec) throw usage(`unknown option --${name}`);
      if (spec.value) set(spec, eq >= 0 ? arg.slice(eq + 1) : argv[++i]);
      else if (eq >= 0) throw usage(`option --${name} takes no value`);
      else set(spec, undefined);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      // Grouped short flags: -it, -dt; a value-taking one ends the group (-p8080:80 or -p 8080:80).
      for (let k = 1; k < arg.length; k++) {
        const letter = arg[k] as string;
        const spec = byShort.get(letter);
        if (!spec) throw usage(`unknown option -${letter}`);
        if (spec.value) {
          const rest = arg.slice(k + 1);
          set(spec, rest.length > 0 ? rest : argv[++i]);
          break;
        }
        set(spec, undefined);
      }
      continue;
    }
    if (!stopAtPositional) {
      positionals.push(arg);
      continue;
    }
    break;
  }
  positionals.push(...argv.slice(i));
  return { options, positionals };
}

export function flag(parsed: ParsedArguments, name: string): boolean {
  return parsed.options.get(name) === true;
}

export function single(parsed: ParsedArguments, name: string): string | undefined {
  const v = parsed.options.get(name);
  return Array.isArray(v) ? v[v.length - 1] : undefined;
}

export function multiple(parsed: ParsedArguments, name: string): string[] {
  const v = parsed.options.get(name);
  return Array.isArray(v) ? v : [];
}

/** "512m", "2g", "1048576" -> bytes (Docker's units: b, k, m, g, t; base 1024). */
export function parseBytes(text: string, what: string): number {
  const m = /^([0-9]+(?:\.[0-9]+)?)\s*([bkmgt]?)i?b?$/i.exec(text.trim());
  if (!m || m[1] === undefined) throw new HutchError('invalid-argument', `${what} "${text}" is not a size`, 'use a number with an optional unit: 512m, 2g');
  const unit = (m[2] ?? '').toLowerCase();
  const scale = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[unit] ?? 1;
  return Math.floor(Number(m[1]) * scale);
}

export function parseInteger(text: string, what: string, min = 0): number {
  if (!/^[0-9]+$/.test(text) || Number(text) < min) throw new HutchError('invalid-argument', `${what} "${text}" must be a whole number of at least ${min}`);
  return Number(text);
}

export function parseNumber(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new HutchError('invalid-argument', `${what} "${text}" must be a positive number`);
  return n;
}

/** -p [IP:]HOST:CONTAINER[/tcp|udp] */
export function parsePublish(text: string): { hostIp?: string; hostPort: number; containerPort: number; protocol: 'tcp' | 'udp' } {
  const m = /^(?:([0-9.]+):)?([0-9]+):([0-9]+)(?:\/(tcp|udp))?$/.exec(text);
  if (!m || m[2] === undefined || m[3] === undefined) {
    throw new HutchError('invalid-argument', `port "${text}" is not [IP:]HOSTPORT:CONTAINERPORT[/tcp|udp]`, 'for example -p 8080:80 or -p 127.0.0.1:5432:5432');
  }
  const result: { hostIp?: string; hostPort: number; containerPort: number; protocol: 'tcp' | 'udp' } = {
    hostPort: parseInteger(m[2], 'host port', 1),
    containerPort: parseInteger(m[3], 'container port', 1),
    protocol: (m[4] as 'tcp' | 'udp' | undefined) ?? 'tcp',
  };
  if (m[1] !== undefined) result.hostIp = m[1];
  return result;
}

/** -v SOURCE:TARGET[:ro|rw] */
export function parseVolume(text: string): { source: string; target: string; readonly: boolean } {
  const parts = text.split(':');
  if (parts.length < 2 || parts.length > 3 || !parts[0] || !parts[1]) {
    throw new HutchError('invalid-argument', `volume "${text}" is not SOURCE:TARGET[:ro]`, 'for example -v /home/me/src:/src:ro');
  }
  const mode = parts[2] ?? 'rw';
  if (mode !== 'ro' && mode !== 'rw') throw new HutchError('invalid-argument', `volume mode "${mode}" must be ro or rw`);
  return { source: parts[0], target: parts[1], readonly: mode === 'ro' };
}

/** -u UID[:GID] (numeric; names need the image's /etc/passwd, which comes with images). */
export function parseUser(text: string): { uid: number; gid: number } {
  const m = /^([0-9]+)(?::([0-9]+))?$/.exec(text);
  if (!m || m[1] === undefined) throw new HutchError('invalid-argument', `user "${text}" must be UID or UID:GID`, 'user names are resolved once images are supported; use numbers here');
  const uid = Number(m[1]);
  return { uid, gid: m[2] !== undefined ? Number(m[2]) : uid };
}

/** -e KEY=VALUE, or -e KEY to pass this process's value. */
export function parseEnv(entries: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of entries) {
    const eq = e.indexOf('=');
    if (eq === 0) throw new HutchError('invalid-argument', `environment entry "${e}" has no name`);
    if (eq < 0) {
      const v = process.env[e];
      if (v !== undefined) env[e] = v;
    } else {
      env[e.slice(0, eq)] = e.slice(eq + 1);
    }
  }
  return env;
}
