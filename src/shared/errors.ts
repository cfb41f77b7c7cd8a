import type { AppErrorShape, ErrorCode } from './schemas';

/** An error with a code the UI can act on and a message that says what to do. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status?: number;
  readonly retryAfterSeconds?: number;

  constructor(
    code: ErrorCode,
    message: string,
    extra: { status?: number; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'AppError';
    this.code = code;
    if (extra.status !== undefined) this.status = extra.status;
    if (extra.retryAfterSeconds !== undefined) this.retryAfterSeconds = extra.retryAfterSeconds;
  }

  toShape(): AppErrorShape {
    const shape: AppErrorShape = { code: this.code, message: this.message };
    if (this.status !== undefined) shape.status = this.status;
    if (this.retryAfterSeconds !== undefined) shape.retryAfterSeconds = this.retryAfterSeconds;
    return shape;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** What a bug looks like to the user, wherever it surfaces: never a stack trace. */
export const INTERNAL_MESSAGE =
  'Something went wrong inside RouterDesk. Try again; if it keeps happening, restart RouterDesk.';

/** Turns anything thrown into the wire shape, without leaking stack traces or secrets. */
export function toErrorShape(e: unknown): AppErrorShape {
  if (e instanceof AppError) return e.toShape();
  return { code: 'internal', message: INTERNAL_MESSAGE };
}
