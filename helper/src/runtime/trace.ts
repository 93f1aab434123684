/**
 * Step timings for the runtime's hot paths, printed to stderr when HUTCH_TRACE=1: where a
 * container's start time goes, without a profiler. Off, it costs one boolean test per step.
 */
const enabled = process.env.HUTCH_TRACE === '1';

export interface StepTimer {
  /** Marks the end of the step named `step` (the time since the previous mark). */
  mark(step: string): void;
  /** Prints the steps with their durations, and the total. */
  done(): void;
}

const disabled: StepTimer = { mark: () => undefined, done: () => undefined };

export function stepTimer(label: string): StepTimer {
  if (!enabled) return disabled;
  const start = process.hrtime.bigint();
  let last = start;
  const steps: string[] = [];
  return {
    mark(step) {
      const now = process.hrtime.bigint();
      steps.push(`${step}=${(Number(now - last) / 1e6).toFixed(2)}`);
      last = now;
    },
    done() {
      process.stderr.write(`hutch-trace ${label} total=${(Number(process.hrtime.bigint() - start) / 1e6).toFixed(2)}ms ${steps.join(' ')}\n`);
    },
  };
}
