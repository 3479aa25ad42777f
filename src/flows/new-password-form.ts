/**
 * The "choose a password" form of an emailed link (forgot password, invitation): the two fields as posted, judged by
 * the account password policy; a refusal comes with the words the page shows.
 */
import type { Request } from "express";
import { secretField } from "../http/forms.js";
import type { MessageKey } from "../i18n/index.js";
import { checkNewPassword, MAX_PASSWORD_LENGTH, PASSWORD_REFUSAL_MESSAGES } from "../identity/password-policy.js";

export function postedNewPassword(
  req: Request,
  email: string,
): { ok: true; password: string } | { ok: false; messageKey: MessageKey } {
  // One character over the limit is read, so that a too-long password is refused as such, not cut short.
  const password = secretField(req, "new_password", MAX_PASSWORD_LENGTH + 1) ?? "";
  const repeat = secretField(req, "new_password_repeat", MAX_PASSWORD_LENGTH + 1) ?? "";
  const verdict = checkNewPassword({ password, repeat, email });
  return verdict.ok ? { ok: true, password } : { ok: false, messageKey: PASSWORD_REFUSAL_MESSAGES[verdict.reason] };
}
