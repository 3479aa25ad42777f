import type { Request, RequestHandler } from "express";
import { BadRequest, UnsupportedMediaType } from "../errors.js";

/** POSTs must be classic HTML forms; anything else is refused before CSRF and handlers see it. */
export const requireForm: RequestHandler = (req, _res, next) => {
  if (!req.is("application/x-www-form-urlencoded")) {
    next(
      new UnsupportedMediaType("form", {
        message: `unsupported content type ${req.headers["content-type"] ?? "(none)"}`,
      }),
    );
    return;
  }
  next();
};

// C0 and C1 control characters and DEL: never part of an email, a code or a message we show back.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

/** Text without control characters (NUL and friends), safe to echo into a page or a log. */
const withoutControls = (value: string): string => value.replace(CONTROL_CHARACTERS, "");

/** A single form field exactly as sent (passwords); absent, repeated or too long gives `undefined`. */
export function secretField(req: Request, name: string, maxLength = 1024): string | undefined {
  const body: unknown = req.body;
  if (typeof body !== "object" || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  if (typeof value !== "string" || value.length > maxLength) return undefined;
  return value;
}

/** A single text field of at most `maxLength` characters, control characters removed. */
export function textField(req: Request, name: string, maxLength = 1024): string | undefined {
  const value = secretField(req, name, maxLength);
  return value === undefined ? undefined : withoutControls(value);
}

/** A single query parameter, control characters removed, or `undefined` when absent, repeated or too long. */
export function queryField(req: Request, name: string, maxLength = 1024): string | undefined {
  const value = req.query[name];
  if (typeof value !== "string" || value.length > maxLength) return undefined;
  return withoutControls(value);
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
  throw new BadRequest("form_invalid", { message: "form action missing or unknown" });
}
