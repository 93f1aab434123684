/**
 * Instructions of which only the last one in a stage takes effect (CMD, ENTRYPOINT,
 * HEALTHCHECK): every one after the first in its stage, for DL3012, DL4003 and DL4004.
 */
import type { Dockerfile, Instruction } from '../../../ast';

export function repeatedInStage(dockerfile: Dockerfile, name: string): Instruction[] {
  const repeated: Instruction[] = [];
  for (const stage of dockerfile.stages) {
    const found = stage.instructions.filter((instruction) => instruction.name === name);
    repeated.push(...found.slice(1));
  }
  return repeated;
}
