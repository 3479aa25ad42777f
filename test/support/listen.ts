import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";

export interface Listening {
  url: string;
  close(): Promise<void>;
}

/** The app on a real port of 127.0.0.1, for tests that send many requests at once (supertest opens one server each). */
export async function listen(app: Express): Promise<Listening> {
  const server = http.createServer(app);
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A login form as a browser holds it: its CSRF cookie and token. */
export async function openForm(url: string): Promise<{ cookie: string; token: string }> {
  const page = await fetch(url);
  if (page.status !== 200) throw new Error(`GET ${url} answered ${page.status}`);
  const cookie = page.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (token === undefined) throw new Error("no CSRF token in the page");
  return { cookie, token };
}

/** POSTs a form the way a browser does, with the form's cookie. */
export function postForm(
  url: string,
  form: { cookie: string; token: string },
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: form.cookie, ...headers },
    body: new URLSearchParams({ _csrf: form.token, ...fields }).toString(),
  });
}
