import { beforeAll, describe, expect, it } from 'vitest';
import { ManageSieveClient, ManageSieveConnectionError, ManageSieveError } from '../../server/mail/sieve/managesieve-client';
import { createTestUser, testStackEnv, type TestUser } from '../support/stack';

// The hand-written RFC 5804 client against Dovecot's real managesieve.
let user: TestUser;
const connect = (password = user.password, port = testStackEnv().sievePort) =>
  ManageSieveClient.connect({ host: '127.0.0.1', port, security: 'none', user: user.email, password, timeoutMs: 5000 });

beforeAll(async () => {
  user = await createTestUser('managesieve');
});

describe('ManageSieve client against Dovecot', () => {
  it('stores, lists, reads back byte for byte, activates and deletes scripts', async () => {
    const client = await connect();
    try {
      expect(await client.listScripts()).toEqual([]);
      const script = '# Grüße, "quoted" and {braces}\r\nrequire "fileinto";\r\nif header :contains "subject" "ü" { fileinto "INBOX"; }\r\n';
      await client.putScript('first one', script);
      await client.putScript('second', 'keep;\r\n');
      await client.setActive('first one');
      expect(await client.getScript('first one')).toBe(script);
      expect(await client.listScripts()).toEqual([
        { name: 'first one', active: true },
        { name: 'second', active: false },
      ]);
      await client.deleteScript('second');
      await client.setActive('');
      expect(await client.listScripts()).toEqual([{ name: 'first one', active: false }]);
    } finally {
      await client.logout();
    }
  });

  it("reports the server's reason for a script it cannot compile, and a missing script by its code", async () => {
    const client = await connect();
    try {
      const refused = await client.checkScript('if nonsense { keep; }\n').catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(ManageSieveError);
      expect((refused as ManageSieveError).serverMessage).toContain("unknown test 'nonsense'");
      const missing = await client.getScript('no such script').catch((err: unknown) => err);
      expect((missing as ManageSieveError).code).toBe('NONEXISTENT');
      // The connection is still usable after a NO.
      await client.checkScript('keep;\n');
    } finally {
      await client.logout();
    }
  });

  it('refuses a wrong password, and says when the server cannot be reached', async () => {
    await expect(connect('wrong password')).rejects.toBeInstanceOf(ManageSieveError);
    await expect(connect(user.password, 1)).rejects.toBeInstanceOf(ManageSieveConnectionError);
  });
});
