import type { Agent } from "supertest";

/** The CSRF token of the page an agent just fetched; every form of ours carries one. */
export function csrfTokenOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (match?.[1] === undefined) throw new Error("no CSRF token in the page");
  return match[1];
}

/** Opens the login page with an agent (keeping its cookie) and returns the form's CSRF token. */
export async function openLoginForm(agent: Agent, challenge: string): Promise<string> {
  const response = await agent.get(`/login?login_challenge=${challenge}`).expect(200);
  return csrfTokenOf(response.text);
}
