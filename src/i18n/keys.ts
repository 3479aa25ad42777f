import type { en } from "./en.js";

/**
 * The message keys and the shape of a catalog, at the bottom of i18n/: the language files import them from here,
 * so that no language file imports the module that gathers the languages (which would be a cycle).
 */
export type MessageKey = keyof typeof en;

/** A complete catalog: every key of the English one, no more (a missing or extra key is a compile error). */
export type Catalog = Record<MessageKey, string>;
