/**
 * COPY --from and RUN --mount from= name a stage (by name, or by index for COPY) or else an
 * image. BuildKit builds the stages in order, so (dockerfile2llb toCommand, dispatch,
 * validateCircularDependency):
 *
 * - circular-stage-dependency: a stage that copies from itself, or stages that copy from each
 *   other ("circular dependency detected on stage: a");
 * - copy-from-later-stage: COPY --from a stage defined further down ("cannot copy from stage
 *   "b", it needs to be defined before current stage "a"");
 * - mount-from-later-stage: the same for RUN --mount=from=...;
 * - copy-from-unknown-stage: an index with no stage ("invalid stage index 3"), or a name that is
 *   no stage and no valid image reference either. A name that is no stage but a valid image is
 *   pulled as an image; when it is one typo away from a stage name it is reported as a warning
 *   (did you mean ...?), as the build would most likely fail pulling it (unless a named
 *   build context of that name is passed with --build-context);
 * - copy-from-variable: `--from=$VAR`, which BuildKit does not expand.
 */
import type { Finding } from '../../../findings';
import type { Dockerfile, Flag, Instruction, Stage } from '../../ast';
import { registeredStageName } from '../build-model';
import { onFirstLine } from '../finding-ranges';
import { goQuoted } from '../go-quote';
import { imageReferenceError } from '../image-reference';
import { hutchRule, report } from '../rule-definition';
import { closestOption } from '../suggestion';
import { expandWord, NO_VARIABLES } from '../variables/shell-expansion';

export const CIRCULAR_STAGE_DEPENDENCY = hutchRule('circular-stage-dependency', 'Stages that copy from themselves or from each other', ({ dockerfile }) => stageReferenceFindings(dockerfile).circular);
export const COPY_FROM_LATER_STAGE = hutchRule('copy-from-later-stage', 'COPY --from a stage defined after the current one', ({ dockerfile }) => stageReferenceFindings(dockerfile).laterCopy);
export const MOUNT_FROM_LATER_STAGE = hutchRule('mount-from-later-stage', 'RUN --mount from a stage defined after the current one', ({ dockerfile }) => stageReferenceFindings(dockerfile).laterMount);
export const COPY_FROM_UNKNOWN_STAGE = hutchRule('copy-from-unknown-stage', 'COPY --from a stage index or name that does not exist', ({ dockerfile }) => stageReferenceFindings(dockerfile).unknown);
export const COPY_FROM_VARIABLE = hutchRule('copy-from-variable', 'COPY --from with a variable, which BuildKit does not expand', ({ dockerfile }) => stageReferenceFindings(dockerfile).variable);

interface StageReference {
  kind: 'copy' | 'mount';
  instruction: Instruction;
  flag: Flag;
  /** As written. */
  value: string;
  /** The mount's target, for BuildKit's message. */
  target: string;
  from: number;
  to: number;
}

interface StageReferenceFindings {
  circular: Finding[];
  laterCopy: Finding[];
  laterMount: Finding[];
  unknown: Finding[];
  variable: Finding[];
}

/** The name BuildKit gives a stage in messages: its name, or stage-N. */
function stageLabel(stage: Stage, stageCount: number): string {
  if (stageCount === 1) return '';
  return registeredStageName(stage) ?? `stage-${stage.index}`;
}

/** The from= and target= of a --mount value (`type=bind,from=build,target=/src`). */
function mountFields(spec: string): { from: string | null; target: string } {
  let from: string | null = null;
  let target = '';
  for (const field of spec.split(',')) {
    const equals = field.indexOf('=');
    const key = (equals < 0 ? field : field.slice(0, equals)).trim().toLowerCase();
    const value = equals < 0 ? '' : field.slice(equals + 1);
    if (key === 'from') from = value;
    else if (key === 'target' || key === 'dst' || key === 'destination') target = value;
  }
  return { from, target };
}

function compute(dockerfile: Dockerfile): StageReferenceFindings {
  const findings: StageReferenceFindings = { circular: [], laterCopy: [], laterMount: [], unknown: [], variable: [] };
  const stages = dockerfile.stages;
  const byName = new Map<string, number>();
  for (const stage of stages) {
    const name = registeredStageName(stage);
    if (name !== null) byName.set(name, stage.index);
  }
  const stageNames = [...byName.keys()];
  const references: StageReference[] = [];

  for (const stage of stages) {
    for (const instruction of stage.instructions) {
      const range = (flag: Flag): ReturnType<typeof onFirstLine> => onFirstLine(dockerfile, instruction, flag.valueRange ?? flag.range);
      if (instruction.name === 'COPY') {
        const flag = instruction.flags.find((f) => f.name === 'from' && f.value !== null && f.value !== '');
        if (!flag || flag.value === null) continue;
        const value = flag.value;
        if (expandWord(value, NO_VARIABLES, { escapeChar: dockerfile.escapeChar }).result !== value) {
          findings.variable.push(
            report(COPY_FROM_VARIABLE, range(flag), 'variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround'),
          );
          continue;
        }
        if (/^[+-]?\d+$/.test(value)) {
          const index = Number(value);
          if (index < 0 || index >= stages.length) findings.unknown.push(report(COPY_FROM_UNKNOWN_STAGE, range(flag), `invalid stage index ${index}`));
          else references.push({ kind: 'copy', instruction, flag, value, target: '', from: stage.index, to: index });
          continue;
        }
        const target = byName.get(value.toLowerCase());
        if (target !== undefined) {
          references.push({ kind: 'copy', instruction, flag, value, target: '', from: stage.index, to: target });
          continue;
        }
        const referenceError = imageReferenceError(value);
        if (referenceError !== null) {
          findings.unknown.push(report(COPY_FROM_UNKNOWN_STAGE, range(flag), `${goQuoted(value)} is not a stage of this Dockerfile, nor a valid image reference: ${referenceError}`));
          continue;
        }
        const suggestion = closestOption(value.toLowerCase(), stageNames, true);
        if (suggestion !== null) {
          findings.unknown.push({
            ...report(COPY_FROM_UNKNOWN_STAGE, range(flag), `${goQuoted(value)} is not a stage of this Dockerfile, so it is pulled as an image (did you mean ${suggestion}?)`),
            severity: 'warning',
          });
        }
      } else if (instruction.name === 'RUN') {
        for (const flag of instruction.flags) {
          if (flag.name !== 'mount' || flag.value === null) continue;
          const mount = mountFields(flag.value);
          if (mount.from === null || mount.from === '') continue;
          const target = byName.get(mount.from.toLowerCase());
          if (target !== undefined) references.push({ kind: 'mount', instruction, flag, value: mount.from, target: mount.target, from: stage.index, to: target });
        }
      }
    }
  }

  // A reference is circular when the stage it names depends, through references, on the stage
  // making it.
  const edges = new Map<number, Set<number>>();
  for (const reference of references) {
    const targets = edges.get(reference.from) ?? new Set<number>();
    targets.add(reference.to);
    edges.set(reference.from, targets);
  }
  const reaches = (start: number, goal: number): boolean => {
    const seen = new Set<number>();
    const pending = [start];
    while (pending.length > 0) {
      const current = pending.pop() as number;
      if (current === goal) return true;
      if (seen.has(current)) continue;
      seen.add(current);
      for (const next of edges.get(current) ?? []) pending.push(next);
    }
    return false;
  };

  for (const reference of references) {
    const current = stages[reference.from];
    const named = stages[reference.to];
    if (!current || !named) continue;
    const where = onFirstLine(dockerfile, reference.instruction, reference.flag.valueRange ?? reference.flag.range);
    if (reaches(reference.to, reference.from)) {
      // BuildKit names the first stage, in file order, from which it finds the cycle.
      const first = stages.find((s) => s.index === Math.min(...[...edges.keys()].filter((i) => reaches(i, reference.from) && reaches(reference.from, i))));
      findings.circular.push(report(CIRCULAR_STAGE_DEPENDENCY, where, `circular dependency detected on stage: ${stageLabel(first ?? current, stages.length)}`));
    } else if (reference.to > reference.from) {
      if (reference.kind === 'copy') {
        findings.laterCopy.push(
          report(COPY_FROM_LATER_STAGE, where, `cannot copy from stage ${goQuoted(reference.value)}, it needs to be defined before current stage ${goQuoted(stageLabel(current, stages.length))}`),
        );
      } else {
        findings.laterMount.push(
          report(MOUNT_FROM_LATER_STAGE, where, `cannot mount from stage ${goQuoted(reference.value)} to ${goQuoted(reference.target)}, stage needs to be defined before current command`),
        );
      }
    }
  }
  return findings;
}

const cache = new WeakMap<Dockerfile, StageReferenceFindings>();

export function stageReferenceFindings(dockerfile: Dockerfile): StageReferenceFindings {
  let findings = cache.get(dockerfile);
  if (!findings) {
    findings = compute(dockerfile);
    cache.set(dockerfile, findings);
  }
  return findings;
}
