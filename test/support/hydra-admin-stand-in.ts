import http from "node:http";
import type { AddressInfo } from "node:net";

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
}

type Kind = "login" | "consent" | "logout" | "device";

/**
 * An in-process stand-in for Hydra's admin API on 127.0.0.1. Tests say what each challenge answers; every
 * accept and reject answers like Hydra (200 with redirect_to, 204 for a logout reject) unless told otherwise.
 */
export class HydraAdminStandIn {
  readonly seen: SeenRequest[] = [];
  private readonly answers = new Map<string, Answer>();
  private readonly server = http.createServer((req, res) => void this.handle(req, res));
  url = "";

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
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

  /** The request for an operation, e.g. calls("login", "accept"). */
  calls(kind: Kind, action: "get" | "accept" | "reject"): SeenRequest[] {
    const suffix = action === "get" ? "" : `/${action}`;
    return this.seen.filter((request) => request.path === `/admin/oauth2/auth/requests/${kind}${suffix}`);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://stand-in");
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

  private send(res: http.ServerResponse, answer: Answer): void {
    const write = () => {
      if (res.destroyed) return;
      res.writeHead(answer.status, answer.body === undefined ? {} : { "Content-Type": "application/json" });
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
