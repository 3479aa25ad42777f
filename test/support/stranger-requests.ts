/**
 * What a flood of strangers sends: every flow page, with and without a challenge, and forms refused for want of a
 * cookie. Shared by the CI smoke (test/hardening/strangers.test.ts) and the 250,000-request script
 * (bench/stranger-flood.ts).
 */
export const STRANGER_REQUESTS: ReadonlyArray<{ method: "GET" | "POST"; path: string; body?: string }> = [
  { method: "GET", path: "/login?login_challenge=flood" },
  { method: "GET", path: "/login" },
  { method: "GET", path: "/consent?consent_challenge=flood" },
  { method: "GET", path: "/logout?logout_challenge=flood" },
  { method: "GET", path: "/device/verify?device_challenge=flood" },
  { method: "GET", path: "/error?error=access_denied" },
  { method: "GET", path: "/logged-out" },
  { method: "GET", path: "/account" },
  { method: "POST", path: "/login", body: "_csrf=x&challenge=flood&action=accept&email=a%40b.c&password=x" },
  { method: "POST", path: "/login/second-factor", body: "_csrf=x&challenge=flood&action=accept&code=123456" },
  { method: "POST", path: "/consent", body: "challenge=flood&action=accept" },
  { method: "POST", path: "/account/sign-out", body: "_csrf=x" },
];
