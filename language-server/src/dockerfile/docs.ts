/**
 * What each Dockerfile instruction and flag does, in a line or two, for hover and completion.
 * Written from the Dockerfile reference (https://docs.docker.com/reference/dockerfile/); the
 * flags are those BuildKit's frontend accepts (instructions/parse.go), labs-only ones marked.
 */

export interface FlagDoc {
  name: string;
  /** How the value is written, e.g. "<platform>"; null for a flag without a value. */
  value: string | null;
  summary: string;
}

export interface InstructionDoc {
  name: string;
  /** The forms it is written in. */
  syntax: string[];
  summary: string;
  flags: FlagDoc[];
  /** The reference section. */
  url: string;
}

const REFERENCE = 'https://docs.docker.com/reference/dockerfile/';

function doc(name: string, syntax: string[], summary: string, flags: FlagDoc[] = []): InstructionDoc {
  return { name, syntax, summary, flags, url: `${REFERENCE}#${name.toLowerCase()}` };
}

const CHOWN: FlagDoc = { name: 'chown', value: '<user>:<group>', summary: 'Owner of the copied files (Linux only); default 0:0.' };
const CHMOD: FlagDoc = { name: 'chmod', value: '<perms>', summary: 'Mode of the copied files, octal (`755`) or symbolic (`u+x`).' };
const LINK: FlagDoc = {
  name: 'link',
  value: null,
  summary: 'Copy into an independent layer, so the layer is reused even when earlier layers change.',
};
const EXCLUDE: FlagDoc = { name: 'exclude', value: '<path>', summary: 'Leave out files matching this pattern (repeatable).' };

export const INSTRUCTION_DOCS: readonly InstructionDoc[] = [
  doc('FROM', ['FROM [--platform=<platform>] <image> [AS <name>]'], 'Starts a build stage from a base image (or `scratch`, or an earlier stage by name).', [
    { name: 'platform', value: '<platform>', summary: 'Platform of the base image, e.g. `linux/amd64` or `$BUILDPLATFORM`.' },
  ]),
  doc('RUN', ['RUN [OPTIONS] <command>', 'RUN [OPTIONS] ["executable", "param1", ...]'], 'Runs a command in a new layer on top of the current image.', [
    { name: 'mount', value: 'type=<cache|bind|tmpfs|secret|ssh>[,option=value...]', summary: 'Mounts a cache, the build context or a stage, a secret or an SSH agent while the command runs.' },
    { name: 'network', value: '<default|none|host>', summary: 'Network the command runs with; `none` has only loopback.' },
    { name: 'security', value: '<sandbox|insecure>', summary: '`insecure` runs the command with full privileges (needs the entitlement).' },
  ]),
  doc('CMD', ['CMD ["executable", "param1", ...]', 'CMD ["param1", ...]', 'CMD command param1 ...'], 'The default command of a container (or default arguments of ENTRYPOINT). Only the last CMD counts.'),
  doc('LABEL', ['LABEL <key>=<value> [<key>=<value>...]'], 'Adds metadata to the image.'),
  doc('MAINTAINER', ['MAINTAINER <name>'], 'Deprecated: use `LABEL org.opencontainers.image.authors=...`.'),
  doc('EXPOSE', ['EXPOSE <port>[/<protocol>] ...'], 'Documents the ports the container listens on (does not publish them).'),
  doc('ENV', ['ENV <key>=<value> [<key>=<value>...]'], 'Sets environment variables for the rest of the stage and for containers from the image.'),
  doc('ADD', ['ADD [OPTIONS] <src>... <dest>', 'ADD [OPTIONS] ["<src>", ... "<dest>"]'], 'Adds files from the context, a URL or a git repository; local tar archives are extracted.', [
    CHOWN,
    CHMOD,
    LINK,
    EXCLUDE,
    { name: 'checksum', value: '<hash>', summary: 'Verify a remote source against this checksum, e.g. `sha256:...`.' },
    { name: 'keep-git-dir', value: null, summary: 'Keep the `.git` folder when adding a git repository.' },
  ]),
  doc('COPY', ['COPY [OPTIONS] <src>... <dest>', 'COPY [OPTIONS] ["<src>", ... "<dest>"]'], 'Copies files from the build context, a stage or an image.', [
    { name: 'from', value: '<stage|image|context>', summary: 'Copy from an earlier build stage (by name or index), an image or a named context instead of the build context.' },
    CHOWN,
    CHMOD,
    LINK,
    EXCLUDE,
    { name: 'parents', value: null, summary: 'Keep the parent folders of the sources (`COPY --parents a/b/c /dst` makes /dst/a/b/c).' },
  ]),
  doc('ENTRYPOINT', ['ENTRYPOINT ["executable", "param1", ...]', 'ENTRYPOINT command param1 ...'], 'The executable a container runs; CMD supplies its default arguments. Only the last ENTRYPOINT counts.'),
  doc('VOLUME', ['VOLUME ["/data"]', 'VOLUME /data ...'], 'Marks paths that hold externally mounted volumes.'),
  doc('USER', ['USER <user>[:<group>]', 'USER <uid>[:<gid>]'], 'The user (and group) the rest of the stage and containers from the image run as.'),
  doc('WORKDIR', ['WORKDIR /path/to/workdir'], 'Sets the working directory for the following instructions; created if missing. Use absolute paths.'),
  doc('ARG', ['ARG <name>[=<default value>] ...'], 'Declares a build argument, set with `--build-arg`. Before the first FROM it is global, usable in FROM lines; a stage must declare it again to use it.'),
  doc('ONBUILD', ['ONBUILD <INSTRUCTION>'], 'Adds a trigger that runs when the image is used as the base of another build.'),
  doc('STOPSIGNAL', ['STOPSIGNAL signal'], 'The signal sent to stop the container, e.g. `SIGTERM` or `9`.'),
  doc('HEALTHCHECK', ['HEALTHCHECK [OPTIONS] CMD command', 'HEALTHCHECK NONE'], 'How to test that the container still works. Only the last HEALTHCHECK counts.', [
    { name: 'interval', value: '<duration>', summary: 'Time between checks (default 30s).' },
    { name: 'timeout', value: '<duration>', summary: 'Time a check may take before it counts as failed (default 30s).' },
    { name: 'start-period', value: '<duration>', summary: 'Start-up time during which failures do not count (default 0s).' },
    { name: 'start-interval', value: '<duration>', summary: 'Time between checks during the start period (default 5s).' },
    { name: 'retries', value: '<n>', summary: 'Consecutive failures before the container is unhealthy (default 3).' },
  ]),
  doc('SHELL', ['SHELL ["executable", "parameters"]'], 'The shell that runs shell-form RUN, CMD and ENTRYPOINT (default `["/bin/sh", "-c"]`).'),
];

const BY_NAME = new Map(INSTRUCTION_DOCS.map((d) => [d.name, d]));

export function instructionDoc(name: string): InstructionDoc | undefined {
  return BY_NAME.get(name.toUpperCase());
}

export function flagDoc(instruction: string, flag: string): FlagDoc | undefined {
  return instructionDoc(instruction)?.flags.find((f) => f.name === flag.toLowerCase());
}

/** Markdown for hover. */
export function instructionMarkdown(d: InstructionDoc): string {
  return [`**${d.name}**`, '', '```dockerfile', ...d.syntax, '```', '', d.summary, '', `[Dockerfile reference](${d.url})`].join('\n');
}

export function flagMarkdown(instruction: InstructionDoc, flag: FlagDoc): string {
  return [`**${instruction.name} --${flag.name}${flag.value ? `=${flag.value}` : ''}**`, '', flag.summary, '', `[Dockerfile reference](${instruction.url})`].join('\n');
}

/** Build arguments the builder defines by itself in the global scope. */
export const AUTOMATIC_PLATFORM_ARGS: readonly string[] = [
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETARCH',
  'TARGETVARIANT',
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDARCH',
  'BUILDVARIANT',
];
