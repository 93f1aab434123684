/**
 * The flags before an instruction's arguments, checked as BuildKit's BFlags.Parse does:
 *
 * - unknown-flag: a flag the instruction does not take (`COPY --form=build`);
 * - flag-missing-value: `--from` without `=value`, or a boolean flag with an empty `--link=`;
 * - flag-not-boolean: a boolean flag set to something else than true or false;
 * - duplicate-flag: a flag given twice that cannot be repeated (only --mount, --exclude and
 *   --device can).
 *
 * A bare `--` ends the flags. STOPSIGNAL's flags are never read by BuildKit, so never reported.
 */
import type { Finding } from '../../../findings';
import type { Dockerfile, Flag, Instruction } from '../../ast';
import { FLAGS_IGNORED, flagsOf, instructionsWithTriggers, isKnownInstruction, type FlagKind, type InstructionName } from '../instruction-grammar';
import { hutchRule, report } from '../rule-definition';
import { closestOption } from '../suggestion';

export const UNKNOWN_FLAG = hutchRule('unknown-flag', 'A flag the instruction does not accept', ({ dockerfile }) => flagFindings(dockerfile).unknown);
export const FLAG_MISSING_VALUE = hutchRule('flag-missing-value', 'A flag written without the value it needs', ({ dockerfile }) => flagFindings(dockerfile).missingValue);
export const FLAG_NOT_BOOLEAN = hutchRule('flag-not-boolean', 'A boolean flag set to something else than true or false', ({ dockerfile }) => flagFindings(dockerfile).notBoolean);
export const DUPLICATE_FLAG = hutchRule('duplicate-flag', 'A flag given twice that can be given only once', ({ dockerfile }) => flagFindings(dockerfile).duplicate);

interface FlagFindings {
  unknown: Finding[];
  missingValue: Finding[];
  notBoolean: Finding[];
  duplicate: Finding[];
}

function checkFlag(flag: Flag, kind: FlagKind | undefined, accepted: readonly string[], used: Set<string>, findings: FlagFindings): void {
  const name = flag.name;
  if (kind === undefined) {
    const suggestion = closestOption(name.toLowerCase(), accepted, true);
    findings.unknown.push(
      report(
        UNKNOWN_FLAG,
        flag.nameRange,
        `unknown flag: ${name}${suggestion === null ? '' : ` (did you mean ${suggestion}?)`}`,
        suggestion === null ? undefined : { title: `Change to --${suggestion}`, edits: [{ range: flag.nameRange, newText: suggestion }] },
      ),
    );
    return;
  }
  if (used.has(name) && kind !== 'strings') {
    findings.duplicate.push(report(DUPLICATE_FLAG, flag.range, `duplicate flag specified: ${name}`));
    return;
  }
  used.add(name);
  if (kind === 'bool') {
    if (flag.value === '') findings.missingValue.push(report(FLAG_MISSING_VALUE, flag.range, `missing a value on flag: ${name}`));
    else if (flag.value !== null && !['true', 'false'].includes(flag.value.toLowerCase())) {
      findings.notBoolean.push(report(FLAG_NOT_BOOLEAN, flag.valueRange ?? flag.range, `expecting boolean value for flag ${name}, not: ${flag.value}`));
    }
  } else if (flag.value === null) {
    findings.missingValue.push(report(FLAG_MISSING_VALUE, flag.range, `missing a value on flag: ${name}`));
  }
}

function checkInstruction(instruction: Instruction, findings: FlagFindings): void {
  if (!isKnownInstruction(instruction.name)) return;
  const name = instruction.name as InstructionName;
  if (FLAGS_IGNORED.has(name)) return;
  const accepted = flagsOf(name, instruction.args[0]?.value);
  const used = new Set<string>();
  for (const flag of instruction.flags) {
    if (flag.name === '' && flag.value === null) return; // `--` ends the flags
    checkFlag(flag, Object.prototype.hasOwnProperty.call(accepted, flag.name) ? accepted[flag.name] : undefined, Object.keys(accepted), used, findings);
  }
}

const cache = new WeakMap<Dockerfile, FlagFindings>();

/** The four rules' findings, computed in one pass over the file. */
export function flagFindings(dockerfile: Dockerfile): FlagFindings {
  const cached = cache.get(dockerfile);
  if (cached) return cached;
  const findings: FlagFindings = { unknown: [], missingValue: [], notBoolean: [], duplicate: [] };
  for (const instruction of instructionsWithTriggers(dockerfile)) checkInstruction(instruction, findings);
  cache.set(dockerfile, findings);
  return findings;
}
