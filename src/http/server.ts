import http from "node:http";
import type { Express } from "express";

/**
 * An HTTP server whose requests and responses are born with the app's own prototypes.
 *
 * Express gives every request and response its prototypes with Object.setPrototypeOf, and V8 makes that
 * slow: it drops the object's fast shape, so every later property access on req and res pays for it. Measured
 * on a bare page, that alone more than doubled what Express costs per request (docs/benchmark.md). Built with
 * these constructors, Express's setPrototypeOf finds the prototype already in place and changes nothing.
 */
export function createHttpServer(app: Express): http.Server {
  function AppRequest(this: http.IncomingMessage, socket: import("node:net").Socket) {
    http.IncomingMessage.call(this, socket);
  }
  AppRequest.prototype = app.request;
  function AppResponse(this: http.ServerResponse, req: http.IncomingMessage, options?: object) {
    (http.ServerResponse as unknown as (this: unknown, ...args: unknown[]) => void).call(this, req, options);
  }
  AppResponse.prototype = app.response;
  return http.createServer(
    {
      IncomingMessage: AppRequest as unknown as typeof http.IncomingMessage,
      ServerResponse: AppResponse as unknown as typeof http.ServerResponse,
    },
    app,
  );
}
