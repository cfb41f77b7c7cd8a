import { INTERNAL_MESSAGE } from '@shared/errors';
import type { AppErrorShape, ErrorCode } from '@shared/schemas';

/** A failed call, as the renderer sees it: the core's code and its what-to-do-next message. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status?: number;
  readonly retryAfterSeconds?: number;

  constructor(shape: AppErrorShape) {
    super(shape.message);
    this.name = 'ApiError';
    this.code = shape.code;
    if (shape.status !== undefined) this.status = shape.status;
    if (shape.retryAfterSeconds !== undefined) this.retryAfterSeconds = shape.retryAfterSeconds;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** The message to show for anything a call threw. Bugs get a generic line, never a stack. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return INTERNAL_MESSAGE;
}
