/** hadolint's pip rules: DL3013 (pin versions), DL3042 (`--no-cache-dir`, or ENV PIP_NO_CACHE_DIR). */
import type { Finding } from '../../../../findings';
import type { ShellWord, SimpleCommand } from '../../../shell/script';
import { commandName } from '../../../shell/script';
import { report } from '../../rule-definition';
import { type RunInstruction, cacheCovers, hadolintRule, isOnlyExpansion, runInstructions } from './hadolint-rule';

const PIP_VALUE_FLAGS = [
  '-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url',
  '-f', '--find-links', '-t', '--target', '--prefix', '--root', '--src', '--upgrade-strategy', '--platform',
  '--python-version', '--implementation', '--abi', '--trusted-host', '--proxy', '--timeout', '--retries',
  '--cache-dir', '--log', '--exists-action', '--cert', '--client-cert', '--progress-bar', '--no-binary',
  '--only-binary', '--global-option', '--install-option', '--config-settings', '-C',
];

interface PipInstall {
  command: SimpleCommand;
  /** The arguments after `install`. */
  args: ShellWord[];
}

/** `pip install ...`, `pip3.11 install ...`, `python3 -m pip install ...`. */
function pipInstalls(run: RunInstruction): PipInstall[] {
  const installs: PipInstall[] = [];
  for (const command of run.commands) {
    const name = commandName(command);
    let rest: ShellWord[] | null = null;
    if (/^pip[0-9.]*$/.test(name)) rest = command.args;
    else if (/^python[0-9.]*$/.test(name)) {
      const m = command.args.findIndex((a) => a.value === '-m');
      if (m >= 0 && /^pip[0-9.]*$/.test(command.args[m + 1]?.value ?? '')) rest = command.args.slice(m + 2);
    }
    if (rest === null) continue;
    const install = rest.findIndex((a) => !a.value.startsWith('-'));
    if (install < 0 || rest[install].value !== 'install') continue;
    installs.push({ command, args: rest.slice(install + 1) });
  }
  return installs;
}

function pinned(value: string): boolean {
  return (
    /[=<>~!@]/.test(value) ||
    value.includes('/') ||
    value.startsWith('.') ||
    /\.(?:whl|tar\.gz|tgz|zip)$/.test(value) ||
    isOnlyExpansion(value)
  );
}

export const DL3013 = hadolintRule('DL3013', 'Warning', 'Pin versions in pip', (context) => {
  const findings: Finding[] = [];
  for (const run of runInstructions(context.dockerfile)) {
    for (const { args } of pipInstalls(run)) {
      for (let k = 0; k < args.length; k++) {
        const v = args[k].value;
        if (v.startsWith('-')) {
          if (PIP_VALUE_FLAGS.includes(v)) k++;
          continue;
        }
        if (pinned(v)) continue;
        findings.push(
          report(DL3013, args[k].range, 'Pin versions in pip. Instead of `pip install <package>` use `pip install <package>==<version>` or `pip install --requirement <requirements file>`'),
        );
      }
    }
  }
  return findings;
});

/** The values of PIP_NO_CACHE_DIR that hadolint takes as turning the cache off. */
const TRUTHY = new Set(['1', 'true', 'True', 'TRUE', 'on', 'On', 'ON', 'yes', 'Yes', 'YES']);

/** ENV PIP_NO_CACHE_DIR=<truthy> in the stage (or one it builds on), or `PIP_NO_CACHE_DIR=1` in the RUN. */
function cacheDisabledByEnv(run: RunInstruction): boolean {
  if (TRUTHY.has(run.env.get('PIP_NO_CACHE_DIR') ?? '')) return true;
  return run.scripts.some((script) => {
    const match = /PIP_NO_CACHE_DIR=["']?([A-Za-z0-9]*)/.exec(script.source.text);
    return match !== null && TRUTHY.has(match[1]);
  });
}

export const DL3042 = hadolintRule('DL3042', 'Warning', 'Avoid use of cache directory with pip. Use `pip install --no-cache-dir <package>`', (context) => {
  const findings: Finding[] = [];
  for (const run of runInstructions(context.dockerfile)) {
    if (cacheDisabledByEnv(run) || cacheCovers(run, '/root/.cache/pip') || run.cacheTargets.some((t) => t.endsWith('/.cache/pip'))) continue;
    for (const { command, args } of pipInstalls(run)) {
      if (args.some((a) => a.value === '--no-cache-dir')) continue;
      findings.push(report(DL3042, command.range, 'Avoid use of cache directory with pip. Use `pip install --no-cache-dir <package>`'));
    }
  }
  return findings;
});
