import { de } from "./de.js";
import { en } from "./en.js";
import { es } from "./es.js";
import { fr } from "./fr.js";
import { ja } from "./ja.js";
import { ptBR } from "./pt-BR.js";

/** Every language we have, by its BCP 47 tag. English comes first. */
export const CATALOGS = { en, de, fr, es, "pt-BR": ptBR, ja } as const;

export type Language = keyof typeof CATALOGS;

export const LANGUAGES = Object.keys(CATALOGS) as Language[];

/** Each language's name in that language, for a language menu. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  en: "English",
  de: "Deutsch",
  fr: "Français",
  es: "Español",
  "pt-BR": "Português (Brasil)",
  ja: "日本語",
};

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && Object.hasOwn(CATALOGS, value);
}
