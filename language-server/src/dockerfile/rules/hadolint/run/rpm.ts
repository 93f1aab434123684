/**
 * hadolint's yum and dnf rules: `-y` (DL3030, DL3038), `clean all` in the same RUN (DL3032,
 * DL3040) and pinned packages (DL3033, DL3041). microdnf counts as dnf, as in hadolint.
 */
import type { Finding } from '../../../../findings';
import { commandName } from '../../../shell/script';
import type { DockerfileRule } from '../../types';
import { report } from '../../rule-definition';
import { type RunInstruction, cacheCovers, commandsWith, hadolintRule, hasFlag, isOnlyExpansion, packageArgs, runInstructions } from './hadolint-rule';

const VALUE_FLAGS = ['-c', '--config', '--installroot', '--releasever', '--setopt', '--enablerepo', '--disablerepo', '-x', '--exclude', '--repo', '--repoid'];

interface Manager {
  tools: readonly string[];
  cacheDirectory: string;
}

const YUM: Manager = { tools: ['yum'], cacheDirectory: '/var/cache/yum' };
const DNF: Manager = { tools: ['dnf', 'microdnf'], cacheDirectory: '/var/cache/dnf' };

function installs(run: RunInstruction, manager: Manager) {
  return commandsWith(run, manager.tools, ['install', 'groupinstall', 'localinstall']).filter((c) => !c.args.some((a) => a.value === 'module'));
}

function yesRule(id: string, manager: Manager, tool: string): DockerfileRule {
  const message = `Use the -y switch to avoid manual input \`${tool} install -y <package\``;
  const rule: DockerfileRule = hadolintRule(id, 'Warning', message, (context) => {
    const findings: Finding[] = [];
    for (const run of runInstructions(context.dockerfile)) {
      for (const command of installs(run, manager)) {
        // microdnf does not ask.
        if (commandName(command) === 'microdnf' || hasFlag(command, ['--assumeyes'], 'y')) continue;
        findings.push(report(rule, command.range, message));
      }
    }
    return findings;
  });
  return rule;
}

function cleanRule(id: string, manager: Manager, tool: string): DockerfileRule {
  const message = `\`${tool} clean all\` missing after ${tool} command.`;
  const rule: DockerfileRule = hadolintRule(id, 'Warning', message, (context) => {
    const findings: Finding[] = [];
    for (const run of runInstructions(context.dockerfile)) {
      if (cacheCovers(run, manager.cacheDirectory)) continue;
      const found = installs(run, manager);
      if (found.length === 0) continue;
      const cleaned = run.commands.some(
        (c) =>
          (manager.tools.includes(commandName(c)) && c.args.some((a) => a.value === 'clean')) ||
          (commandName(c) === 'rm' && c.args.some((a) => a.value.startsWith(manager.cacheDirectory) || a.value.startsWith('/var/cache/yum'))),
      );
      if (!cleaned) findings.push(report(rule, found[0].range, message));
    }
    return findings;
  });
  return rule;
}

function pinRule(id: string, manager: Manager, tool: string): DockerfileRule {
  const message = `Specify version with \`${tool} install -y <package>-<version>\`.`;
  const rule: DockerfileRule = hadolintRule(id, 'Warning', message, (context) => {
    const findings: Finding[] = [];
    for (const run of runInstructions(context.dockerfile)) {
      for (const command of installs(run, manager)) {
        for (const word of packageArgs(command, ['install', 'groupinstall', 'localinstall'], VALUE_FLAGS)) {
          // hadolint: a `-` in the name (`httpd-2.4.6`) or an .rpm file counts as pinned.
          if (word.value.includes('-') || word.value.endsWith('.rpm') || isOnlyExpansion(word.value)) continue;
          findings.push(report(rule, word.range, message));
        }
      }
    }
    return findings;
  });
  return rule;
}

export const DL3030 = yesRule('DL3030', YUM, 'yum');
export const DL3032 = cleanRule('DL3032', YUM, 'yum');
export const DL3033 = pinRule('DL3033', YUM, 'yum');
export const DL3038 = yesRule('DL3038', DNF, 'dnf');
export const DL3040 = cleanRule('DL3040', DNF, 'dnf');
export const DL3041 = pinRule('DL3041', DNF, 'dnf');
