/**
 * Errors a user can act on: a stable code, a one-line message naming the thing at fault, and a
 * hint. The CLI prints message and hint and exits with the code's exit status; the RPC returns
 * the code; the editor shows the message.
 */
export type HutchErrorCode =
  | 'usage'
  | 'not-found'
  | 'already-exists'
  | 'invalid-argument'
  | 'invalid-state'
  | 'permission-denied'
  | 'unsupported'
  | 'runtime-failure'
  | 'system-failure';

/** Exit statuses of the `hutch` CLI, one per error code, stable for scripts. */
export const exitStatusForCode: Readonly<Record<HutchErrorCode, number>> = {
  usage: 2,
  'not-found': 3,
  'already-exists': 4,
  'invalid-argument': 5,
  'invalid-state': 6,
  'permission-denied': 7,
  unsupported: 8,
  'runtime-failure': 9,
  'system-failure': 10,
};

export class HutchError extends Error {
  readonly code: HutchErrorCode;
  readonly hint: string | undefined;

  constructor(code: HutchErrorCode, message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HutchError';
    this.code = code;
    this.hint = hint;
  }

  toJSON(): { code: HutchErrorCode; message: string; hint?: string } {
    return this.hint === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, hint: this.hint };
  }
}

export function isHutchError(value: unknown): value is HutchError {
  return value instanceof HutchError;
}

/** The errno name of a Node system error, if it is one. */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}
