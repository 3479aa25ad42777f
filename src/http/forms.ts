import type { Request, RequestHandler } from "express";
import { AppError } from "../errors.js";

/** POSTs must be classic HTML forms; anything else is refused before CSRF and handlers see it. */
export const requireForm: RequestHandler = (req, _res, next) => {
  if (!req.is("application/x-www-form-urlencoded")) {
    next(
      new AppError({
        status: 415,
        titleKey: "error.unsupported.title",
        detailKey: "error.unsupported.detail",
        message: `unsupported content type ${req.headers["content-type"] ?? "(none)"}`,
      }),
    );
    return;
  }
  next();
};

/** A single text field of at most `maxLength` characters; absent, repeated or too long gives `undefined`. */
export function textField(req: Request, name: string, maxLength = 1024): string | undefined {
  const body: unknown = req.body;
  if (typeof body !== "object" || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  if (typeof value !== "string" || value.length > maxLength) return undefined;
  return value;
}

/** A single query parameter, or `undefined` when absent, repeated or too long. */
export function queryField(req: Request, name: string, maxLength = 1024): string | undefined {
  const value = req.query[name];
  if (typeof value !== "string" || value.length > maxLength) return undefined;
  return value;
}

/** The raw form value, for fields that may legitimately repeat (checkbox lists). */
export function rawField(req: Request, name: string): unknown {
  const body: unknown = req.body;
  if (typeof body !== "object" || body === null) return undefined;
  return (body as Record<string, unknown>)[name];
}

export const checked = (req: Request, name: string): boolean => textField(req, name, 16) !== undefined;

/** Which button sent the form. Anything but the two known values is a bad request. */
export function formAction(req: Request): "accept" | "reject" {
  const action = textField(req, "action", 16);
  if (action === "accept" || action === "reject") return action;
  throw new AppError({
    status: 400,
    titleKey: "error.badRequest.title",
    detailKey: "error.form.invalid",
    message: "form action missing or unknown",
  });
}
