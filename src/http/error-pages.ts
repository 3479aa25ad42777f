import type { AppError } from "../errors.js";
import type { MessageKey } from "../i18n/index.js";

export interface ErrorPage {
  titleKey: MessageKey;
  detailKey: MessageKey;
}

const page = (titleKey: MessageKey, detailKey: MessageKey): ErrorPage => ({ titleKey, detailKey });

const BAD_REQUEST = page("error.badRequest.title", "error.badRequest.detail");

/**
 * The words of each error's page, by its class and then its reason: the one place that decides what a person
 * reads when a request fails. A reason not listed gets its class's page; an error whose class is not listed (or
 * that may not be shown) gets "Something went wrong".
 */
const PAGES: Record<string, { default: ErrorPage } & Record<string, ErrorPage>> = {
  BadRequest: {
    default: BAD_REQUEST,
    challenge_missing: page("error.badRequest.title", "error.challenge.missing"),
    challenge_invalid: page("error.badRequest.title", "error.challenge.invalid"),
    hydra_refused: page("error.badRequest.title", "error.challenge.invalid"),
    form_invalid: page("error.badRequest.title", "error.form.invalid"),
    sign_in_step_expired: page("login.step.expired.title", "login.step.expired.detail"),
    account_sign_in_failed: page("account.signInFailed.title", "account.signInFailed.detail"),
    account_sign_in_expired: page("account.signInFailed.title", "account.signInExpired.detail"),
    upstream_refused: page("upstream.failed.title", "upstream.failed.detail"),
    upstream_state: page("upstream.failed.title", "upstream.failed.detail"),
    upstream_cancelled: page("upstream.failed.title", "upstream.cancelled.detail"),
  },
  SignedOut: { default: page("account.signedOut.title", "account.signedOut.detail") },
  Expired: { default: page("error.challenge.expired.title", "error.challenge.expired") },
  Forbidden: {
    default: page("error.csrf.title", "error.csrf.detail"),
    cross_site: page("error.crossSite.title", "error.crossSite.detail"),
    account_unavailable: page("login.accountUnavailable.title", "login.accountUnavailable.detail"),
    account_reauth_refused: page("account.reauth.refused.title", "account.reauth.refused.detail"),
    upstream_link_none: page("upstream.failed.title", "upstream.noAccount.detail"),
    upstream_domain_not_allowed: page("upstream.failed.title", "upstream.notAllowed.detail"),
    upstream_no_email: page("upstream.failed.title", "upstream.noEmail.detail"),
  },
  NotFound: {
    default: page("error.notFound.title", "error.notFound.detail"),
    challenge: page("error.badRequest.title", "error.challenge.unknown"),
    passkey: page("account.passkeys.none.title", "account.passkeys.none.detail"),
    app: page("account.noSuchApp.title", "account.noSuchApp.detail"),
  },
  MethodNotAllowed: { default: page("error.method.title", "error.method.detail") },
  Conflict: {
    default: page("error.badRequest.title", "error.challenge.invalid"),
    passkey_taken: page("error.passkeyTaken.title", "error.passkeyTaken.detail"),
    email_taken: page("verify.taken.title", "verify.taken.detail"),
    provider_link_taken: page("upstream.failed.title", "upstream.taken.detail"),
    provider_last_method: page("error.badRequest.title", "account.providers.lastMethod"),
  },
  Gone: {
    default: page("error.badRequest.title", "error.back"),
    account: page("error.accountGone.title", "error.accountGone.detail"),
    challenge_handled: page("error.badRequest.title", "error.challenge.unknown"),
    recovery_link: page("recovery.invalid.title", "recovery.invalid.detail"),
    email_sign_in_link: page("login.emailCode.gone.title", "login.emailCode.gone.detail"),
    email_link: page("verify.invalid.title", "verify.invalid.detail"),
    invitation_link: page("verify.invalid.title", "invitation.invalid.detail"),
  },
  TooLarge: { default: page("error.tooLarge.title", "error.tooLarge.detail") },
  UnsupportedMediaType: { default: page("error.unsupported.title", "error.unsupported.detail") },
  Locked: {
    default: page("error.locked.title", "login.locked"),
    sign_up_ip: page("error.locked.title", "register.limited"),
    upstream_starts: page("error.locked.title", "upstream.limited"),
  },
  Unavailable: {
    default: page("error.unavailable.title", "error.unavailable.detail"),
    upstream_unavailable: page("upstream.failed.title", "upstream.unavailable.detail"),
  },
};

const INTERNAL = page("error.internal.title", "error.internal.detail");

export function errorPage(error: AppError): ErrorPage {
  if (!error.expose) return INTERNAL;
  const pages = PAGES[error.name];
  if (pages === undefined) return INTERNAL;
  return pages[error.reason] ?? pages.default;
}
