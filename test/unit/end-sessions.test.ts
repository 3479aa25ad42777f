import { describe, expect, it } from "vitest";
import { endSessionsOf, memorySessionGenerations } from "../../src/sign-in/session-generations.js";

describe("ending every session of an account", () => {
  it("moves the generation on, ends Hydra's remembered logins and returns the generation a staying session takes", async () => {
    const generations = memorySessionGenerations();
    const revoked: string[] = [];
    const hydra = { revokeLoginSessions: async (subject: string) => void revoked.push(subject) };
    expect(await endSessionsOf("user-1", { generations, hydra })).toBe(1);
    expect(await endSessionsOf("user-1", { generations, hydra })).toBe(2);
    expect(await generations.current("user-1")).toBe(2);
    expect(await generations.current("user-2")).toBe(0);
    expect(revoked).toEqual(["user-1", "user-1"]);
  });

  it("ends the account-area sessions even when Hydra cannot be reached (the error still reaches the page)", async () => {
    const generations = memorySessionGenerations();
    const hydra = {
      revokeLoginSessions: async () => {
        throw new Error("hydra down");
      },
    };
    await expect(endSessionsOf("user-1", { generations, hydra })).rejects.toThrow("hydra down");
    expect(await generations.current("user-1")).toBe(1);
  });
});
