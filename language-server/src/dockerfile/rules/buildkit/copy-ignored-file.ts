/**
 * BuildKit's CopyIgnoredFile: COPY or ADD of a build-context path that .dockerignore excludes,
 * which the build then cannot find. As in BuildKit, nothing is reported when .dockerignore has
 * exceptions (`!pattern`): a folder may be excluded while a file inside it is let back in, which
 * cannot be decided without the files. `.` and `/` are reported only when a pattern excludes
 * everything (`*`, `**`, `**\/*`).
 */
import type { Finding } from '../../../findings';
import { buildModel } from '../build-model';
import { cleanPath, DockerignoreMatcher } from '../dockerignore';
import { argumentRange } from '../finding-ranges';
import { goQuoted } from '../go-quote';
import { buildkitRule, report } from '../rule-definition';
import type { DockerfileRuleContext } from '../types';

export const COPY_IGNORED_FILE = buildkitRule('CopyIgnoredFile', 'Attempting to Copy file that is excluded by .dockerignore', (context) => copyIgnoredFile(context));

const EXCLUDES_EVERYTHING = new Set(['*', '**', '**/*']);
/** ADD sources that are not in the build context. */
const REMOTE_SOURCE = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@)/i;

export function copyIgnoredFile(context: DockerfileRuleContext): Finding[] {
  if (context.dockerignore === null) return [];
  const matcher = DockerignoreMatcher.fromFile(context.dockerignore);
  if (matcher.patterns.length === 0 || matcher.hasExceptions) return [];
  const rootExcluded = matcher.patterns.some((p) => !p.exception && EXCLUDES_EVERYTHING.has(p.text));
  const findings: Finding[] = [];
  for (const stage of buildModel(context).stages) {
    for (const state of stage.instructions) {
      const { instruction } = state;
      const isAdd = instruction.name === 'ADD';
      if (!isAdd && (instruction.name !== 'COPY' || instruction.flags.some((f) => f.name === 'from'))) continue;
      for (const word of state.words) {
        if (word.role !== 'source' || word.expansion.error !== null) continue;
        const source = word.expansion.result;
        if (isAdd && REMOTE_SOURCE.test(source)) continue;
        const path = cleanPath(source);
        if ((path === '.' || path === '/') && !rootExcluded) continue;
        if (!matcher.matchesOrParentMatches(path)) continue;
        findings.push(
          report(
            COPY_IGNORED_FILE,
            argumentRange(context.dockerfile, instruction, word.text),
            `Attempting to ${isAdd ? 'Add' : 'Copy'} file ${goQuoted(path)} that is excluded by .dockerignore`,
          ),
        );
      }
    }
  }
  return findings;
}
