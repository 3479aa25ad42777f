import { readFileSync } from "node:fs";
import type { RequestHandler } from "express";

/** Relative luminance of a #rrggbb colour (WCAG 2.2). */
function luminance(hex: string): number {
  const channel = (index: number) => {
    const value = Number.parseInt(hex.slice(1 + index * 2, 3 + index * 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

export function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** Text on the primary colour: white or near-black, whichever reads better (WCAG contrast). */
export function textOn(color: string): string {
  return contrast(color, "#ffffff") >= contrast(color, "#111111") ? "#ffffff" : "#111111";
}

/**
 * The operator's stylesheet, served from our origin (so the CSP stays `style-src 'self'`): the primary colour as
 * CSS variables for buttons and links, then BRAND_CSS_FILE as it is. Built once at start.
 */
export function brandStylesheet(options: { primaryColor: string | undefined; cssFile: string | undefined }): string {
  let css = "";
  if (options.primaryColor !== undefined) {
    const color = options.primaryColor;
    css += `:root {\n  --accent: ${color};\n  --accent-text: ${textOn(color)};\n}\n`;
    // Links use the colour as text: keep them readable in the dark theme too.
    if (contrast(color, "#1f2227") < 4.5) css += `@media (prefers-color-scheme: dark) {\n  a { color: #8aa8ff; }\n}\n`;
  }
  if (options.cssFile !== undefined) css += readFileSync(options.cssFile, "utf8");
  return css;
}

export function brandStylesheetHandler(css: string): RequestHandler {
  return (_req, res) => {
    res.setHeader("Cache-Control", "public, max-age=3600");
    res.type("text/css").send(css);
  };
}
