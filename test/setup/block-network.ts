import net from "node:net";

/**
 * Unit and integration tests talk only to servers they start on loopback. Anything else (a forgotten stub that
 * would reach a real Hydra or the internet) fails at once instead of hanging or passing by luck.
 */
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;
const originalConnect = net.Socket.prototype.connect;

net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const first = args[0];
  let host: unknown;
  if (typeof first === "object" && first !== null && !Array.isArray(first))
    host = (first as { host?: unknown; path?: unknown }).path
      ? "localhost"
      : ((first as { host?: unknown }).host ?? "localhost");
  else if (Array.isArray(first)) host = (first[0] as { host?: unknown })?.host ?? "localhost";
  else if (typeof first === "number") host = typeof args[1] === "string" ? args[1] : "localhost";
  else host = "localhost"; // a unix socket path
  if (typeof host === "string" && !LOOPBACK.test(host)) {
    throw new Error(`network access to ${host} is blocked in tests: start a stand-in on 127.0.0.1 instead`);
  }
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;
