import { en } from "./en.js";

export type MessageKey = keyof typeof en;
export type Translate = (key: MessageKey, params?: Record<string, string>) => string;

const catalogs: Record<string, Partial<Record<MessageKey, string>>> = { en };

/** Returns the translation function for a language, falling back to English for missing keys. */
export function translator(language = "en"): Translate {
  const catalog = catalogs[language] ?? en;
  return (key, params) => {
    const text = catalog[key] ?? en[key];
    if (params === undefined) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
  };
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

/** A scope's words: `scope.<name>` when a catalog has it, otherwise the generic sentence naming the scope. */
export function scopeMessage(scope: string): { key: MessageKey; params?: Record<string, string> } {
  const key = `scope.${scope}`;
  return isMessageKey(key) ? { key } : { key: "consent.scopeFallback", params: { scope } };
}
