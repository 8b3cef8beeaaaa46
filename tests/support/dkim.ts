import { generateKeyPairSync } from 'node:crypto';
import type { DNSResolver } from 'mailauth';
import { dkimSign } from 'mailauth/lib/dkim/sign';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { SendMailOptions } from 'nodemailer';

/**
 * A DKIM signer for test mail: a fresh RSA key, a DNS "zone" that publishes
 * its public half as `<selector>._domainkey.<domain>`, and signing with
 * mailauth, so messages delivered through the real stack carry real signatures.
 */
export interface TestDkim {
  domain: string;
  selector: string;
  /** A mailauth resolver answering for this key only (anything else: no such name). */
  resolver: DNSResolver;
  /** Names looked up through `resolver`, in order. */
  lookups: string[];
  /** The message as raw RFC 5322 text with a DKIM-Signature over `signedHeaders` on top. */
  sign(message: SendMailOptions, signedHeaders: string[]): Promise<Buffer>;
}

export function testDkim(domain = 'mt-example.com', selector = 'tern-test'): TestDkim {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const record = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;
  const lookups: string[] = [];
  const resolver: DNSResolver = async (name, rrtype) => {
    lookups.push(name);
    if (rrtype === 'TXT' && name === `${selector}._domainkey.${domain}`) return [[record]];
    throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
  };
  return {
    domain,
    selector,
    resolver,
    lookups,
    async sign(message, signedHeaders) {
      const raw = await new MailComposer(message).compile().build();
      const key = { signingDomain: domain, selector, privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) };
      // mailauth signs once per signatureData entry; the top-level key fields only satisfy the type.
      // mailauth 4 reads headerList as a colon-separated string (an array is ignored at run time), though its typings say string[].
      const headerList = signedHeaders.join(':') as unknown as string[];
      const signed = await dkimSign(raw, { ...key, headerList, signatureData: [key] });
      if (signed.errors.length > 0) throw new Error(`DKIM signing failed: ${JSON.stringify(signed.errors)}`);
      return Buffer.concat([Buffer.from(signed.signatures), raw]);
    },
  };
}
