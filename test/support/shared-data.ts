/**
 * The project's shared data (corpora and reference schemas) lives in `shared/` beside the
 * checkout, as CI lays it out; HUTCH_SHARED overrides the location.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repo = resolve(__dirname, '..', '..', '..');

export const SHARED_DIR = process.env.HUTCH_SHARED ?? join(repo, '..', 'shared');

/** A path inside shared/ (it may not exist: callers decide whether that skips or fails). */
export function sharedPath(...parts: string[]): string {
  return join(SHARED_DIR, ...parts);
}

export function sharedDataPresent(): boolean {
  return existsSync(SHARED_DIR);
}
