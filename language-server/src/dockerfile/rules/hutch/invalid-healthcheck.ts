/**
 * invalid-healthcheck: HEALTHCHECK as BuildKit parses it (instructions/parse.go
 * parseHealthcheck): the type is CMD or NONE; NONE takes nothing more, CMD a command; the
 * durations are Go durations (`30s`, `1m30s`) of at least 1ms (0 means the default); --retries
 * is a number, not negative.
 */
import type { Finding } from '../../../findings';
import type { Dockerfile, Instruction } from '../../ast';
import { instructionRange, onFirstLine } from '../finding-ranges';
import { goQuoted } from '../go-quote';
import { instructionsWithTriggers } from '../instruction-grammar';
import { hutchRule, report } from '../rule-definition';

export const INVALID_HEALTHCHECK = hutchRule('invalid-healthcheck', 'A HEALTHCHECK the builder rejects', ({ dockerfile }) => invalidHealthcheck(dockerfile));

const UNIT_NANOSECONDS: Readonly<Record<string, number>> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Go's time.ParseDuration, in nanoseconds; null when it would fail. */
export function parseGoDuration(text: string): number | null {
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') return null;
  let total = 0;
  while (rest !== '') {
    const match = /^(\d*)(?:\.(\d*))?([^\d.]+)/u.exec(rest);
    if (!match || ((match[1] ?? '') === '' && (match[2] ?? '') === '')) return null;
    const unit = UNIT_NANOSECONDS[match[3] ?? ''];
    if (unit === undefined) return null;
    total += Number(`${match[1] || '0'}.${match[2] || '0'}`) * unit;
    rest = rest.slice(match[0].length);
  }
  return sign * total;
}

function healthcheckMessages(instruction: Instruction): string[] {
  const words = instruction.args.map((a) => a.value);
  if (words.length === 0) return [];
  const type = (words[0] ?? '').toUpperCase();
  if (type === 'NONE') return words.length > 1 ? ['HEALTHCHECK NONE takes no arguments'] : [];
  if (type !== 'CMD') return [`Unknown type ${goQuoted(type)} in HEALTHCHECK (try CMD)`];
  const messages: string[] = [];
  if (words.length === 1 || (instruction.jsonForm !== null && instruction.jsonForm.length === 0)) messages.push('Missing command after HEALTHCHECK CMD');
  for (const flag of instruction.flags) {
    if (flag.value === null || flag.value === '') continue;
    if (flag.name === 'retries') {
      if (!/^[+-]?\d+$/.test(flag.value)) messages.push(`strconv.ParseInt: parsing ${goQuoted(flag.value)}: invalid syntax`);
      else if (Number(flag.value) < 0) messages.push(`--retries cannot be negative (${Number(flag.value)})`);
      continue;
    }
    if (!['interval', 'timeout', 'start-period', 'start-interval'].includes(flag.name)) continue;
    const duration = parseGoDuration(flag.value);
    if (duration === null) messages.push(`time: invalid duration ${goQuoted(flag.value)}`);
    else if (duration !== 0 && duration < 1e6) messages.push(`Interval ${goQuoted(flag.name)} cannot be less than 1ms`);
  }
  return messages;
}

export function invalidHealthcheck(dockerfile: Dockerfile): Finding[] {
  const findings: Finding[] = [];
  for (const instruction of instructionsWithTriggers(dockerfile)) {
    if (instruction.name !== 'HEALTHCHECK') continue;
    for (const message of healthcheckMessages(instruction)) {
      findings.push(report(INVALID_HEALTHCHECK, onFirstLine(dockerfile, instruction, instructionRange(dockerfile, instruction)), message));
    }
  }
  return findings;
}
