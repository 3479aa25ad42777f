import http from "node:http";
import type { AddressInfo } from "node:net";
import type { OAuth2ConsentSession } from "../../src/hydra.js";

export interface SeenRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

export interface Answer {
  status: number;
  body?: unknown;
  /** Answer only after this many milliseconds (to exceed the client's timeout). */
  delayMs?: number;
  /** More response headers, e.g. Location or Link. */
  headers?: Record<string, string>;
}

type Kind = "login" | "consent" | "logout" | "device";
type SessionKind = "consent" | "login";

export interface StandInOptions {
  /** Serve the admin API under this path prefix (as Ory Network or a reverse proxy may), e.g. "/proxy/admin-api". */
  prefix?: string;
  /** The most consent sessions one page holds, whatever page_size asks for (Hydra: 1,000). */
  maxPageSize?: number;
}

/**
 * An in-process stand-in for Hydra's admin API on 127.0.0.1. Tests say what each challenge answers; every
 * accept and reject answers like Hydra (200 with redirect_to, 204 for a logout reject) unless told otherwise.
 * Consent sessions are what tests give with `consentSessions`; they are listed in pages with a `Link` header
 * (page_size, page_token) and revoked like Hydra does (204).
 */
export class HydraAdminStandIn {
  readonly seen: SeenRequest[] = [];
  /** How many TCP connections clients have opened to the stand-in. */
  connections = 0;
  private readonly answers = new Map<string, Answer>();
  private readonly sessions = new Map<string, OAuth2ConsentSession[]>();
  private readonly server = http.createServer((req, res) => void this.handle(req, res));
  private readonly prefix: string;
  private readonly maxPageSize: number;
  url = "";

  constructor(options: StandInOptions = {}) {
    this.prefix = options.prefix?.replace(/\/+$/, "") ?? "";
    this.maxPageSize = options.maxPageSize ?? 1000;
    this.server.on("connection", () => this.connections++);
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${this.prefix}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** What GET (or, with `action`, PUT …/accept or …/reject) answers for a challenge. */
  answer(kind: Kind, challenge: string, answer: Answer, action: "get" | "accept" | "reject" = "get"): this {
    this.answers.set(`${kind}:${action}:${challenge}`, answer);
    return this;
  }

  /** What GET (list) or DELETE (revoke) of a kind of session answers, instead of the stand-in's own sessions. */
  answerSessions(kind: SessionKind, method: "GET" | "DELETE", answer: Answer): this {
    this.answers.set(`sessions:${kind}:${method}`, answer);
    return this;
  }

  /** Gives a subject these consent sessions (replacing what it had). */
  consentSessions(subject: string, sessions: OAuth2ConsentSession[]): this {
    this.sessions.set(subject, [...sessions]);
    return this;
  }

  /** The consent sessions a subject has now. */
  consentSessionsOf(subject: string): OAuth2ConsentSession[] {
    return [...(this.sessions.get(subject) ?? [])];
  }

  /** The request for an operation, e.g. calls("login", "accept"). */
  calls(kind: Kind, action: "get" | "accept" | "reject"): SeenRequest[] {
    const suffix = action === "get" ? "" : `/${action}`;
    return this.seen.filter((request) => request.path === `/admin/oauth2/auth/requests/${kind}${suffix}`);
  }

  /** The requests about a kind of session (list and revoke). */
  sessionCalls(kind: SessionKind): SeenRequest[] {
    return this.seen.filter((request) => request.path === `/admin/oauth2/auth/sessions/${kind}`);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://stand-in");
    if (this.prefix !== "") {
      if (!url.pathname.startsWith(`${this.prefix}/`)) {
        for await (const _chunk of req);
        return this.send(res, { status: 404, body: { error: "Not Found" } });
      }
      url.pathname = url.pathname.slice(this.prefix.length);
    }
    let raw = "";
    for await (const chunk of req) raw += String(chunk);
    let body: unknown = undefined;
    try {
      body = raw === "" ? undefined : JSON.parse(raw);
    } catch {
      body = raw;
    }
    this.seen.push({
      method: req.method ?? "",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
    });

    const session = /^\/admin\/oauth2\/auth\/sessions\/(consent|login)$/.exec(url.pathname);
    if (session !== null) return this.handleSessions(session[1] as SessionKind, req.method ?? "", url, res);

    const match = /^\/admin\/oauth2\/auth\/requests\/(login|consent|logout|device)(?:\/(accept|reject))?$/.exec(
      url.pathname,
    );
    if (match === null) return this.send(res, { status: 404, body: { error: "Not Found" } });
    const kind = match[1] as Kind;
    const action = (match[2] ?? "get") as "get" | "accept" | "reject";
    const challenge = url.searchParams.get(`${kind}_challenge`) ?? "";
    const told = this.answers.get(`${kind}:${action}:${challenge}`);
    if (told !== undefined) return this.send(res, told);
    if (action === "get" || kind === "device") {
      return this.send(res, {
        status: 404,
        body: { error: "Not Found", error_description: "Unable to locate the resource" },
      });
    }
    if (kind === "logout" && action === "reject") return this.send(res, { status: 204 });
    return this.send(res, {
      status: 200,
      body: { redirect_to: `https://hydra.test/after-${kind}-${action}?challenge=${challenge}` },
    });
  }

  /** Like Hydra v2: subject required; list in pages with a relative `Link`; revoke answers 204. */
  private handleSessions(kind: SessionKind, method: string, url: URL, res: http.ServerResponse): void {
    const told = this.answers.get(`sessions:${kind}:${method}`);
    if (told !== undefined) return this.send(res, told);
    const subject = url.searchParams.get("subject") ?? "";
    const invalid = (hint: string) =>
      this.send(res, { status: 400, body: { error: "invalid_request", error_description: hint } });
    if (kind === "login") {
      if (method !== "DELETE") return this.send(res, { status: 405 });
      if (subject === "" && !url.searchParams.get("sid")) return invalid("Either 'subject' or 'sid' must be set.");
      return this.send(res, { status: 204 });
    }
    if (subject === "") return invalid("Query parameter 'subject' is not defined but should have been.");
    if (method === "DELETE") {
      const client = url.searchParams.get("client") ?? "";
      if (client !== "") {
        this.sessions.set(
          subject,
          this.consentSessionsOf(subject).filter((s) => s.consent_request?.client?.client_id !== client),
        );
      } else if (url.searchParams.get("all") === "true") this.sessions.delete(subject);
      else return invalid("Query parameter both 'client' and 'all' is not defined but one of them should have been.");
      return this.send(res, { status: 204 });
    }
    if (method !== "GET") return this.send(res, { status: 405 });
    const all = this.consentSessionsOf(subject);
    const asked = Number(url.searchParams.get("page_size") ?? 250);
    const size = Math.max(1, Math.min(this.maxPageSize, Number.isFinite(asked) ? asked : 250));
    const offset = Math.max(0, Number(url.searchParams.get("page_token") ?? 0) || 0);
    const page = all.slice(offset, offset + size);
    const link = (rel: string, at: number) => {
      const target = new URL(url);
      target.searchParams.set("page_size", String(size));
      target.searchParams.set("page_token", String(at));
      return `<${this.prefix}${target.pathname}${target.search}>; rel="${rel}"`;
    };
    const links = [link("first", 0)];
    // Like Hydra, an empty list still names a "next" page: clients must stop on an empty page.
    if (offset + size < all.length || all.length === 0) links.push(link("next", offset + size));
    this.sendWithHeaders(res, 200, { Link: links.join(","), "X-Total-Count": String(all.length) }, page);
  }

  private sendWithHeaders(res: http.ServerResponse, status: number, headers: Record<string, string>, body: unknown) {
    res.writeHead(status, { ...headers, "Content-Type": "application/json" });
    res.end(JSON.stringify(body));
  }

  private send(res: http.ServerResponse, answer: Answer): void {
    const write = () => {
      if (res.destroyed) return;
      res.writeHead(answer.status, {
        ...answer.headers,
        ...(answer.body === undefined ? {} : { "Content-Type": "application/json" }),
      });
      res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
    };
    if (answer.delayMs) setTimeout(write, answer.delayMs);
    else write();
  }
}

export const loginRequest = (challenge: string, overrides: Record<string, unknown> = {}) => ({
  challenge,
  client: { client_id: "client-1", client_name: "Photo Printer" },
  request_url: "https://hydra.test/oauth2/auth?client_id=client-1",
  requested_scope: ["openid", "email"],
  requested_access_token_audience: [],
  skip: false,
  subject: "",
  ...overrides,
});

export const consentRequest = (challenge: string, overrides: Record<string, unknown> = {}) => ({
  challenge,
  client: { client_id: "client-1", client_name: "Photo Printer" },
  request_url: "https://hydra.test/oauth2/auth?client_id=client-1",
  requested_scope: ["openid", "email", "profile"],
  requested_access_token_audience: ["https://api.example.test"],
  skip: false,
  subject: "foo@bar.com",
  ...overrides,
});
