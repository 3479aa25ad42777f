import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/http/logging.js";
import { createMailer } from "../../src/mail/index.js";
import { startMailpit, type Mailpit } from "../support/mailpit.js";

const VIEWS = path.resolve(import.meta.dirname, "../../views");

let mailpit: Mailpit;
beforeAll(async () => {
  mailpit = await startMailpit();
});
afterAll(() => mailpit.stop());

function mailer(smtpUrl: string, options: { viewsDirs?: string[]; timeoutMs?: number; user?: string } = {}) {
  const registry = new Registry();
  return {
    registry,
    mailer: createMailer({
      smtpUrl,
      user: options.user,
      password: options.user === undefined ? undefined : "secret-from-settings",
      timeoutMs: options.timeoutMs ?? 2000,
      from: "Sign-in <sign-in@example.test>",
      baseUrl: "https://login.example.test",
      viewsDirs: options.viewsDirs ?? [VIEWS],
      brandName: "Example Corp",
      logger: createLogger("silent"),
      registry,
    }),
  };
}

const recovery = (to: string) => ({
  kind: "recovery" as const,
  to,
  lang: "fr" as const,
  params: { email: to, link: "https://login.example.test/recovery/abc", minutes: "15" },
});

describe("the mailer", () => {
  it("logs in with the user and password of the URL (or of the settings) and sends text and HTML", async () => {
    const withUrl = mailer(mailpit.smtpUrl.replace("smtp://", "smtp://mailer:p%40ss@"));
    expect(await withUrl.mailer.send(recovery("url-auth@example.test"))).toBe(true);
    const message = await mailpit.waitFor("url-auth@example.test");
    expect(message.Subject).toBe("Réinitialiser votre mot de passe");
    expect(message.From).toEqual({ Address: "sign-in@example.test", Name: "Sign-in" });
    expect(message.Text).toContain("https://login.example.test/recovery/abc");
    expect(message.HTML).toContain('<a href="https://login.example.test/recovery/abc">');
    expect(message.HTML).toContain("Example Corp");

    const withSettings = mailer(mailpit.smtpUrl, { user: "settings-user" });
    expect(await withSettings.mailer.send(recovery("settings-auth@example.test"))).toBe(true);
    await mailpit.waitFor("settings-auth@example.test");
    withUrl.mailer.close();
    withSettings.mailer.close();
  });

  it("a theme's views/email/ shadows ours file by file", async () => {
    const theme = mkdtempSync(path.join(os.tmpdir(), "theme-"));
    mkdirSync(path.join(theme, "views", "email"), { recursive: true });
    writeFileSync(path.join(theme, "views", "email", "recovery.txt.njk"), "Themed: {{ params.link }}\n");
    const { mailer: themed } = mailer(mailpit.smtpUrl, { viewsDirs: [path.join(theme, "views"), VIEWS] });
    await themed.send(recovery("themed@example.test"));
    const message = await mailpit.waitFor("themed@example.test");
    expect(message.Text.trim()).toBe("Themed: https://login.example.test/recovery/abc");
    expect(message.HTML).toContain("Choisir un nouveau mot de passe"); // the HTML one is still ours
    themed.close();
  });

  it("a server that never answers: gives up after SMTP_TIMEOUT_MS and counts a timeout", async () => {
    const silent = net.createServer(() => undefined); // accepts, never greets
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as net.AddressInfo).port;
    const { mailer: stuck, registry } = mailer(`smtp://127.0.0.1:${port}`, { timeoutMs: 300 });
    const start = performance.now();
    expect(await stuck.send(recovery("stuck@example.test"))).toBe(false);
    expect(performance.now() - start).toBeLessThan(1000);
    expect(await registry.metrics()).toMatch(/emails_sent_total\{kind="recovery",outcome="(timeout|failed)"\} 1/);
    stuck.close();
    silent.close();
  });

  it("a refused connection is a failure, counted, never thrown", async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const { mailer: refused, registry } = mailer(`smtp://127.0.0.1:${port}`);
    expect(await refused.send(recovery("refused@example.test"))).toBe(false);
    expect(await registry.metrics()).toContain('emails_sent_total{kind="recovery",outcome="failed"} 1');
    refused.close();
  });
});
