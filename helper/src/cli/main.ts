/**
 * The `hutch` command line. Every command has --help; machine-readable output with --json;
 * errors print the message and a hint and exit with a status that names the kind of failure
 * (see EXIT STATUS in `hutch --help`).
 *
 * Until the helper daemon exists (the dev-containers issue), the CLI runs the runtime in its
 * own process; it must be root for that.
 */
import { exitStatusForCode, HutchError, isHutchError } from '../errors';
import { DEFAULT_STATE_ROOT, Runtime, type ContainerInfo, type StartedProcess } from '../runtime/runtime';
import type { ContainerSpec } from '../runtime/spec';
import {
  flag,
  multiple,
  parseArguments,
  parseBytes,
  parseEnv,
  parseInteger,
  parseNumber,
  parsePublish,
  parseUser,
  parseVolume,
  single,
  type OptionSpec,
  type ParsedArguments,
} from './arguments';
import { lintCommand } from './lint-command';
import { relayTerminal } from './terminal';

const VERSION = '0.1.0';

/** Exit statuses of run/exec follow Docker's, since the command's own status passes through. */
const EXIT_HUTCH_FAILED = 125;
const EXIT_CANNOT_INVOKE = 126;
const EXIT_NOT_FOUND = 127;

interface Context {
  json: boolean;
  stateRoot: string;
  runtime: () => Runtime;
  out: (text: string) => void;
}

interface Command {
  name: string;
  summary: string;
  usage: string;
  details?: string;
  options: OptionSpec[];
  /** run/exec: failures of Hutch itself map to 125/126/127 as with docker. */
  passesThroughStatus?: boolean;
  /** run/create/exec: the first positional starts the container's command (options end there). */
  takesCommand?: boolean;
  run(args: ParsedArguments, ctx: Context): Promise<number>;
}

const jsonOption: OptionSpec = { name: 'json', description: 'print machine-readable JSON' };
const stateRootOption: OptionSpec = {
  name: 'state-root',
  value: 'single',
  placeholder: 'DIR',
  description: `where containers are kept (default $HUTCH_STATE_ROOT or ${DEFAULT_STATE_ROOT})`,
};
const helpOption: OptionSpec = { name: 'help', description: 'show this help' };

const containerOptions: OptionSpec[] = [
  { name: 'name', value: 'single', placeholder: 'NAME', description: 'name the container (default hutch-<id>)' },
  { name: 'tty', short: 't', description: 'give the command a terminal (pty)' },
  { name: 'interactive', short: 'i', description: 'keep stdin attached (always on in the foreground; accepted for docker habits)' },
  { name: 'env', short: 'e', value: 'multiple', placeholder: 'KEY=VALUE', description: 'set an environment variable (KEY alone copies it from here)' },
  { name: 'workdir', short: 'w', value: 'single', placeholder: 'DIR', description: 'working directory inside (default /)' },
  { name: 'user', short: 'u', value: 'single', placeholder: 'UID[:GID]', description: 'run as this user (default 0:0)' },
  { name: 'hostname', value: 'single', placeholder: 'NAME', description: 'host name inside (default the short id)' },
  { name: 'volume', short: 'v', value: 'multiple', placeholder: 'SRC:DST[:ro]', description: 'bind a host path into the container' },
  { name: 'bind-root', value: 'multiple', placeholder: 'DIR', description: 'only allow bind sources inside DIR (repeatable; symlinks may not lead out)' },
  { name: 'read-only', description: 'mount the root filesystem read-only' },
  { name: 'cap-add', value: 'multiple', placeholder: 'CAP', description: 'add a capability (e.g. SYS_PTRACE, or ALL)' },
  { name: 'cap-drop', value: 'multiple', placeholder: 'CAP', description: 'drop a capability (e.g. NET_RAW, or ALL)' },
  { name: 'security-opt', value: 'multiple', placeholder: 'OPT', description: 'seccomp=unconfined, or no-new-privileges' },
  { name: 'network', value: 'single', placeholder: 'MODE', description: 'private (default: own address, NAT), none (loopback only) or host' },
  { name: 'publish', short: 'p', value: 'multiple', placeholder: '[IP:]HOST:CTR[/udp]', description: 'publish a container port on the host (default 127.0.0.1)' },
  { name: 'memory', short: 'm', value: 'single', placeholder: 'SIZE', description: 'memory limit, e.g. 512m, 2g' },
  { name: 'memory-swap', value: 'single', placeholder: 'SIZE', description: 'memory plus swap limit' },
  { name: 'cpus', value: 'single', placeholder: 'N', description: 'CPU limit in CPUs, e.g. 1.5' },
  { name: 'cpu-shares', value: 'single', placeholder: 'N', description: 'relative CPU weight (2-262144, default 1024)' },
  { name: 'cpuset-cpus', value: 'single', placeholder: 'LIST', description: 'CPUs to run on, e.g. 0-1' },
  { name: 'pids-limit', value: 'single', placeholder: 'N', description: 'maximum number of processes (default 4096)' },
  { name: 'stop-signal', value: 'single', placeholder: 'SIGNAL', description: 'signal `stop` sends first (default SIGTERM)' },
  { name: 'uidmap', value: 'multiple', placeholder: 'CTR:HOST:SIZE', description: 'run in a user namespace with this uid range (repeatable; with --gidmap)' },
  { name: 'gidmap', value: 'multiple', placeholder: 'CTR:HOST:SIZE', description: 'gid range for the user namespace (repeatable; with --uidmap)' },
];

function parseIdMaps(entries: readonly string[], what: string): Array<{ containerId: number; hostId: number; size: number }> {
  return entries.map((e) => {
    const m = /^([0-9]+):([0-9]+):([0-9]+)$/.exec(e);
    if (!m) throw new HutchError('invalid-argument', `${what} "${e}" is not CONTAINER:HOST:SIZE`, 'for example --uidmap 0:100000:65536');
    return { containerId: Number(m[1]), hostId: Number(m[2]), size: Number(m[3]) };
  });
}

function specFromArguments(args: ParsedArguments, rootfs: string, command: string[]): ContainerSpec {
  const spec: ContainerSpec = { rootfs, command };
  const name = single(args, 'name');
  if (name !== undefined) spec.name = name;
  if (flag(args, 'tty')) spec.tty = true;
  const env = parseEnv(multiple(args, 'env'));
  if (Object.keys(env).length > 0) spec.env = env;
  const workdir = single(args, 'workdir');
  if (workdir !== undefined) spec.cwd = workdir;
  const user = single(args, 'user');
  if (user !== undefined) spec.user = parseUser(user);
  const hostname = single(args, 'hostname');
  if (hostname !== undefined) spec.hostname = hostname;
  const volumes = multiple(args, 'volume').map(parseVolume);
  if (volumes.length > 0) spec.mounts = volumes;
  const bindRoots = multiple(args, 'bind-root');
  if (bindRoots.length > 0) spec.bindRoots = bindRoots;
  if (flag(args, 'read-only')) spec.readonlyRootfs = true;
  spec.capAdd = multiple(args, 'cap-add');
  spec.capDrop = multiple(args, 'cap-drop');
  for (const opt of multiple(args, 'security-opt')) {
    if (opt === 'seccomp=unconfined' || opt === 'seccomp:unconfined') spec.seccomp = 'unconfined';
    else if (opt === 'no-new-privileges' || opt === 'no-new-privileges=true' || opt === 'no-new-privileges:true') spec.noNewPrivileges = true;
    else throw new HutchError('invalid-argument', `security option "${opt}" is not supported`, 'use seccomp=unconfined or no-new-privileges');
  }
  const network = single(args, 'network');
  if (network !== undefined) {
    if (network !== 'private' && network !== 'none' && network !== 'host') {
      throw new HutchError('invalid-argument', `network "${network}" must be private, none or host`);
    }
    spec.network = network;
  }
  const ports = multiple(args, 'publish').map(parsePublish);
  if (ports.length > 0) spec.ports = ports;
  const resources: NonNullable<ContainerSpec['resources']> = {};
  const memory = single(args, 'memory');
  if (memory !== undefined) resources.memoryBytes = parseBytes(memory, 'memory limit');
  const swap = single(args, 'memory-swap');
  if (swap !== undefined) resources.memorySwapBytes = parseBytes(swap, 'memory+swap limit');
  const cpus = single(args, 'cpus');
  if (cpus !== undefined) resources.cpus = parseNumber(cpus, 'cpus');
  const shares = single(args, 'cpu-shares');
  if (shares !== undefined) resources.cpuShares = parseInteger(shares, 'cpu shares', 2);
  const cpuset = single(args, 'cpuset-cpus');
  if (cpuset !== undefined) resources.cpusetCpus = cpuset;
  const pids = single(args, 'pids-limit');
  if (pids !== undefined) resources.pidsLimit = parseInteger(pids, 'pids limit', 1);
  spec.resources = resources;
  const uidmap = multiple(args, 'uidmap');
  const gidmap = multiple(args, 'gidmap');
  if (uidmap.length > 0 || gidmap.length > 0) {
    if (uidmap.length === 0 || gidmap.length === 0) throw new HutchError('usage', '--uidmap and --gidmap go together', 'give both, e.g. --uidmap 0:100000:65536 --gidmap 0:100000:65536');
    spec.userNamespace = { uidMap: parseIdMaps(uidmap, 'uid map'), gidMap: parseIdMaps(gidmap, 'gid map') };
  }
  const stopSignal = single(args, 'stop-signal');
  if (stopSignal !== undefined) spec.stopSignal = stopSignal;
  return spec;
}

async function attach(started: StartedProcess): Promise<number> {
  if (!started.exit) return 0;
  if (started.ptyMaster !== null) await relayTerminal(started.ptyMaster, started.exit);
  const status = await started.exit;
  return status.code;
}

function summary(c: ContainerInfo): Record<string, unknown> {
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    pid: c.pid,
    rootfs: c.spec.rootfs,
    command: c.spec.command,
    createdAt: c.createdAt,
    startedAt: c.startedAt,
    finishedAt: c.finishedAt,
    exitCode: c.exitCode,
    address: c.network?.address ?? null,
    ports: c.spec.ports,
  };
}

function statusText(c: ContainerInfo): string {
  if (c.status === 'stopped') return `exited (${c.exitCode ?? '?'})`;
  if (c.status === 'creating') return 'creating (interrupted?)';
  return c.status;
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')).join('\n');
}

const commands: Command[] = [
  {
    name: 'run',
    summary: 'create and start a container from a root filesystem directory',
    usage: 'hutch run [OPTIONS] ROOTFS [COMMAND [ARG...]]',
    details:
      'ROOTFS is never written: the container writes to its own overlay layer. Without COMMAND the\n' +
      'container idles until stopped (use `hutch exec` to work in it). In the foreground, run\n' +
      "exits with the command's status; 125 means Hutch failed, 126 the command could not be\n" +
      'run, 127 it was not found.',
    options: [
      { name: 'rm', description: 'remove the container when it ends' },
      { name: 'detach', short: 'd', description: 'start in the background and print the id' },
      ...containerOptions,
    ],
    passesThroughStatus: true,
    takesCommand: true,
    async run(args, ctx) {
      const [rootfs, ...command] = args.positionals;
      if (!rootfs) throw new HutchError('usage', 'run: missing ROOTFS', 'see `hutch run --help`');
      const spec = specFromArguments(args, rootfs, command);
      const detach = flag(args, 'detach');
      if (detach && flag(args, 'rm')) throw new HutchError('usage', 'run: --rm and --detach cannot be combined yet', 'remove it later with `hutch rm`');
      const runtime = ctx.runtime();
      if (detach) {
        const result = await runtime.run(spec, { detach: true, stdio: 'log' });
        ctx.out(ctx.json ? JSON.stringify({ id: result.id, name: result.name }) : result.id);
        return 0;
      }
      // run() removes a container that failed to start, and with --rm the ended one.
      const result = await runtime.run(spec, {
        stdio: 'inherit',
        remove: flag(args, 'rm'),
        onStart: async (started) => {
          if (started.ptyMaster !== null && started.exit) await relayTerminal(started.ptyMaster, started.exit);
        },
      });
      return result.exitCode ?? EXIT_HUTCH_FAILED;
    },
  },
  {
    name: 'create',
    summary: 'create a container without starting it',
    usage: 'hutch create [OPTIONS] ROOTFS [COMMAND [ARG...]]',
    options: containerOptions,
    takesCommand: true,
    async run(args, ctx) {
      const [rootfs, ...command] = args.positionals;
      if (!rootfs) throw new HutchError('usage', 'create: missing ROOTFS', 'see `hutch create --help`');
      const created = await ctx.runtime().create(specFromArguments(args, rootfs, command));
      ctx.out(ctx.json ? JSON.stringify(summary(created)) : created.id);
      return 0;
    },
  },
  {
    name: 'start',
    summary: 'start a created or stopped container',
    usage: 'hutch start [OPTIONS] CONTAINER',
    details: 'Without --attach the container runs in the background with its output in its log.',
    options: [{ name: 'attach', short: 'a', description: "stay attached and exit with the command's status" }],
    passesThroughStatus: true,
    async run(args, ctx) {
      const [ref] = args.positionals;
      if (!ref || args.positionals.length > 1) throw new HutchError('usage', 'start: give exactly one CONTAINER', 'see `hutch start --help`');
      const runtime = ctx.runtime();
      if (flag(args, 'attach')) return attach(await runtime.start(ref, { stdio: 'inherit' }));
      await runtime.start(ref, { stdio: 'log', watch: false });
      ctx.out(ctx.json ? JSON.stringify(summary(await runtime.inspect(ref))) : ref);
      return 0;
    },
  },
  {
    name: 'exec',
    summary: 'run a command in a running container',
    usage: 'hutch exec [OPTIONS] CONTAINER COMMAND [ARG...]',
    details: "Joins the container's namespaces, cgroup and security settings. Exits with the command's status.",
    options: [
      { name: 'tty', short: 't', description: 'give the command a terminal (pty)' },
      { name: 'interactive', short: 'i', description: 'keep stdin attached (always on; accepted for docker habits)' },
      { name: 'env', short: 'e', value: 'multiple', placeholder: 'KEY=VALUE', description: 'set an environment variable' },
      { name: 'workdir', short: 'w', value: 'single', placeholder: 'DIR', description: 'working directory inside' },
      { name: 'user', short: 'u', value: 'single', placeholder: 'UID[:GID]', description: 'run as this user' },
    ],
    passesThroughStatus: true,
    takesCommand: true,
    async run(args, ctx) {
      const [ref, ...command] = args.positionals;
      if (!ref || command.length === 0) throw new HutchError('usage', 'exec: give CONTAINER and COMMAND', 'see `hutch exec --help`');
      const options: Parameters<Runtime['exec']>[2] = { tty: flag(args, 'tty'), env: parseEnv(multiple(args, 'env')) };
      const workdir = single(args, 'workdir');
      if (workdir !== undefined) options.cwd = workdir;
      const user = single(args, 'user');
      if (user !== undefined) options.user = parseUser(user);
      return attach(await ctx.runtime().exec(ref, command, options));
    },
  },
  {
    name: 'ps',
    summary: 'list containers',
    usage: 'hutch ps [OPTIONS]',
    options: [{ name: 'all', short: 'a', description: 'include stopped and interrupted containers' }, { name: 'quiet', short: 'q', description: 'print ids only' }],
    async run(args, ctx) {
      const all = (await ctx.runtime().list()).filter((c) => flag(args, 'all') || c.status === 'running');
      if (ctx.json) ctx.out(JSON.stringify(all.map(summary)));
      else if (flag(args, 'quiet')) all.forEach((c) => ctx.out(c.id.slice(0, 12)));
      else {
        const rows = [['ID', 'NAME', 'STATUS', 'ADDRESS', 'COMMAND']];
        for (const c of all) rows.push([c.id.slice(0, 12), c.name, statusText(c), c.network?.address ?? '-', c.spec.command.join(' ') || '(idle)']);
        ctx.out(table(rows));
      }
      return 0;
    },
  },
  {
    name: 'inspect',
    summary: 'show everything known about a container, as JSON',
    usage: 'hutch inspect CONTAINER',
    options: [],
    async run(args, ctx) {
      const [ref] = args.positionals;
      if (!ref) throw new HutchError('usage', 'inspect: missing CONTAINER', 'see `hutch inspect --help`');
      ctx.out(JSON.stringify(await ctx.runtime().inspect(ref), null, ctx.json ? undefined : 2));
      return 0;
    },
  },
  {
    name: 'stop',
    summary: 'stop containers: the stop signal, a grace period, then SIGKILL',
    usage: 'hutch stop [OPTIONS] CONTAINER...',
    options: [
      { name: 'time', short: 't', value: 'single', placeholder: 'SECONDS', description: 'grace period before SIGKILL (default 10)' },
      { name: 'signal', short: 's', value: 'single', placeholder: 'SIGNAL', description: "signal to send first (default the container's stop signal)" },
    ],
    async run(args, ctx) {
      if (args.positionals.length === 0) throw new HutchError('usage', 'stop: missing CONTAINER', 'see `hutch stop --help`');
      const time = single(args, 'time');
      const signal = single(args, 'signal');
      for (const ref of args.positionals) {
        const options: { timeoutMs?: number; signal?: string } = {};
        if (time !== undefined) options.timeoutMs = parseInteger(time, 'grace period') * 1000;
        if (signal !== undefined) options.signal = signal;
        const info = await ctx.runtime().stop(ref, options);
        ctx.out(ctx.json ? JSON.stringify(summary(info)) : ref);
      }
      return 0;
    },
  },
  {
    name: 'kill',
    summary: "send a signal to containers' init (default SIGKILL)",
    usage: 'hutch kill [OPTIONS] CONTAINER...',
    options: [{ name: 'signal', short: 's', value: 'single', placeholder: 'SIGNAL', description: 'signal to send (default SIGKILL)' }],
    async run(args, ctx) {
      if (args.positionals.length === 0) throw new HutchError('usage', 'kill: missing CONTAINER', 'see `hutch kill --help`');
      for (const ref of args.positionals) {
        await ctx.runtime().kill(ref, single(args, 'signal') ?? 'SIGKILL');
        if (!ctx.json) ctx.out(ref);
      }
      return 0;
    },
  },
  {
    name: 'rm',
    summary: 'remove containers and everything they own',
    usage: 'hutch rm [OPTIONS] CONTAINER...',
    details: 'Also finishes the clean-up of a container whose creation was interrupted.',
    options: [{ name: 'force', short: 'f', description: 'stop running containers first (SIGKILL)' }],
    async run(args, ctx) {
      if (args.positionals.length === 0) throw new HutchError('usage', 'rm: missing CONTAINER', 'see `hutch rm --help`');
      for (const ref of args.positionals) {
        await ctx.runtime().remove(ref, { force: flag(args, 'force') });
        if (!ctx.json) ctx.out(ref);
      }
      return 0;
    },
  },
  {
    name: 'wait',
    summary: 'wait for a container to end and print its exit status',
    usage: 'hutch wait CONTAINER',
    options: [],
    async run(args, ctx) {
      const [ref] = args.positionals;
      if (!ref) throw new HutchError('usage', 'wait: missing CONTAINER', 'see `hutch wait --help`');
      const code = await ctx.runtime().wait(ref);
      ctx.out(ctx.json ? JSON.stringify({ exitCode: code }) : String(code ?? ''));
      return 0;
    },
  },
  lintCommand,
  {
    name: 'version',
    summary: 'print the version',
    usage: 'hutch version',
    options: [],
    async run(_args, ctx) {
      ctx.out(ctx.json ? JSON.stringify({ version: VERSION, node: process.version }) : `hutch ${VERSION}`);
      return 0;
    },
  },
];

function optionHelp(options: readonly OptionSpec[]): string {
  const lines = options.map((o) => {
    const names = `${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.value ? ` ${o.placeholder ?? 'VALUE'}` : ''}`;
    return `  ${names.padEnd(34)} ${o.description}`;
  });
  return lines.join('\n');
}

function commandHelp(c: Command): string {
  const options = [...c.options, jsonOption, stateRootOption, helpOption];
  return `${c.summary}\n\nUsage: ${c.usage}\n${c.details ? `\n${c.details}\n` : ''}\nOptions:\n${optionHelp(options)}\n`;
}

function mainHelp(): string {
  const list = commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n');
  return (
    `Hutch: daemonless dev containers from kernel primitives.\n\n` +
    `Usage: hutch COMMAND [OPTIONS]\n\nCommands:\n${list}\n  help       show help for a command\n\n` +
    `Run \`hutch COMMAND --help\` for a command's options.\n\n` +
    `EXIT STATUS\n  0 success; 2 usage; 3 not found; 4 already exists; 5 invalid argument; 6 wrong state\n` +
    `  (e.g. not running); 7 permission denied; 8 unsupported; 9 runtime failure; 10 system failure.\n` +
    `  run, start -a and exec exit with the command's status, or 125 (Hutch failed), 126 (the\n` +
    `  command could not be run), 127 (the command was not found).\n`
  );
}

export async function main(argv: readonly string[]): Promise<number> {
  const out = (text: string): void => {
    process.stdout.write(`${text}\n`);
  };
  const first = argv[0];
  if (first === undefined || first === '--help' || first === '-h') {
    out(mainHelp());
    return first === undefined ? exitStatusForCode.usage : 0;
  }
  if (first === '--version') return main(['version', ...argv.slice(1)]);
  if (first === 'help') {
    const target = commands.find((c) => c.name === argv[1]);
    out(target ? commandHelp(target) : mainHelp());
    return argv[1] === undefined || target ? 0 : exitStatusForCode.usage;
  }
  const command = commands.find((c) => c.name === first);
  let json = argv.includes('--json');
  if (!command) {
    return report(new HutchError('usage', `unknown command "${first}"`, 'run `hutch --help` for the list'), json, false);
  }
  const holder: { runtime: Runtime | null } = { runtime: null };
  try {
    const parsed = parseArguments(argv.slice(1), [...command.options, jsonOption, stateRootOption, helpOption], command.name, command.takesCommand ?? false);
    json = flag(parsed, 'json');
    if (flag(parsed, 'help')) {
      out(commandHelp(command));
      return 0;
    }
    const stateRoot = single(parsed, 'state-root') ?? process.env.HUTCH_STATE_ROOT ?? DEFAULT_STATE_ROOT;
    const ctx: Context = {
      json,
      stateRoot,
      out,
      runtime: () => {
        if (process.getuid?.() !== 0) {
          throw new HutchError('permission-denied', `hutch ${command.name} needs root until the helper daemon is installed`, 'run it with sudo');
        }
        holder.runtime ??= new Runtime({ stateRoot });
        return holder.runtime;
      },
    };
    return await command.run(parsed, ctx);
  } catch (error) {
    return report(error, json, command.passesThroughStatus ?? false);
  } finally {
    await holder.runtime?.drain().catch(() => undefined);
    holder.runtime?.close();
  }
}

function report(error: unknown, json: boolean, passesThroughStatus: boolean): number {
  const e = isHutchError(error)
    ? error
    : new HutchError('system-failure', `unexpected failure: ${error instanceof Error ? error.message : String(error)}`, 'this is a bug in Hutch; please report it with the command you ran');
  if (json) process.stdout.write(`${JSON.stringify({ error: e.toJSON() })}\n`);
  process.stderr.write(`hutch: ${e.message}\n${e.hint ? `  hint: ${e.hint}\n` : ''}`);
  if (!isHutchError(error) && error instanceof Error && process.env.HUTCH_DEBUG) process.stderr.write(`${error.stack ?? ''}\n`);
  if (passesThroughStatus && e.code !== 'usage') {
    if (e.code === 'not-found' && /in the container/.test(e.message)) return EXIT_NOT_FOUND;
    if (/cannot run .* in the container/.test(e.message)) return EXIT_CANNOT_INVOKE;
    return EXIT_HUTCH_FAILED;
  }
  return exitStatusForCode[e.code];
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`hutch: ${String(error)}\n`);
      process.exitCode = 125;
    },
  );
}
