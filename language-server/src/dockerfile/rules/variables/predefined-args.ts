/**
 * The variables BuildKit defines before reading a Dockerfile, and what a base image brings.
 *
 * The platform ARGs live in the global scope (usable in FROM; a stage must declare `ARG NAME`
 * to see them). Their values depend on the builder, which a linter does not know, so Hutch uses
 * linux/amd64; the checks only ask whether they are defined, and whether a platform value parses.
 * A --build-arg of the same name overrides the value, as in BuildKit (dockerfile2llb defaultArgs).
 */

/** Platform the predefined ARGs describe when the build does not say. */
export const ASSUMED_PLATFORM = { os: 'linux', architecture: 'amd64', variant: '' } as const;

export function predefinedGlobalArgs(buildArgs: Readonly<Record<string, string>>): Map<string, string> {
  const platform = `${ASSUMED_PLATFORM.os}/${ASSUMED_PLATFORM.architecture}`;
  const defaults: Array<[string, string]> = [
    ['BUILDPLATFORM', platform],
    ['BUILDOS', ASSUMED_PLATFORM.os],
    ['BUILDOSVERSION', ''],
    ['BUILDARCH', ASSUMED_PLATFORM.architecture],
    ['BUILDVARIANT', ASSUMED_PLATFORM.variant],
    ['TARGETPLATFORM', platform],
    ['TARGETOS', ASSUMED_PLATFORM.os],
    ['TARGETOSVERSION', ''],
    ['TARGETARCH', ASSUMED_PLATFORM.architecture],
    ['TARGETVARIANT', ASSUMED_PLATFORM.variant],
    ['TARGETSTAGE', ''],
  ];
  const values = new Map<string, string>();
  for (const [name, value] of defaults) {
    values.set(name, Object.prototype.hasOwnProperty.call(buildArgs, name) ? (buildArgs[name] ?? value) : value);
  }
  return values;
}

/** BuildKit's default PATH, which every Linux stage has (dockerfile2llb: "make sure that PATH is always set"). */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * The environment a stage starts with when its base is an image. BuildKit reads the image's
 * config from the registry and counts its ENV as defined; offline, Hutch knows only what every
 * Linux image has after BuildKit fills it in: PATH. So a variable that only the base image
 * defines (say NODE_VERSION in node images) is reported by UndefinedVar where BuildKit would
 * stay quiet.
 */
export function baseImageEnvironment(): Map<string, string> {
  return new Map([['PATH', DEFAULT_PATH]]);
}

/**
 * ARGs BuildKit uses itself and never puts in the environment (dockerfile2llb nonEnvArgs):
 * UndefinedVar ignores them.
 */
export const NON_ENVIRONMENT_ARGS: ReadonlySet<string> = new Set(['BUILDKIT_SBOM_SCAN_CONTEXT', 'BUILDKIT_SBOM_SCAN_STAGE']);
