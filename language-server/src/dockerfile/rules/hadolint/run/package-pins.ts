/** hadolint's pins for gem and go: DL3028 (`gem install <gem>:<version>`), DL3062 (`go install <package>@<version>`). */
import type { Finding } from '../../../../findings';
import { report } from '../../rule-definition';
import { commandsWith, hadolintRule, isOnlyExpansion, packageArgs, runInstructions } from './hadolint-rule';

const GEM_VALUE_FLAGS = ['-v', '--version', '-i', '--install-dir', '-n', '--bindir', '-s', '--source', '-P', '--trust-policy', '--platform'];

export const DL3028 = hadolintRule('DL3028', 'Warning', 'Pin versions in gem install', (context) => {
  const findings: Finding[] = [];
  for (const run of runInstructions(context.dockerfile)) {
    for (const command of commandsWith(run, ['gem'], ['install'])) {
      if (command.args.some((a) => a.value === '-v' || a.value === '--version' || a.value.startsWith('--version='))) continue;
      for (const word of packageArgs(command, ['install'], GEM_VALUE_FLAGS)) {
        if (word.value.includes(':') || word.value.endsWith('.gem') || isOnlyExpansion(word.value)) continue;
        findings.push(report(DL3028, word.range, 'Pin versions in gem install. Instead of `gem install <gem>` use `gem install <gem>:<version>`'));
      }
    }
  }
  return findings;
});

/** `go install std`: the standard library, which comes with the toolchain. */
const GO_PATTERNS = new Set(['std', 'cmd', 'all']);

export const DL3062 = hadolintRule('DL3062', 'Warning', 'Pin versions in go install', (context) => {
  const findings: Finding[] = [];
  for (const run of runInstructions(context.dockerfile)) {
    for (const command of commandsWith(run, ['go'], ['install'])) {
      for (const word of packageArgs(command, ['install'], ['-C', '-o', '-p', '-tags', '-ldflags', '-gcflags', '-mod', '-modfile', '-pkgdir', '-toolexec', '-exec'])) {
        const v = word.value;
        // Packages of the module being built (`.`, `./cmd/...`) are pinned by its go.mod; `@latest` is no pin.
        if (/^[./]/.test(v) || GO_PATTERNS.has(v) || isOnlyExpansion(v) || (v.includes('@') && !v.endsWith('@latest'))) continue;
        findings.push(report(DL3062, word.range, 'Pin versions in go install. Instead of `go install <package>` use `go install <package>@<version>`'));
      }
    }
  }
  return findings;
});
