import { Agent, request } from "undici";

/** One keep-alive agent for every virtual user, as a fleet of browsers behind one NAT would look. */
export const agent = new Agent({ connections: 256, keepAliveTimeout: 30_000, pipelining: 1 });

/**
 * A virtual user's cookies. Hydra and the app both run on 127.0.0.1, and cookies are scoped by host, not
 * port, so one jar per user is exactly what a browser would keep.
 */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  header(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  store(setCookie: string | string[] | undefined): void {
    for (const line of setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie]) {
      const [pair = ""] = line.split(";");
      const index = pair.indexOf("=");
      if (index <= 0) continue;
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      if (value === "" || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

export interface Answer {
  status: number;
  location: string | undefined;
  body: string;
  ms: number;
}

/** One request, never following redirects; the time covers the whole body. */
export async function send(
  jar: CookieJar,
  url: string,
  options: { method?: "GET" | "POST"; form?: Record<string, string | string[]> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  const cookie = jar.header();
  if (cookie !== undefined) headers.cookie = cookie;
  let body: string | undefined;
  if (options.form !== undefined) {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(options.form)) {
      for (const item of Array.isArray(value) ? value : [value]) params.append(name, item);
    }
    body = params.toString();
    headers["content-type"] = "application/x-www-form-urlencoded";
  }
  const started = performance.now();
  const response = await request(url, { method: options.method ?? "GET", headers, body, dispatcher: agent });
  const text = await response.body.text();
  const ms = performance.now() - started;
  jar.store(response.headers["set-cookie"]);
  const location = response.headers.location;
  return {
    status: response.statusCode,
    location: location === undefined ? undefined : new URL(String(location), url).toString(),
    body: text,
    ms,
  };
}

/** The value of a hidden input in a page we rendered. */
export function hiddenField(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (match?.[1] === undefined) throw new Error(`no ${name} field in the page`);
  return match[1]
    .replace(/&amp;/g, "&")
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"');
}
