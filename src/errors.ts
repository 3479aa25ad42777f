import type { MessageKey } from "./i18n/index.js";

/**
 * The one error type of the app. `message` is for logs; `titleKey`/`detailKey` are what a person may see.
 * `redirectTo` makes the error handler send the browser on instead of showing a page (Hydra's 410).
 */
export class AppError extends Error {
  readonly status: number;
  readonly titleKey: MessageKey;
  readonly detailKey: MessageKey;
  readonly redirectTo: string | undefined;
  /** A same-origin URL the page offers as "try again". */
  readonly retryUrl: string | undefined;
  /** Extra, safe-to-show text (for example Hydra's own error description on /error). */
  readonly shownDetail: string | undefined;

  constructor(options: {
    status: number;
    titleKey: MessageKey;
    detailKey: MessageKey;
    message?: string;
    redirectTo?: string;
    retryUrl?: string;
    shownDetail?: string;
    cause?: unknown;
  }) {
    super(options.message ?? options.titleKey, { cause: options.cause });
    this.name = "AppError";
    this.status = options.status;
    this.titleKey = options.titleKey;
    this.detailKey = options.detailKey;
    this.redirectTo = options.redirectTo;
    this.retryUrl = options.retryUrl;
    this.shownDetail = options.shownDetail;
  }
}

export const badRequest = (detailKey: MessageKey, message?: string): AppError =>
  new AppError({ status: 400, titleKey: "error.badRequest.title", detailKey, message });

export const notFound = (): AppError =>
  new AppError({ status: 404, titleKey: "error.notFound.title", detailKey: "error.notFound.detail" });

/** A store we depend on (Redis, the user database) failed: a 503 the person can retry, never a 500. */
export const unavailable = (dependency: string, cause: unknown): AppError =>
  cause instanceof AppError
    ? cause
    : new AppError({
        status: 503,
        titleKey: "error.unavailable.title",
        detailKey: "error.unavailable.detail",
        message: `${dependency} unavailable`,
        cause,
      });
