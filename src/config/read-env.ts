/**
 * Reads the environment into the settings tree of settings.ts and checks it with zod, keeping every refusal: a bad
 * value is reported and replaced by its default, so that the checks across settings still run and one start names
 * every problem at once.
 */
import { z } from "zod";
import { settings, VARIABLE_OF, type Settings } from "./settings.js";

/** A refused setting: the variables it is about (the first is the one to fix) and why. */
export interface Problem {
  readonly variables: readonly string[];
  readonly reason: string;
}

interface Leaf {
  readonly variable: string;
  readonly path: readonly string[];
}

function leavesOf(schema: z.ZodType, path: readonly string[] = []): Leaf[] {
  const variable = VARIABLE_OF.get(schema);
  if (variable !== undefined) return [{ variable, path }];
  if (schema instanceof z.ZodObject) {
    return Object.entries(schema.shape as Record<string, z.ZodType>).flatMap(([key, child]) =>
      leavesOf(child, [...path, key]),
    );
  }
  throw new Error(`settings: ${path.join(".")} is neither a group nor read from a variable`);
}

const LEAVES = leavesOf(settings);

/** Every environment variable the app reads, in the order of the settings tree. */
export const VARIABLES: readonly string[] = LEAVES.map((leaf) => leaf.variable);

/** The tree zod expects, filled with the variables that are set; an empty string means unset (`VAR=` in .env). */
function inputFrom(env: Record<string, string | undefined>, skipped: ReadonlySet<string>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const { variable, path } of LEAVES) {
    let group = input;
    for (const key of path.slice(0, -1)) group = (group[key] ??= {}) as Record<string, unknown>;
    const value = env[variable];
    if (value !== undefined && value !== "" && !skipped.has(variable)) group[path.at(-1)!] = value;
  }
  return input;
}

function variableAt(path: readonly PropertyKey[]): string | undefined {
  return LEAVES.find((leaf) => leaf.path.every((key, index) => path[index] === key))?.variable;
}

/** The settings, each bad value replaced by its default, and one problem per zod issue. */
export function readSettings(env: Record<string, string | undefined>): { settings: Settings; problems: Problem[] } {
  const first = settings.safeParse(inputFrom(env, new Set()));
  if (first.success) return { settings: first.data, problems: [] };
  const problems = first.error.issues.map((issue) => ({
    variables: [variableAt(issue.path) ?? "environment"],
    reason: issue.message,
  }));
  // Every setting has a default or may be unset, so without the refused values the tree parses.
  const refused = new Set(problems.flatMap((problem) => problem.variables));
  return { settings: settings.parse(inputFrom(env, refused)), problems };
}
