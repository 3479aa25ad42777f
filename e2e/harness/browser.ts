/**
 * Debian's Chromium (Playwright's own browser download cannot work on our machines), headless, with the flags
 * that keep it off the closed network. Shared by playwright.config.ts and scripts/screenshots.ts.
 */
export const CHROMIUM = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
  ],
};
