import net from 'node:net';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ERROR_TEXTS } from '../../shared/errors';
import { ApiClient } from '../support/api-client';
import { startBff } from '../support/bff';
import { appInChromium, signInThroughPage } from '../support/browser';
import { createTestUser } from '../support/stack';

/** A loopback port free right now: the public URL must name it before the BFF listens. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let port = 0;
/** WebAuthn refuses IP addresses: the app is opened at localhost, its configured public URL. */
const appUrl = () => `http://localhost:${port}`;

/**
 * From Settings, where nothing is loading: a request of the mail view still on
 * its way at sign-out answers 401 later and would end the next half sign-in.
 */
async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign Out', exact: true }).click();
}

async function passwordStep(page: Page, user: { email: string; password: string }) {
  await page.getByLabel('Email address').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function openSecurity(page: Page) {
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('link', { name: 'Security', exact: true }).click();
}

/** The codes shown once, read off the page, then put away with "Done". */
async function keepCodes(page: Page): Promise<string[]> {
  const region = page.getByRole('region', { name: 'Recovery codes' });
  await region.waitFor();
  const codes = await region.getByRole('listitem').allTextContents();
  await region.getByRole('button', { name: 'Done' }).click();
  return codes;
}

describe('passkeys in Chromium (a virtual authenticator)', () => {
  const app = appInChromium(async () => {
    port = await freePort();
    return startBff({ TERN_PUBLIC_URL: `http://localhost:${port}`, TERN_PORT: String(port) });
  });

  it('registers a passkey in Settings, signs in with password and passkey, and regenerates the recovery codes: old ones refused, a new one works once', async () => {
    const user = await createTestUser('e2e-passkey');
    // The new-browser notice's mail would land mid-test: off first.
    const api = new ApiClient(app.bff.url);
    await api.signIn(user.email, user.password);
    expect((await api.request('PUT', '/api/security/settings', { signInNotice: false })).status).toBe(200);

    const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });

    await signInThroughPage(page, appUrl(), user);
    await openSecurity(page);
    await page.getByLabel('Name of the passkey').fill('This laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    const firstCodes = await keepCodes(page);
    expect(firstCodes).toHaveLength(10);
    const listed = page.getByRole('list', { name: 'Passkeys' }).getByRole('listitem', { name: 'This laptop' });
    await expect.poll(() => listed.textContent()).toContain('never used');
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);

    // Sign out, then in: the password, then the passkey.
    await signOut(page);
    await passwordStep(page, user);
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await page.getByRole('treeitem', { name: /^Inbox/ }).waitFor();
    await openSecurity(page);
    await expect.poll(() => listed.textContent()).toContain('last used');

    // New recovery codes with the password: shown once, the old ones stop working.
    const regenerate = page.getByRole('form', { name: 'New recovery codes' });
    await regenerate.getByLabel('Your password').fill(user.password);
    await regenerate.getByRole('button', { name: 'Regenerate recovery codes' }).click();
    const newCodes = await keepCodes(page);
    expect(newCodes).toHaveLength(10);
    expect(newCodes.filter((code) => firstCodes.includes(code))).toEqual([]);

    await signOut(page);
    await passwordStep(page, user);
    const code = page.getByLabel('Code', { exact: true });
    await code.fill(firstCodes[0]!);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('alert').getByText(ERROR_TEXTS.wrongCode).waitFor();
    await code.fill(newCodes[0]!);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('treeitem', { name: /^Inbox/ }).waitFor();
    await openSecurity(page);
    await page.getByText(/9 recovery codes left/).waitFor();

    await signOut(page);
    await passwordStep(page, user);
    await code.fill(newCodes[0]!);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('alert').getByText(ERROR_TEXTS.wrongCode).waitFor();

    // The passkey still signs in; removing it (confirmed with the password) leaves the password alone.
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await page.getByRole('treeitem', { name: /^Inbox/ }).waitFor();
    await openSecurity(page);
    await page.getByRole('button', { name: 'Remove This laptop' }).click();
    const confirm = page.getByRole('form', { name: 'Remove This laptop' });
    await confirm.getByLabel('Your password').fill(user.password);
    await confirm.getByRole('button', { name: 'Remove', exact: true }).click();
    await page.getByRole('list', { name: 'Passkeys' }).waitFor({ state: 'detached' });
    await signOut(page);
    await passwordStep(page, user);
    await page.getByRole('treeitem', { name: /^Inbox/ }).waitFor();
    await context.close();
  });
});
