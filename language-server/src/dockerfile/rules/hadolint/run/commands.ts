/**
 * hadolint's rules on single commands of a RUN: DL3001 (pointless commands in a container),
 * DL3003 (`cd` instead of WORKDIR), DL3004 (`sudo`), DL3046 (`useradd` with a high UID and no
 * `-l`), DL4005 (`ln` over /bin/sh instead of SHELL).
 */
import type { Finding } from '../../../../findings';
import { type SimpleCommand, commandName } from '../../../shell/script';
import type { DockerfileRule } from '../../types';
import { report } from '../../rule-definition';
import { hadolintRule, runInstructions } from './hadolint-rule';

/** A rule reporting each command `matches` accepts, on the command's name. */
function commandRule(id: string, severity: 'Error' | 'Warning' | 'Info', message: string, matches: (command: SimpleCommand) => boolean): DockerfileRule {
  const rule: DockerfileRule = hadolintRule(id, severity, message, (context) => {
    const findings: Finding[] = [];
    for (const run of runInstructions(context.dockerfile)) {
      for (const command of run.commands) if (matches(command)) findings.push(report(rule, command.words[0].range, message));
    }
    return findings;
  });
  return rule;
}

const POINTLESS = new Set(['free', 'kill', 'mount', 'ps', 'service', 'shutdown', 'ssh', 'top', 'vim', 'ifconfig']);

export const DL3001 = commandRule(
  'DL3001',
  'Info',
  'For some bash commands it makes no sense running them in a Docker container like `ssh`, `vim`, `shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount`, `ifconfig`',
  (command) => POINTLESS.has(commandName(command)),
);

export const DL3003 = commandRule('DL3003', 'Warning', 'Use WORKDIR to switch to a directory', (command) => commandName(command) === 'cd');

export const DL3004 = commandRule(
  'DL3004',
  'Error',
  'Do not use sudo as it leads to unpredictable behavior. Use a tool like gosu to enforce root',
  (command) => commandName(command) === 'sudo',
);

/** The UID given with -u / --uid, if any. */
function uid(command: SimpleCommand): string | null {
  for (let k = 0; k < command.args.length; k++) {
    const v = command.args[k].value;
    if (v === '-u' || v === '--uid') return command.args[k + 1]?.value ?? null;
    if (v.startsWith('--uid=')) return v.slice('--uid='.length);
    if (/^-u\S/.test(v)) return v.slice(2);
  }
  return null;
}

export const DL3046 = commandRule(
  'DL3046',
  'Warning',
  '`useradd` without flag `-l` and high UID will result in excessively large Image.',
  (command) => {
    if (commandName(command) !== 'useradd') return false;
    const noLog = command.args.some((a) => a.value === '--no-log-init' || /^-[A-Za-z]*l[A-Za-z]*$/.test(a.value));
    const id = uid(command);
    // hadolint's threshold: a UID longer than five characters (the lastlog file grows with it).
    return !noLog && id !== null && id.length > 5;
  },
);

export const DL4005 = commandRule(
  'DL4005',
  'Warning',
  'Use SHELL to change the default shell',
  (command) => commandName(command) === 'ln' && command.args.some((a) => a.value === '/bin/sh'),
);
