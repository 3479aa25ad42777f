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
import { ROUTES } from "../routes.js";

declare module "express-session" {
  interface SessionData {
    /** A TOTP secret being set up (sealed), until confirmed with a code. */
    totpEnrolment?: { sealedSecret: string; expiresAt: number };
    /** The challenge of the passkey registration the account page offers. */
    passkeyChallenge?: string;
  }
}

const ENROLMENT_TTL_MS = 10 * 60 * 1000;
const MAX_NAME = 64;

export interface SecurityExtra {
  totpMessage?: MessageKey;
  passkeyMessage?: MessageKey;
  /** Shown once, right after they are made; never stored in clear. */
  newRecoveryCodes?: string[];
}

/** The "Two-step sign-in" and "Passkeys" parts of the account page. */
export async function securityView(
  deps: FlowDeps,
  box: SecretBox,
  req: Request,
  res: Response,
  user: User,
  format: Intl.DateTimeFormat,
  qrLabel: string,
): Promise<Record<string, unknown>> {
  const factors = await deps.signIn.factorsOf(user.id);
  let enrolment;
  const pending = req.session.totpEnrolment;
  if (pending !== undefined && pending.expiresAt > Date.now() && factors.totp === undefined) {
    const secret = box.open(pending.sealedSecret);
    const uri = totpUri({ secret, account: user.email, issuer: "Sign in" });
    enrolment = {
      secret: secret.replace(/(.{4})/g, "$1 ").trim(),
      rawSecret: secret,
      qrSvg: await totpQrSvg(uri, qrLabel),
    };
  }
  let passkeyOptions: string | undefined;
  if (deps.passkeys !== undefined) {
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
    passkeyOptions,
    passkeyScript: passkeyOptions !== undefined,
  };
}

export interface FactorRouteDeps {
  flow: FlowDeps;
  box: SecretBox;
  post: RequestHandler[];
  requirePerson(req: Request): Promise<User>;
  showAccount(req: Request, res: Response, status: number, user: User, extra?: SecurityExtra): Promise<void>;
}

/** Enrolment: an authenticator app (with recovery codes) and passkeys, each a POST with CSRF and an audit event. */
export function factorRoutes(deps: FactorRouteDeps): Router {
  const { flow, box, post, requirePerson, showAccount } = deps;
  const { users, audit } = flow;
  const router = Router();
  const done = (req: Request, res: Response, notice: MessageKey) => {
    req.session.notice = notice;
    res.redirect(303, `${ROUTES.account.path}#security`);
  };

  router.post(ROUTES.accountTotpStart.path, flow.sessions, ...post, async (req: Request, res: Response) => {
    await requirePerson(req);
    req.session.totpEnrolment = { sealedSecret: box.seal(newTotpSecret()), expiresAt: Date.now() + ENROLMENT_TTL_MS };
    res.redirect(303, `${ROUTES.account.path}#security`);
  });

  router.post(ROUTES.accountTotpConfirm.path, flow.sessions, ...post, async (req: Request, res: Response) => {
    const user = await requirePerson(req);
    const pending = req.session.totpEnrolment;
    if (pending === undefined || pending.expiresAt < Date.now()) {
      await showAccount(req, res, 400, user, { totpMessage: "account.totp.expired" });
      return;
    }
    const step = verifyTotp(box.open(pending.sealedSecret), textField(req, "code", 32) ?? "");
    if (step === undefined) {
      await showAccount(req, res, 400, user, { totpMessage: "account.totp.wrongCode" });
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
    // The codes are shown this once, on this answer; only their hashes are kept.
    await showAccount(req, res, 200, user, { newRecoveryCodes: codes.codes });
  });

  router.post(ROUTES.accountTotpRemove.path, flow.sessions, ...post, async (req: Request, res: Response) => {
    const user = await requirePerson(req);
    await users.setTotp(user.id, undefined);
    await users.setRecoveryCodes(user.id, []);
    audit("account.totp_removed", { subject: user.id, ip: req.ip });
    done(req, res, "account.totp.removed");
  });

  router.post(ROUTES.accountRecoveryCodes.path, flow.sessions, ...post, async (req: Request, res: Response) => {
    const user = await requirePerson(req);
    const codes = newRecoveryCodes();
    await users.setRecoveryCodes(user.id, codes.hashes);
    audit("account.recovery_codes_renewed", { subject: user.id, ip: req.ip });
    await showAccount(req, res, 200, user, { newRecoveryCodes: codes.codes });
  });

  router.post(ROUTES.accountPasskeyAdd.path, flow.sessions, ...post, async (req: Request, res: Response) => {
    const user = await requirePerson(req);
    const challenge = req.session.passkeyChallenge;
    delete req.session.passkeyChallenge;
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
      await showAccount(req, res, 400, user, { passkeyMessage: "account.passkeys.failed" });
      return;
    }
    await users.addPasskey(user.id, passkey);
    audit("account.passkey_added", { subject: user.id, ip: req.ip });
    done(req, res, "account.passkeys.added");
  });

  router.post(ROUTES.accountPasskeyRename.path, flow.sessions, ...post, async (req: Request, res: Response) => {
    const user = await requirePerson(req);
    const id = textField(req, "credential_id", 1024) ?? "";
    const name = (textField(req, "name", MAX_NAME) ?? "").trim();
    if (name === "") {
      await showAccount(req, res, 400, user, { passkeyMessage: "account.passkeys.nameMissing" });
      return;
    }
    if (!(await users.renamePasskey(user.id, id, name))) throw noSuchPasskey();
    audit("account.passkey_renamed", { subject: user.id, ip: req.ip });
    done(req, res, "account.passkeys.renamed");
  });

  router.post(ROUTES.accountPasskeyRemove.path, flow.sessions, ...post, async (req: Request, res: Response) => {
    const user = await requirePerson(req);
    const id = textField(req, "credential_id", 1024) ?? "";
    if (!(await users.removePasskey(user.id, id))) throw noSuchPasskey();
    audit("account.passkey_removed", { subject: user.id, ip: req.ip });
    done(req, res, "account.passkeys.removed");
  });

  return router;
}

const noSuchPasskey = () =>
  new NotFound("passkey", { message: "passkey not found for this account", retryUrl: ROUTES.account.path });
