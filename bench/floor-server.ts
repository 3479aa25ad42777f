/**
 * The floor of any Node page: a bare node:http server answering one fixed HTML page of about 2 KB, started by
 * the bench as its own process so that its CPU can be read from /proc like the app's. Sends its port to the
 * parent over IPC.
 */
import http from "node:http";

const filler = Array.from(
  { length: 24 },
  (_, index) => `    <p>Line ${index + 1} of a page that stands for a small server-rendered form.</p>`,
).join("\n");
const page = Buffer.from(
  `<!doctype html>\n<html lang="en">\n  <head>\n    <meta charset="utf-8">\n    <title>Floor</title>\n  </head>\n` +
    `  <body>\n    <h1>Please log in</h1>\n${filler}\n  </body>\n</html>\n`,
);

const server = http.createServer((_req, res) => {
  res.writeHead(200, {
    "content-type": "text/html; charset=utf-8",
    "content-length": page.length,
    "cache-control": "no-store",
  });
  res.end(page);
});
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.send?.({ port: typeof address === "object" && address ? address.port : 0, bytes: page.length });
});
process.on("disconnect", () => server.close(() => process.exit(0)));
