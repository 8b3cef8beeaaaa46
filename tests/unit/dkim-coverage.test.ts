import { describe, expect, it } from 'vitest';
import { timedTxtResolver, UnsubscribeSignatureCheck } from '../../server/unsubscribe/dkim-coverage';
import { testDkim } from '../support/dkim';

// The one-click gate's DNS in production: a name server that never answers
// costs the user at most the time limit, and the link then counts as unverified.

const dkim = testDkim();
const listMail = async () =>
  dkim.sign(
    { from: 'News <news@mt-example.com>', to: 'joy@tern-test.example', subject: 'News', text: 'x', headers: { 'List-Unsubscribe': '<https://news.example/u>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } },
    ['From', 'Subject', 'List-Unsubscribe', 'List-Unsubscribe-Post'],
  );

describe('the DKIM key lookup', () => {
  it('gives up after its time limit, and the signature is then not trusted', async () => {
    const silent = timedTxtResolver(200, () => new Promise(() => {}));
    const started = Date.now();
    await expect(silent('tern-test._domainkey.mt-example.com', 'TXT')).rejects.toMatchObject({ code: 'ETIMEOUT' });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await new UnsubscribeSignatureCheck(silent).covers(await listMail())).toBe(false);
  });

  it('answers with the published key, and asks for TXT records only', async () => {
    const published = timedTxtResolver(1_000, (name) => dkim.resolver(name, 'TXT') as Promise<string[][]>);
    expect(await new UnsubscribeSignatureCheck(published).covers(await listMail())).toBe(true);
    await expect(published('mt-example.com', 'MX')).rejects.toMatchObject({ code: 'ENOTIMP' });
  });
});
