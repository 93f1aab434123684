/**
 * BuildKit's InvalidDefinitionDescription (experimental, so opt-in): a comment directly above a
 * named FROM or an ARG is its description for `docker build --call=outline/targets` only when it
 * starts with the stage or ARG name (`# VERSION the release to build`); any other comment there is
 * reported. An empty line or an empty `#` line in between detaches the comment.
 */
import type { Finding } from '../../../findings';
import type { Dockerfile } from '../../ast';
import { registeredStageName } from '../build-model';
import { instructionRange } from '../finding-ranges';
import { parseArgDefinitions } from '../key-value-arguments';
import { attachedComments } from '../previous-comments';
import { buildkitRule, report } from '../rule-definition';

export const INVALID_DEFINITION_DESCRIPTION = buildkitRule(
  'InvalidDefinitionDescription',
  'Comment for build stage or argument should follow the format: `# <arg/stage name> <description>`. If this is not intended to be a description comment, add an empty line or comment between the instruction and the comment.',
  ({ dockerfile }) => invalidDefinitionDescription(dockerfile),
  { optIn: true },
);

export function invalidDefinitionDescription(dockerfile: Dockerfile): Finding[] {
  const comments = attachedComments(dockerfile);
  const stageNames = new Map(dockerfile.stages.map((stage) => [stage.from, registeredStageName(stage)]));
  const findings: Finding[] = [];
  for (const instruction of dockerfile.instructions) {
    let names: string[];
    if (instruction.name === 'FROM') {
      const name = stageNames.get(instruction);
      names = name ? [name] : [];
    } else if (instruction.name === 'ARG') {
      names = parseArgDefinitions(instruction.argsText, dockerfile.escapeChar).definitions.map((d) => d.name);
    } else continue;
    const attached = comments.get(instruction) ?? [];
    const last = attached[attached.length - 1];
    if (names.length === 0 || last === undefined) continue;
    if (names.includes(last.split(' ')[0] ?? '')) continue;
    const example = names.length > 1 ? '<arg_key>' : names[0];
    findings.push(
      report(
        INVALID_DEFINITION_DESCRIPTION,
        instructionRange(dockerfile, instruction),
        `Comment for ${instruction.name} should follow the format: \`# ${example} <description>\``,
      ),
    );
  }
  return findings;
}
