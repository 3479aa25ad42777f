import { Router, type Request, type RequestHandler, type Response } from "express";
import { NotFound } from "../errors.js";
import type { FlowDeps } from "../flows/deps.js";
import { secretField, textField } from "../http/forms.js";
import { allowOwnScripts } from "../http/script-policy.js";
import type { MessageKey } from "../i18n/index.js";
import type { SecretBox } from "../identity/factors/secret-box.js";
import { newRecoveryCodes } from "../identity/factors/recovery-codes.js";
import { newTotpSecret, totpQrSvg, totpUri, verifyTotp } from "../identity/factors/totp.js";
import type { User } from "../identity/user.js";
import { mayAddWayIn } from "../policy/sign-up.js";
import { ROUTES } from "../routes.js";
import { flash } from "./account-session.js";
import type { SensitivePath } from "./reauth.js";

declare module "express-session" {
  interface SessionData {
    /** A TOTP secret being set up (sealed), until confirmed with a code. */
    totpEnrolment?: { sealedSecret: string; expiresAt: number };
    /** The challenge of the passkey registration the account page offers. */
    passkeyChallenge?: string;
    /** Recovery codes just made, until their page has shown them and the person saved them (or a few minutes). */
    newRecoveryCodes?: { codes: string[]; expiresAt: number };
  }
}

const ENROLMENT_TTL_MS = 10 * 60 * 1000;
const RECOVERY_CODES_SHOWN_MS = 10 * 60 * 1000;
const MAX_NAME = 64;

/** The "Two-step sign-in" and "Passkeys" parts of the account page. */
export async function securityView(
  deps: FlowDeps,
  box: SecretBox,
  req: Request,
  res: Response,
  user: User,
  format: Intl.DateTimeFormat,
  /** The QR code's label, and the name the authenticator app lists the account under (BRAND_NAME, else ours). */
  totpWords: { qrLabel: string; issuer: string },
  /** A sign-in recent enough to add a passkey; otherwise the button first sends the person to sign in again. */
  recent: boolean,
): Promise<Record<string, unknown>> {
  const factors = await deps.signIn.factorsOf(user.id);
  let enrolment;
  const pending = req.session.totpEnrolment;
  if (pending !== undefined && pending.expiresAt > Date.now() && factors.totp === undefined) {
    const secret = box.open(pending.sealedSecret);
    const uri = totpUri({ secret, account: user.email, issuer: totpWords.issuer });
    enrolment = {
      // Shown in groups of four, as people type it; copied whole.
      groups: secret.match(/.{1,4}/g) ?? [],
      rawSecret: secret,
      issuer: totpWords.issuer,
      qrSvg: await totpQrSvg(uri, totpWords.qrLabel),
    };
    allowOwnScripts(res); // the key's copy button (/public/js/copy.js)
  }
  let passkeyOptions: string | undefined;
  // Only a recent sign-in gets the browser's passkey prompt: a passkey made before the redirect to sign in again
  // would be left on the person's authenticator, registered nowhere.
  if (deps.passkeys !== undefined && recent) {
    const options = await deps.passkeys.registrationOptions(
      { id: user.id, email: user.email, name: user.profile.name },
      factors.passkeys,
    );
    req.session.passkeyChallenge = options.challenge;
    passkeyOptions = JSON.stringify(options);
    allowOwnScripts(res);
  }
  return {
    totp: factors.totp === undefined ? undefined : { since: format.format(new Date(factors.totp.confirmedAt)) },
    enrolment,
    recoveryCodesLeft: factors.recoveryCodeHashes.length,
    passkeys: factors.passkeys.map((passkey) => ({
      id: passkey.credentialId,
      name: passkey.name,
      createdAt: format.format(new Date(passkey.createdAt)),
      lastUsedAt: passkey.lastUsedAt === undefined ? undefined : format.format(new Date(passkey.lastUsedAt)),
    })),
    passkeysOn: deps.passkeys !== undefined,
    passkeyOptions,
    passkeyScript: passkeyOptions !== undefined,
    copyScript: enrolment !== undefined,
  };
}

export interface FactorRouteDeps {
  flow: FlowDeps;
  box: SecretBox;
  post: RequestHandler[];
  show: RequestHandler[];
  requirePerson(req: Request, res: Response): Promise<User>;
  /** True when the sign-in is recent enough; otherwise it has sent the person to sign in again. */
  recentSignIn(req: Request, res: Response, user: User, path: SensitivePath): Promise<boolean>;
  /** Ends every other session of the account (here, on every instance, and Hydra's remembered logins). */
  endOtherSessions(req: Request, user: User): Promise<void>;
}

/**
 * Enrolment: an authenticator app (with recovery codes) and passkeys, each a POST with CSRF and an audit event that
 * answers with a redirect (post/redirect/get: a reload never posts again). What changes how the account signs in
 * needs a recent sign-in first.
 */
export function factorRoutes(deps: FactorRouteDeps): Router {
  const { flow, box, post, show, requirePerson, recentSignIn, endOtherSessions } = deps;
  const { users, audit } = flow;
  const router = Router();
  const done = (req: Request, res: Response, notice: MessageKey) => {
    req.session.notice = notice;
    res.redirect(303, `${ROUTES.account.path}#security`);
  };
  const refuse = (req: Request, res: Response, area: "totp" | "passkey", message: MessageKey) => {
    flash(req, area, message);
    res.redirect(303, `${ROUTES.account.path}#security`);
  };
  /** The person, once their sign-in is recent enough for this action; undefined when they were sent to sign in. */
  const recentPerson = async (req: Request, res: Response, path: SensitivePath) => {
    const user = await requirePerson(req, res);
    return (await recentSignIn(req, res, user, path)) ? user : undefined;
  };
  /** Fresh codes wait in the session for their own page; only their hashes are stored with the account. */
  const showNewCodes = (req: Request, res: Response, codes: string[]) => {
    req.session.newRecoveryCodes = { codes, expiresAt: Date.now() + RECOVERY_CODES_SHOWN_MS };
    res.redirect(303, ROUTES.accountRecoveryCodes.path);
  };

  /** False (and the person told to confirm their address first) while a new way in must wait for it. */
  const mayAdd = (req: Request, res: Response, user: User, area: "totp" | "passkey") => {
    if (mayAddWayIn(user, flow.config.registration.mode)) return true;
    refuse(req, res, area, "account.addressFirst");
    return false;
  };

  router.post(ROUTES.accountTotpStart.path, flow.sessions, ...post, async (req: Request, res: Response) => {
    const user = await recentPerson(req, res, ROUTES.accountTotpStart.path);
    if (user === undefined || !mayAdd(req, res, user, "totp")) return;
    req.session.totpEnrolment = { sealedSecret: box.seal(newTotpSecret()), expiresAt: Date.now() + ENROLMENT_TTL_MS };
    res.redirect(303, `${ROUTES.account.path}#security`);
  });

  router.post(ROUTES.accountTotpConfirm.path, flow.sessions, ...post, async (req: Request, res: Response) => {
    const user = await recentPerson(req, res, ROUTES.accountTotpConfirm.path);
    if (user === undefined || !mayAdd(req, res, user, "totp")) return;
    const pending = req.session.totpEnrolment;
    if (pending === undefined || pending.expiresAt < Date.now()) {
      refuse(req, res, "totp", "account.totp.expired");
      return;
    }
    const step = verifyTotp(box.open(pending.sealedSecret), textField(req, "code", 32) ?? "");
    if (step === undefined) {
      refuse(req, res, "totp", "account.totp.wrongCode");
      return;
    }
    const codes = newRecoveryCodes();
    await users.setTotp(user.id, {
      sealedSecret: pending.sealedSecret,
      confirmedAt: new Date().toISOString(),
      lastUsedStep: step,
    });
    await users.setRecoveryCodes(user.id, codes.hashes);
    delete req.session.totpEnrolment;
    audit("account.totp_enrolled", { subject: user.id, ip: req.ip });
    req.session.notice = "account.totp.enrolled";
    showNewCodes(req, res, codes.codes);
  });

  router.post(ROUTES.accountTotpRemove.path, flow.sessions, ...post, async (req: Request, res: Response) => {
    const user = await recentPerson(req, res, ROUTES.accountTotpRemove.path);
    if (user === undefined) return;
    await users.setTotp(user.id, undefined);
    await users.setRecoveryCodes(user.id, []);
    // A factor taken away may be in a thief's hands, with a login remembered on it: those sessions end too.
    await endOtherSessions(req, user);
    audit("account.totp_removed", { subject: user.id, ip: req.ip });
    done(req, res, "account.totp.removed");
  });

  router.post(ROUTES.accountRecoveryCodes.path, flow.sessions, ...post, async (req: Request, res: Response) => {
    const user = await recentPerson(req, res, ROUTES.accountRecoveryCodes.path);
    if (user === undefined) return;
    const codes = newRecoveryCodes();
    await users.setRecoveryCodes(user.id, codes.hashes);
    await endOtherSessions(req, user);
    audit("account.recovery_codes_renewed", { subject: user.id, ip: req.ip });
    showNewCodes(req, res, codes.codes);
  });

  // The new codes on a page of their own: a reload shows the same codes again (it never makes new ones), until
  // the person says they saved them or a few minutes pass. Never cached (every page here is no-store).
  router.get(ROUTES.accountRecoveryCodes.path, flow.sessions, ...show, async (req: Request, res: Response) => {
    await requirePerson(req, res);
    const shown = req.session.newRecoveryCodes;
    if (shown === undefined || shown.expiresAt < Date.now()) {
      delete req.session.newRecoveryCodes;
      res.redirect(303, `${ROUTES.account.path}#security`);
      return;
    }
    const notice = req.session.notice;
    delete req.session.notice;
    flow.render(res, 200, "account-recovery-codes", { codes: shown.codes, notice });
  });

  router.post(ROUTES.accountRecoveryCodesSaved.path, flow.sessions, ...post, async (req: Request, res: Response) => {
    await requirePerson(req, res);
    delete req.session.newRecoveryCodes;
    res.redirect(303, `${ROUTES.account.path}#security`);
  });

  router.post(ROUTES.accountPasskeyAdd.path, flow.sessions, ...post, async (req: Request, res: Response) => {
    const user = await recentPerson(req, res, ROUTES.accountPasskeyAdd.path);
    const challenge = req.session?.passkeyChallenge;
    if (req.session !== undefined) delete req.session.passkeyChallenge;
    if (user === undefined || !mayAdd(req, res, user, "passkey")) return;
    const raw = secretField(req, "credential", 16_384);
    let credential: unknown;
    try {
      credential = raw === undefined ? undefined : JSON.parse(raw);
    } catch {
      credential = undefined;
    }
    const name = `Passkey ${new Date().toISOString().slice(0, 10)}`;
    const passkey =
      flow.passkeys === undefined || challenge === undefined || credential === undefined
        ? undefined
        : await flow.passkeys.verifyRegistration(credential, challenge, name);
    if (passkey === undefined) {
      refuse(req, res, "passkey", "account.passkeys.failed");
      return;
    }
    await users.addPasskey(user.id, passkey);
    audit("account.passkey_added", { subject: user.id, ip: req.ip });
    done(req, res, "account.passkeys.added");
  });

  router.post(ROUTES.accountPasskeyRename.path, flow.sessions, ...post, async (req: Request, res: Response) => {
    const user = await requirePerson(req, res);
    const id = textField(req, "credential_id", 1024) ?? "";
    const name = (textField(req, "name", MAX_NAME) ?? "").trim();
    if (name === "") {
      refuse(req, res, "passkey", "account.passkeys.nameMissing");
      return;
    }
    if (!(await users.renamePasskey(user.id, id, name))) throw noSuchPasskey();
    audit("account.passkey_renamed", { subject: user.id, ip: req.ip });
    done(req, res, "account.passkeys.renamed");
  });

  router.post(ROUTES.accountPasskeyRemove.path, flow.sessions, ...post, async (req: Request, res: Response) => {
    const user = await recentPerson(req, res, ROUTES.accountPasskeyRemove.path);
    if (user === undefined) return;
    const id = textField(req, "credential_id", 1024) ?? "";
    if (!(await users.removePasskey(user.id, id))) throw noSuchPasskey();
    await endOtherSessions(req, user);
    audit("account.passkey_removed", { subject: user.id, ip: req.ip });
    done(req, res, "account.passkeys.removed");
  });

  return router;
}

const noSuchPasskey = () =>
  new NotFound("passkey", { message: "passkey not found for this account", retryUrl: ROUTES.account.path });
