import { Router, type Request, type Response } from "express";
import { BadRequest, Conflict } from "../errors.js";
import { browserValue, providerOf, startRoundTrip } from "../flows/upstream.js";
import { textField } from "../http/forms.js";
import type { ProviderLink } from "../identity/provider-links.js";
import type { User } from "../identity/user.js";
import { mayAddWayIn } from "../policy/sign-up.js";
import { ROUTES } from "../routes.js";
import type { FactorRouteDeps } from "./factors.js";

/**
 * Whether removing `providerId`'s link leaves the account a way to sign in: a password someone knows (an account a
 * provider made has a random one, told to nobody: `password_unset` until "Forgot password" sets one, whichever of its
 * links is removed first), a passkey, or another link.
 */
export function canRemoveLink(input: {
  user: Pick<User, "passwordUnset">;
  links: readonly ProviderLink[];
  providerId: string;
  passkeys: number;
}): boolean {
  const others = input.links.filter((link) => link.providerId !== input.providerId).length;
  const knownPassword = input.user.passwordUnset !== true;
  return knownPassword || input.passkeys > 0 || others > 0;
}

/** The account page's part: the providers, each linked (with Remove) or not (with Link). */
export async function providersView(deps: FactorRouteDeps["flow"], user: User) {
  const providers = deps.upstream?.providers ?? [];
  if (providers.length === 0) return { providers: [] };
  const links = (await deps.users.providerLinksOf?.(user.id)) ?? [];
  return {
    providers: providers.map((provider) => ({
      id: provider.id,
      name: provider.name,
      linked: links.some((link) => link.providerId === provider.id),
    })),
  };
}

/**
 * Link and Remove: each a change to how the account signs in, so each needs a recent sign-in, ends the person's
 * other sessions, and is audited. Link goes through the provider (its callback checks the ID token and hands the
 * identity to `accountProviderLinked`, bound to this browser and this account).
 */
export function providerRoutes(deps: Omit<FactorRouteDeps, "box">): Router {
  const { flow, post, requirePerson, recentSignIn, endOtherSessions } = deps;
  const { users, audit } = flow;
  const router = Router();
  const done = (req: Request, res: Response, notice: "account.providers.added" | "account.providers.removed") => {
    req.session.notice = notice;
    res.redirect(303, `${ROUTES.account.path}#providers`);
  };

  router.post(ROUTES.accountProviderLink.path, flow.sessions, ...post, async (req: Request, res: Response) => {
    const user = await requirePerson(req, res);
    const provider = providerOf(flow, textField(req, "provider", 64));
    if (!(await recentSignIn(req, res, user, ROUTES.accountProviderLink.path))) return;
    if (!mayAddWayIn(user, flow.config.registration.mode)) {
      req.session.notice = "account.addressFirst";
      res.redirect(303, `${ROUTES.account.path}#providers`);
      return;
    }
    await startRoundTrip(flow, req, res, { provider, purpose: { kind: "account", userId: user.id } });
  });

  router.get(ROUTES.accountProviderLinked.path, flow.sessions, ...deps.show, async (req: Request, res: Response) => {
    const user = await requirePerson(req, res);
    const link = await flow.signIn.upstreamProofs.takeAccountLink(browserValue(flow, req));
    // Made for this browser and this account, or nothing: another session's identity never lands here.
    if (link === undefined || link.userId !== user.id) {
      throw new BadRequest("upstream_state", { message: "no account link waiting", retryUrl: ROUTES.account.path });
    }
    const held = (await users.providerLinksOf?.(user.id)) ?? [];
    if (held.some((existing) => existing.providerId === link.providerId)) {
      throw new Conflict("provider_link_taken", { message: "linked already", retryUrl: ROUTES.account.path });
    }
    await users.addProviderLink!(user.id, {
      providerId: link.providerId,
      subject: link.subject,
      linkedAt: new Date().toISOString(),
      createdAccount: false,
    });
    await endOtherSessions(req, user);
    audit("account.provider_linked", { subject: user.id, provider: link.providerId, ip: req.ip });
    done(req, res, "account.providers.added");
  });

  router.post(ROUTES.accountProviderRemove.path, flow.sessions, ...post, async (req: Request, res: Response) => {
    const user = await requirePerson(req, res);
    const provider = providerOf(flow, textField(req, "provider", 64));
    if (!(await recentSignIn(req, res, user, ROUTES.accountProviderRemove.path))) return;
    const links = (await users.providerLinksOf?.(user.id)) ?? [];
    const factors = await flow.signIn.factorsOf(user.id);
    if (!canRemoveLink({ user, links, providerId: provider.id, passkeys: factors.passkeys.length })) {
      throw new Conflict("provider_last_method", {
        message: "the last way to sign in",
        retryUrl: `${ROUTES.account.path}#providers`,
      });
    }
    if (await users.removeProviderLink!(user.id, provider.id)) {
      await endOtherSessions(req, user);
      audit("account.provider_removed", { subject: user.id, provider: provider.id, ip: req.ip });
    }
    done(req, res, "account.providers.removed");
  });

  return router;
}
