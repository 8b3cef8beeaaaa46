import type { ImapFlow } from 'imapflow';
import { expect } from 'vitest';
import { ApiClient } from './api-client';
import { startBff, type RunningBff } from './bff';
import { createTestUser, imapClient, type TestUser } from './stack';

export interface SignedIn {
  bff: RunningBff;
  user: TestUser;
  /** Signed in through the BFF, as the SPA would be. */
  api: ApiClient;
  /** A direct IMAP connection of the same user: what the server really holds. */
  imap: ImapFlow;
}

/** A BFF, a fresh test user signed in through it, and a direct IMAP connection to check the server with. */
export async function signedInUser(prefix: string): Promise<SignedIn> {
  const bff = await startBff();
  const user = await createTestUser(prefix);
  const api = new ApiClient(bff.url);
  expect((await api.signIn(user.email, user.password)).status).toBe(200);
  return { bff, user, api, imap: await imapClient(user) };
}
