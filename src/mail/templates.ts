import nunjucks from "nunjucks";
import type { Language } from "../i18n/catalogs.js";
import { translator, type MessageKey } from "../i18n/index.js";

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/**
 * Emails from templates in views/email/ (a theme's THEME_DIR/views/email/ shadows ours file by file): each kind
 * has `<kind>.txt.njk` and `<kind>.html.njk`, both given `t` in the person's language and the kind's parameters.
 * The text version is not HTML-escaped (it is plain text); the HTML one is.
 */
export function emailTemplates(viewsDirs: string[], brandName: string | undefined) {
  const dirs = viewsDirs.map((dir) => `${dir}/email`);
  const html = new nunjucks.Environment(new nunjucks.FileSystemLoader(dirs), { autoescape: true });
  const text = new nunjucks.Environment(new nunjucks.FileSystemLoader(dirs), { autoescape: false });
  return (kind: string, subjectKey: MessageKey, lang: Language, params: Record<string, string>): RenderedEmail => {
    const t = translator(lang);
    const context = { t, lang, params, brandName };
    return {
      subject: t(subjectKey, params),
      text: text.render(`${kind}.txt.njk`, context),
      html: html.render(`${kind}.html.njk`, context),
    };
  };
}
