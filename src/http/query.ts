import type { Express, Request } from "express";

const PARSED = Symbol("parsed query");

interface Parsed {
  url: string;
  query: Request["query"];
}

/**
 * Express 5 parses the query string again on every read of `req.query`. Our sign-in URLs carry a challenge of
 * about 1,200 characters, and a page reads the query several times (the challenge, the hint, the language, the
 * language menu), which made parsing it the largest single cost of GET /login. Here the result is kept on the
 * request until its URL changes.
 */
export function parseQueryOnce(app: Express): void {
  let owner: object | null = app.request;
  let parse: (() => Request["query"]) | undefined;
  while (owner !== null && parse === undefined) {
    parse = Object.getOwnPropertyDescriptor(owner, "query")?.get as (() => Request["query"]) | undefined;
    owner = Object.getPrototypeOf(owner) as object | null;
  }
  if (parse === undefined) throw new Error("express no longer defines req.query as a getter");
  const parseQuery = parse;
  Object.defineProperty(app.request, "query", {
    configurable: true,
    enumerable: true,
    get(this: Request & { [PARSED]?: Parsed }) {
      const known = this[PARSED];
      if (known !== undefined && known.url === this.url) return known.query;
      const query = parseQuery.call(this);
      this[PARSED] = { url: this.url, query };
      return query;
    },
  });
}
