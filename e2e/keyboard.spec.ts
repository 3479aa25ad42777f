import { expect, test, type Page } from "@playwright/test";
import { ACCOUNT_PEOPLE } from "./global-setup.js";
import { authorizeUrl, codeFromCallback, createClient } from "./support/oauth.js";

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? "");

/** Presses Tab (or Shift+Tab) until the element with this id has the focus; fails after `max` presses. */
async function tabTo(page: Page, id: string, options: { back?: boolean; max?: number } = {}): Promise<void> {
  for (let presses = 0; presses < (options.max ?? 40); presses++) {
    if ((await focusedId(page)) === id) return;
    await page.keyboard.press(options.back ? "Shift+Tab" : "Tab");
  }
  expect(await focusedId(page), `#${id} never got the focus`).toBe(id);
}

/** The focused element shows where the focus is: an outline that is not "none" and has a width. */
async function expectVisibleFocus(page: Page, id: string): Promise<void> {
  expect(await focusedId(page)).toBe(id);
  const outline = await page.evaluate(() => {
    const style = getComputedStyle(document.activeElement!);
    return { style: style.outlineStyle, width: Number.parseFloat(style.outlineWidth) };
  });
  expect(outline.style, `#${id} has no focus outline`).not.toBe("none");
  expect(outline.width).toBeGreaterThan(0);
}

test.describe("the keyboard alone", () => {
  test("sign-in and consent with Tab, Shift+Tab, Space, Enter and typing; no clicks", async ({ page }) => {
    const person = ACCOUNT_PEOPLE.keyboard;
    const client = await createClient({ client_name: "Keyboard App" });
    await page.goto(authorizeUrl(client, { scope: "openid offline_access" }));
    await expect(page.getByRole("heading", { name: "Please log in" })).toBeVisible();

    // The email field has the focus at once (autofocus), and shows it.
    await tabTo(page, "email");
    await expectVisibleFocus(page, "email");
    await page.keyboard.type(person.email);
    await page.keyboard.press("Tab");
    expect(await focusedId(page)).toBe("password");
    await page.keyboard.type(person.password);
    // Back and forth: Shift+Tab returns to the email, which kept what was typed.
    await page.keyboard.press("Shift+Tab");
    expect(await focusedId(page)).toBe("email");
    await expect(page.locator("#email")).toHaveValue(person.email);
    await page.keyboard.press("Tab");
    expect(await focusedId(page)).toBe("password");
    await tabTo(page, "accept");
    await expectVisibleFocus(page, "accept");
    // Back to the password field, and Enter there submits the form with its default button, "Log in".
    await tabTo(page, "password", { back: true });
    await page.keyboard.press("Enter");

    await expect(page.getByRole("heading", { name: "An application requests access to your data!" })).toBeVisible();
    await tabTo(page, "openid");
    await expectVisibleFocus(page, "openid");
    await page.keyboard.press("Space");
    await expect(page.locator("#openid")).toBeChecked();
    await expect(page.locator("#offline_access")).not.toBeChecked();
    await tabTo(page, "accept");
    await expectVisibleFocus(page, "accept");
    await page.keyboard.press("Enter");
    await codeFromCallback(page);
  });
});
