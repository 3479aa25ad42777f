import { LANGUAGES, type Language } from "./catalogs.js";

/** At most this many language tags are looked at from any one source, and at most this many characters of it. */
const MAX_TAGS = 50;
const MAX_CHARS = 1_000;

export interface LanguageInput {
  /** Hydra's `oidc_context.ui_locales`: an array, or the raw space-separated string from the authorization request. */
  uiLocales?: readonly string[] | string;
  /** The language the person picked in the language menu (from a cookie). */
  picked?: string;
  /** The raw `Accept-Language` request header. */
  acceptLanguage?: string;
  /** Used when nothing else matches. */
  defaultLanguage: Language;
}

const BY_LOWER_CASE = new Map<string, Language>(LANGUAGES.map((language) => [language.toLowerCase(), language]));
/** Base languages that we have only in one regional form. */
const BASE_ALIASES: Readonly<Record<string, Language>> = { pt: "pt-BR" };
const TAG = /^[a-z]{1,8}(?:-[a-z0-9]{1,8})*$/;

/**
 * Maps one BCP 47 tag to a language we have: exact match first ("pt-BR"), then the base language ("de-AT" → de,
 * "pt-PT" → pt-BR). Case-insensitive; "_" is accepted for "-". "*" and malformed tags give undefined.
 */
export function matchLanguage(tag: unknown): Language | undefined {
  if (typeof tag !== "string" || tag.length === 0 || tag.length > 100) return undefined;
  const normalized = tag.trim().toLowerCase().replaceAll("_", "-");
  if (!TAG.test(normalized)) return undefined;
  const exact = BY_LOWER_CASE.get(normalized);
  if (exact !== undefined) return exact;
  const base = normalized.split("-", 1)[0]!;
  return BY_LOWER_CASE.get(base) ?? (Object.hasOwn(BASE_ALIASES, base) ? BASE_ALIASES[base] : undefined);
}

function uiLocaleTags(uiLocales: unknown): string[] {
  const parts = typeof uiLocales === "string" ? [uiLocales] : Array.isArray(uiLocales) ? uiLocales : [];
  const tags: string[] = [];
  let chars = 0;
  for (const part of parts.slice(0, MAX_TAGS)) {
    if (typeof part !== "string") continue;
    for (const tag of part.slice(0, MAX_CHARS).split(/\s+/)) {
      if (tag === "") continue;
      chars += tag.length;
      if (tags.length >= MAX_TAGS || chars > MAX_CHARS) return tags;
      tags.push(tag);
    }
  }
  return tags;
}

const QUALITY = /^q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/i;

/** The tags of an Accept-Language header, best first (stable for equal q), without q=0 entries and malformed ones. */
export function acceptLanguageTags(header: unknown): string[] {
  if (typeof header !== "string") return [];
  const entries: { tag: string; q: number }[] = [];
  for (const entry of header.slice(0, MAX_CHARS).split(",", MAX_TAGS)) {
    const [rawTag = "", ...parameters] = entry.split(";");
    const tag = rawTag.trim();
    if (tag === "") continue;
    let q = 1;
    for (const parameter of parameters) {
      const text = parameter.trim();
      if (!/^q=/i.test(text)) continue;
      const match = QUALITY.exec(text);
      q = match === null ? 0 : Number(match[1]);
    }
    if (q > 0) entries.push({ tag, q });
  }
  return entries.sort((a, b) => b.q - a.q).map((entry) => entry.tag);
}

/**
 * Chooses the page language: Hydra's ui_locales in order, then the person's own pick, then Accept-Language by
 * quality, then the default. Pure and total: garbage in any input is skipped, never thrown on.
 */
export function chooseLanguage(input: LanguageInput): Language {
  try {
    for (const tag of uiLocaleTags(input.uiLocales)) {
      const language = matchLanguage(tag);
      if (language !== undefined) return language;
    }
    const picked = matchLanguage(input.picked);
    if (picked !== undefined) return picked;
    for (const tag of acceptLanguageTags(input.acceptLanguage)) {
      const language = matchLanguage(tag);
      if (language !== undefined) return language;
    }
  } catch {
    // Unreachable for string inputs; a defensive net for values that lie about their type.
  }
  return input.defaultLanguage;
}
