/**
 * The app's errors, one class per kind, in the manner of node-oidc-provider's errors: each has the HTTP status it
 * ends in and whether a person may see what it says (`expose`). A `reason` names the case within the kind, for the
 * log and for the page: which words a person reads is chosen in one place, the error handler
 * (src/http/error-pages.ts), never where the error is raised.
 */
export interface ErrorOptions {
  /** For the log only; the page never shows it. */
  message?: string;
  cause?: unknown;
  /** A same-origin URL the page offers as "Try again". */
  retryUrl?: string;
  /** Text that is safe to show as it is (already ours or escaped by the template), shown as a quoted detail. */
  detail?: string;
}

export abstract class AppError extends Error {
  abstract readonly status: number;
  /** Whether the page may say what happened; an unexposed error is "something went wrong". */
  readonly expose: boolean = true;
  readonly reason: string;
  readonly retryUrl: string | undefined;
  readonly detail: string | undefined;

  constructor(reason: string, options: ErrorOptions = {}) {
    super(options.message ?? reason, { cause: options.cause });
    this.name = new.target.name;
    this.reason = reason;
    this.retryUrl = options.retryUrl;
    this.detail = options.detail;
  }
}

/** Something in the request cannot be used: a missing or malformed challenge, a form not filled as expected. */
export class BadRequest extends AppError {
  readonly status = 400;
}

/** The person is not (or no longer) signed in where the request needs it. */
export class SignedOut extends AppError {
  readonly status = 401;
}

/** A request that lived too long: Hydra's sign-in request, a second step, a sign-in to the account area. */
export class Expired extends AppError {
  readonly status: number = 401;
}

/** Refused on purpose: a cross-site post, an expired form token, an account that may not sign in. */
export class Forbidden extends AppError {
  readonly status = 403;
}

export class NotFound extends AppError {
  readonly status = 404;
}

export class MethodNotAllowed extends AppError {
  readonly status = 405;
}

/** The state the request meant to change has changed under it (a passkey saved twice). */
export class Conflict extends AppError {
  readonly status = 409;
}

/**
 * What the request named is gone: an account removed while in use, or a Hydra request already handled. With
 * `redirectTo` the error handler sends the browser there instead of showing a page (Hydra's 410).
 */
export class Gone extends AppError {
  readonly status = 410;
  readonly redirectTo: string | undefined;

  constructor(reason: string, options: ErrorOptions & { redirectTo?: string } = {}) {
    super(reason, options);
    this.redirectTo = options.redirectTo;
  }
}

export class TooLarge extends AppError {
  readonly status = 413;
}

export class UnsupportedMediaType extends AppError {
  readonly status = 415;
}

/** Too many failures: the page says how long to wait, and the answer carries Retry-After. */
export class Locked extends AppError {
  readonly status = 429;
  readonly retryAfterMs: number;

  constructor(reason: string, retryAfterMs: number, options: ErrorOptions = {}) {
    super(reason, options);
    this.retryAfterMs = retryAfterMs;
  }
}

/** A dependency (Hydra, Redis, the user store, the password checks) cannot answer now: 503, try again. */
export class Unavailable extends AppError {
  readonly status = 503;
  readonly retryAfterSeconds: number;

  constructor(reason: string, options: ErrorOptions & { retryAfterSeconds?: number } = {}) {
    super(reason, options);
    this.retryAfterSeconds = options.retryAfterSeconds ?? 5;
  }
}

/** Our own bug; the person sees only that something went wrong, the log has the cause. */
export class Internal extends AppError {
  readonly status = 500;
  override readonly expose = false;
}

/** A dependency failed: a 503 the person can retry, never a 500. An error that is already ours passes through. */
export const unavailable = (dependency: string, cause: unknown): AppError =>
  cause instanceof AppError ? cause : new Unavailable(dependency, { message: `${dependency} unavailable`, cause });
