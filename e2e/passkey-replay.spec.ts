import { expect, test, type Page } from "@playwright/test";
import { ACCOUNT_PEOPLE } from "./global-setup.js";
import { addVirtualAuthenticator } from "./support/authenticator.js";
import { appUrl, authorizeUrl, createClient, logIn } from "./support/oauth.js";

/** The login form's hidden fields, as a browser would post them. */
async function formFields(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const fields: Record<string, string> = {};
    const form = document.querySelector<HTMLFormElement>(".passkey-form");
    for (const input of Array.from(form?.querySelectorAll<HTMLInputElement>("input[type=hidden]") ?? [])) {
      fields[input.name] = input.value;
    }
    return fields;
  });
}

test.describe("a passkey answer is bound to the sign-in it was made for (issue 19)", () => {
  test("an assertion captured on its way and never delivered is refused in another person's fresh flow", async ({
    page,
    browser,
  }) => {
    const person = ACCOUNT_PEOPLE.passkeyReplay;
    await addVirtualAuthenticator(page);
    await page.goto(`${appUrl()}/account`);
    await logIn(page, person);
    await page.waitForURL(`${appUrl()}/account`);
    await page.click("#passkey-add");
    await expect(page.getByRole("status")).toContainText("The passkey is added");
    await page.click("#sign-out");

    // The victim's sign-in: the passkey answers, and the answer is taken on its way (a proxy log, a page script).
    const client = await createClient();
    await page.goto(authorizeUrl(client, { scope: "openid" }));
    await expect(page.getByRole("heading", { name: "Please log in" })).toBeVisible();
    let captured: URLSearchParams | undefined;
    await page.route("**/login/passkey", async (route) => {
      captured = new URLSearchParams(route.request().postData() ?? "");
      await route.abort();
    });
    await page.click("#passkey");
    await expect.poll(() => captured?.get("credential") ?? "").not.toBe("");

    // The attacker's own, fresh flow in another browser: the captured answer with its proof, then with the fresh
    // page's own proof. Both are refused; neither reaches Hydra.
    const attacker = await browser.newContext();
    const attackerPage = await attacker.newPage();
    await attackerPage.goto(authorizeUrl(client, { scope: "openid" }));
    await expect(attackerPage.getByRole("heading", { name: "Please log in" })).toBeVisible();
    const fresh = await formFields(attackerPage);
    for (const proof of [captured!.get("passkey_proof")!, fresh.passkey_proof!]) {
      const answer = await attacker.request.post(`${appUrl()}/login/passkey`, {
        form: { ...fresh, passkey_proof: proof, credential: captured!.get("credential")! },
        maxRedirects: 0,
      });
      expect(answer.status()).toBe(401);
      expect(await answer.text()).toContain("That passkey could not be checked");
    }
    await attacker.close();
  });
});
