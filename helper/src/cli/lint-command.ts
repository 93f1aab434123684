/**
 * `hutch lint`: the language server's engine on files and folders, for CI and the terminal.
 * Exit 0 when nothing at or above the failure threshold was found, 1 when something was, and the
 * usual error statuses otherwise (2 usage, 3 a path that does not exist, 5 a broken config).
 */
import { readFile } from 'node:fs/promises';

import { errnoCode, HutchError } from '../errors';
import { severityFromName, withLintSettings, type FailureThreshold, type LintConfig, type LintSettings } from '../../../language-server/src/lint-config';
import { allRules, isAtLeast, lintDockerfile, lintPath, loadLintConfig, parseLintConfig, type FileFindings } from '../../../language-server/src/lint';
import { multiple, single, type OptionSpec, type ParsedArguments } from './arguments';
import { jsonReport, sarifReport, textReport, type ReportInput } from './lint-report';

/** hadolint's default failure threshold: info and above fail, style (hint) does not. */
const DEFAULT_THRESHOLD: FailureThreshold = 'info';
const EXIT_FOUND = 1;
const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

/** What lint needs of the CLI's context (a subset of main.ts's). */
interface LintContext {
  json: boolean;
  out: (text: string) => void;
}

const options: OptionSpec[] = [
  { name: 'format', short: 'f', value: 'single', placeholder: 'FORMAT', description: 'text (default), json or sarif (SARIF 2.1.0)' },
  { name: 'severity', short: 's', value: 'single', placeholder: 'LEVEL', description: 'fail on findings at or above LEVEL: error, warning, info (default), hint, or none' },
  { name: 'ignore', value: 'multiple', placeholder: 'RULE', description: 'do not report RULE (repeatable), e.g. DL3008 or StageNameCasing' },
  { name: 'enable', value: 'multiple', placeholder: 'RULE', description: 'run an opt-in (experimental) rule (repeatable)' },
  { name: 'config', value: 'single', placeholder: 'FILE', description: 'use this .hadolint.yaml instead of the nearest one' },
  { name: 'build-arg', value: 'multiple', placeholder: 'KEY=VALUE', description: 'a build argument, which defines an ARG (repeatable)' },
];

function usage(message: string): HutchError {
  return new HutchError('usage', `lint: ${message}`, 'see `hutch lint --help`');
}

function parseFormat(args: ParsedArguments, ctx: LintContext): Format {
  const given = single(args, 'format');
  if (given === undefined) return ctx.json ? 'json' : 'text';
  if (!(FORMATS as readonly string[]).includes(given)) throw usage(`format "${given}" is not one of ${FORMATS.join(', ')}`);
  if (ctx.json && given !== 'json') throw usage(`--json and --format ${given} disagree`);
  return given as Format;
}

function parseThreshold(args: ParsedArguments): FailureThreshold | null {
  const given = single(args, 'severity');
  if (given === undefined) return null;
  if (given === 'none') return 'none';
  const severity = severityFromName(given);
  if (severity === null) throw usage(`severity "${given}" is not one of error, warning, info, hint, none`);
  return severity;
}

function parseBuildArgs(entries: readonly string[]): Record<string, string> {
  const buildArgs: Record<string, string> = {};
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw usage(`build argument "${entry}" is not KEY=VALUE`);
    buildArgs[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return buildArgs;
}

async function readConfigOption(file: string): Promise<LintConfig> {
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    if (errnoCode(error) === 'ENOENT') throw new HutchError('not-found', `lint: config file ${file} does not exist`, 'give the path of a .hadolint.yaml');
    throw new HutchError('invalid-argument', `lint: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  });
  return parseLintConfig(text, file);
}

async function readStandardInput(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export const lintCommand = {
  name: 'lint',
  summary: 'check Dockerfiles and devcontainer.json files',
  usage: 'hutch lint [OPTIONS] [PATH...]',
  details:
    'PATH is a file or a folder (default: the current folder); folders are searched for\n' +
    'Dockerfile, Containerfile, *.Dockerfile, Dockerfile.*, devcontainer.json and\n' +
    '.devcontainer.json (node_modules and .git are skipped); `-` reads a Dockerfile from stdin.\n' +
    'Each file uses the nearest .hadolint.yaml (up to the repository root) and honours\n' +
    '`# hadolint ignore=`, `# hadolint global|stage ignore=` and BuildKit `# check=` comments.\n' +
    'Exits 1 when a finding is at or above the --severity threshold (default: the config\'s\n' +
    'failure-threshold, else info), 0 otherwise.',
  options,
  async run(args: ParsedArguments, ctx: LintContext): Promise<number> {
    const format = parseFormat(args, ctx);
    const threshold = parseThreshold(args);
    const settings: LintSettings = { ignore: multiple(args, 'ignore'), enable: multiple(args, 'enable') };
    const buildArgs = parseBuildArgs(multiple(args, 'build-arg'));
    const configFile = single(args, 'config');
    const config = configFile !== undefined ? await readConfigOption(configFile) : undefined;
    const paths = args.positionals.length > 0 ? args.positionals : ['.'];

    const files: FileFindings[] = [];
    for (const path of paths) {
      if (path === '-') {
        const base = config ?? loadLintConfig(process.cwd());
        const used = withLintSettings(base, settings);
        files.push({ file: '-', kind: 'dockerfile', findings: lintDockerfile(await readStandardInput(), { path: 'stdin', buildArgs, config: used }), failureThreshold: used.failureThreshold });
        continue;
      }
      files.push(...(await lintPath(path, { ...(config ? { config } : {}), settings, buildArgs })));
    }
    if (files.length === 0) process.stderr.write(`hutch lint: no Dockerfile or devcontainer.json found in ${paths.join(', ')}\n`);

    const thresholdFor = (file: FileFindings): FailureThreshold => threshold ?? file.failureThreshold ?? DEFAULT_THRESHOLD;
    const input: ReportInput<FileFindings> = {
      files,
      cwd: process.cwd(),
      rules: allRules(),
      fails: (file, finding) => {
        const limit = thresholdFor(file);
        return limit !== 'none' && isAtLeast(finding.severity, limit);
      },
    };
    const report = format === 'sarif' ? sarifReport(input) : format === 'json' ? jsonReport(input) : textReport(input);
    if (report !== '') ctx.out(report);
    const failed = files.some((file) => file.findings.some((finding) => input.fails(file, finding)));
    return failed ? EXIT_FOUND : 0;
  },
};
