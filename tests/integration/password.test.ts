import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { startBff, type RunningBff } from '../support/bff';
import { createTestUser, imapClient, submissionTransport, type TestUser } from '../support/stack';

let bff: RunningBff;
let user: TestUser;
let api: ApiClient;

beforeAll(async () => {
  bff = await startBff();
  user = await createTestUser('password', { aliases: 1 });
  api = new ApiClient(bff.url);
  expect((await api.signIn(user.email, user.password)).status).toBe(200);
});
afterAll(async () => {
  await bff?.close();
});

async function imapLogin(email: string, password: string): Promise<boolean> {
  try {
    const client = await imapClient({ email, password });
    await client.logout();
    return true;
  } catch {
    return false;
  }
}

async function smtpLogin(email: string, password: string): Promise<boolean> {
  const transport = submissionTransport({ email, password });
  try {
    return await transport.verify();
  } catch {
    return false;
  } finally {
    transport.close();
  }
}

describe('"Change Password" against the stack\'s Dovecot passwd-file', () => {
  it('refuses a wrong current password and a new one that breaks a rule, and changes nothing', async () => {
    const wrong = await api.request('POST', '/api/settings/password', { currentPassword: 'not-it', newPassword: 'Fresh-pass-1', confirmPassword: 'Fresh-pass-1' });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ message: 'The current password is not right.' });
    const weak = await api.request('POST', '/api/settings/password', { currentPassword: user.password, newPassword: 'Freshpa1', confirmPassword: 'Freshpa1' });
    expect(weak.status).toBe(400);
    expect(((await weak.json()) as { message: string }).message).toBe('The new password needs: at least one symbol.');
    expect(await imapLogin(user.email, user.password)).toBe(true);
  });

  it('changes it: the session keeps working, the new password works for IMAP and SMTP (also by alias), the old one is refused', async () => {
    const other = new ApiClient(bff.url);
    expect((await other.signIn(user.email, user.password)).status).toBe(200);

    const newPassword = 'Fresh-pass-1!';
    const changed = await api.request('POST', '/api/settings/password', { currentPassword: user.password, newPassword, confirmPassword: newPassword });
    expect(changed.status).toBe(204);

    expect((await api.request('GET', '/api/folders')).status).toBe(200);
    // The other browser held the old password: it is signed out, not left failing.
    expect((await other.request('GET', '/api/folders')).status).toBe(401);

    expect(await imapLogin(user.email, newPassword)).toBe(true);
    expect(await imapLogin(user.aliases[0]!, newPassword)).toBe(true);
    expect(await smtpLogin(user.email, newPassword)).toBe(true);
    expect(await imapLogin(user.email, user.password)).toBe(false);
    expect(await smtpLogin(user.email, user.password)).toBe(false);
    expect((await new ApiClient(bff.url).signIn(user.email, user.password)).status).toBe(401);
    expect((await new ApiClient(bff.url).signIn(user.email, newPassword)).status).toBe(200);
  });
});
