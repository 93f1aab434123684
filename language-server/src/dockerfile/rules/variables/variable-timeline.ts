/**
 * The variables of one build stage over time. BuildKit expands each instruction against the
 * state's environment as it is at that instruction (base image ENV, the stage's ARG values and
 * ENV so far). Copying that environment at every instruction would cost quadratic time on large
 * files, so each stage keeps, per name, the history of its values, and a view "as of" a moment
 * answers lookups with a binary search; a stage built on an earlier stage looks through to that
 * stage's final view.
 */
import type { VariableLookup } from './shell-expansion';

/** The variables as of one moment. */
export interface VariableView extends VariableLookup {
  get(name: string): string | undefined;
  has(name: string): boolean;
  /** The names defined, in the order they were first defined (the base's first). */
  keys(): string[];
}

interface Assignment {
  at: number;
  value: string;
}

export class VariableTimeline {
  private readonly history = new Map<string, Assignment[]>();
  /** Names in the order they were first set, with that moment. */
  private readonly firstSet: Array<{ name: string; at: number }> = [];
  private clock = 0;

  /** @param base the view this stage starts from (its base stage's, or the base image's). */
  constructor(private readonly base: VariableView | null) {}

  set(name: string, value: string): void {
    const assignments = this.history.get(name);
    const assignment = { at: this.clock++, value };
    if (assignments) assignments.push(assignment);
    else {
      this.history.set(name, [assignment]);
      this.firstSet.push({ name, at: assignment.at });
    }
  }

  /** The variables as they are now; later `set`s do not show through it. */
  now(): VariableView {
    return new TimelineView(this.history, this.firstSet, this.clock, this.base);
  }
}

class TimelineView implements VariableView {
  constructor(
    private readonly history: ReadonlyMap<string, readonly Assignment[]>,
    private readonly firstSet: ReadonlyArray<{ name: string; at: number }>,
    private readonly moment: number,
    private readonly base: VariableView | null,
  ) {}

  get(name: string): string | undefined {
    const assignments = this.history.get(name);
    if (assignments) {
      // The last assignment made before this moment.
      let low = 0;
      let high = assignments.length - 1;
      let found: Assignment | undefined;
      while (low <= high) {
        const middle = (low + high) >> 1;
        const assignment = assignments[middle];
        if (assignment && assignment.at < this.moment) {
          found = assignment;
          low = middle + 1;
        } else {
          high = middle - 1;
        }
      }
      if (found) return found.value;
    }
    return this.base?.get(name);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  keys(): string[] {
    const keys = this.base ? this.base.keys() : [];
    const inherited = this.base ? new Set(keys) : null;
    // firstSet is in time order: the names set before this moment are a prefix of it.
    for (const { name, at } of this.firstSet) {
      if (at >= this.moment) break;
      if (!inherited?.has(name)) keys.push(name);
    }
    return keys;
  }
}

/** A fixed set of variables (the global scope, the base image's environment). */
export function fixedView(values: ReadonlyMap<string, string>): VariableView {
  return {
    get: (name) => values.get(name),
    has: (name) => values.has(name),
    keys: () => [...values.keys()],
  };
}
