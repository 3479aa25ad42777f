import { CookieJar, hiddenField } from "../http.js";

export function expectRedirect(
  answer: { status: number; location: string | undefined; body: string },
  to: string,
): string {
  if (answer.status < 300 || answer.status > 399 || answer.location === undefined || !answer.location.includes(to)) {
    throw new Error(
      `expected a redirect to ${to}, got ${answer.status} ${answer.location ?? answer.body.slice(0, 200)}`,
    );
  }
  return answer.location;
}

/** The login form's hidden fields, as a browser posts them (the sealed facts spare the app a Hydra call). */
export const loginFormOf = (html: string) => ({
  _csrf: hiddenField(html, "_csrf"),
  challenge: hiddenField(html, "challenge"),
  facts: hiddenField(html, "facts"),
});

export const param = (url: string, name: string) => new URL(url).searchParams.get(name) ?? "";

/** One virtual user's way through one flow, filled in stage by stage. */
export interface Flow {
  jar: CookieJar;
  loginUrl: string;
  loginForm?: Record<string, string>;
  afterLogin?: string;
  consentUrl?: string;
  consentForm?: Record<string, string>;
  afterConsent?: string;
}

export const need = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`skipped: ${what} failed earlier`);
  return value;
};
