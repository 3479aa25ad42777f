/**
 * A stand-in for Hydra's admin API that answers the login and consent requests with Hydra v2.3.0's own JSON
 * (hydra-v2.3.0-requests.json, captured from a real flow), the challenge swapped for the one asked about, and every
 * accept or reject with a redirect. Its answers cost next to nothing, so the app's CPU shows alone. Sends its port
 * to the parent over IPC.
 */
import http from "node:http";
import { readFileSync } from "node:fs";

const captured = JSON.parse(readFileSync(new URL("hydra-v2.3.0-requests.json", import.meta.url), "utf8"));

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://stand-in.invalid");
  let body = { redirect_to: "https://hydra.test/after" };
  if (req.method === "GET" && url.pathname.endsWith("/requests/login"))
    body = { ...captured.login, challenge: url.searchParams.get("login_challenge") };
  else if (req.method === "GET" && url.pathname.endsWith("/requests/consent"))
    body = { ...captured.consent, challenge: url.searchParams.get("consent_challenge") };
  else if (url.pathname === "/health/ready") body = { status: "ok" };
  const text = JSON.stringify(body);
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
});
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => process.send?.({ port: server.address().port }));
process.on("disconnect", () => server.close(() => process.exit(0)));
