import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ENDPOINTS, ROUTES } from "../../src/routes.js";

/** Every path is declared once in src/routes.ts; the views read it from the `routes` global instead of spelling it. */
const viewsDir = path.resolve(import.meta.dirname, "../../views");
const declared: string[] = [...Object.values(ROUTES), ...Object.values(ENDPOINTS)].map((route) => route.path);

describe("views use the routes table", () => {
  it("spell no declared path in a quoted attribute or argument", () => {
    const spelled: string[] = [];
    for (const file of readdirSync(viewsDir).filter((name) => name.endsWith(".njk"))) {
      const text = readFileSync(path.join(viewsDir, file), "utf8");
      for (const quoted of text.matchAll(/["'](\/[^"'{}?#]*)(?:[?#][^"']*)?["']/g)) {
        if (declared.includes(quoted[1]!)) spelled.push(`${file}: ${quoted[0]}`);
      }
    }
    expect(spelled).toEqual([]);
  });

  it("the routes table and the machine endpoints share no path", () => {
    expect(new Set(declared).size).toBe(declared.length);
  });
});
