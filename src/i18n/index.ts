import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { CATALOGS, isLanguage, type Language } from "./catalogs.js";
import { en } from "./en.js";
import type { MessageKey } from "./keys.js";

export type { MessageKey };
export type Translate = (key: MessageKey, params?: Record<string, string>) => string;

/** The operator's strings (MESSAGES_DIR), by language, over the built-in catalogs. */
let overrides: Partial<Record<Language, Record<string, string>>> = {};
const translators = new Map<Language, Translate>();

/**
 * Reads MESSAGES_DIR: one `<language>.json` per language (`en.json`, `de.json`, `pt-BR.json`…), each an object of
 * message keys to strings, merged over the built-ins. Keys may be any built-in key, or `scope.<name>` for a scope
 * of the operator's own. Returns what it could not use, for the start-up log.
 */
export function installMessages(dir: string | undefined): string[] {
  overrides = {};
  translators.clear();
  if (dir === undefined) return [];
  const problems: string[] = [];
  for (const file of readdirSync(dir)) {
    const language = file.replace(/\.json$/, "");
    if (!file.endsWith(".json") || !isLanguage(language)) {
      problems.push(`${file}: not <language>.json for one of ${Object.keys(CATALOGS).join(", ")}`);
      continue;
    }
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(path.join(dir, file), "utf8"));
    } catch (error) {
      problems.push(`${file}: ${(error as Error).message}`);
      continue;
    }
    const accepted: Record<string, string> = {};
    for (const [key, value] of Object.entries(typeof data === "object" && data !== null ? data : {})) {
      if (typeof value === "string" && (isMessageKey(key) || /^scope\.[^\s]+$/.test(key))) accepted[key] = value;
      else problems.push(`${file}: ${key} is not a message key with a string`);
    }
    overrides[language] = accepted;
  }
  return problems;
}

/** The translation function of a language: the operator's strings, the language's, then English's. */
export function translator(language: Language = "en"): Translate {
  let translate = translators.get(language);
  if (translate === undefined) {
    const own = overrides[language] ?? {};
    const fallback = overrides.en ?? {};
    const catalog: Record<string, string> = CATALOGS[language];
    translate = (key, params) => {
      const text = own[key] ?? catalog[key] ?? fallback[key] ?? en[key] ?? key;
      if (params === undefined) return text;
      return text.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
    };
    translators.set(language, translate);
  }
  return translate;
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

/** Whether any catalog (built-in English, or the operator's in any language) has this key. */
function known(key: string): boolean {
  return (
    isMessageKey(key) ||
    Object.values(overrides).some((strings) => strings !== undefined && Object.hasOwn(strings, key))
  );
}

/** A scope's words: `scope.<name>` when a catalog has it, otherwise the generic sentence naming the scope. */
export function scopeMessage(scope: string): { key: MessageKey; params?: Record<string, string> } {
  const key = `scope.${scope}`;
  return known(key) ? { key: key as MessageKey } : { key: "consent.scopeFallback", params: { scope } };
}
