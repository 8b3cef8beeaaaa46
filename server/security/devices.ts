import { createHash } from 'node:crypto';
import Bowser from 'bowser';
import ipaddr from 'ipaddr.js';

/** How a signed-in device is named in Settings → "Security": from its user agent, which it chose itself. */
export function describeUserAgent(userAgent: string | null): { browser: string; os: string } {
  const parsed = Bowser.parse(userAgent ?? '');
  const browser = [parsed.browser.name, majorVersion(parsed.browser.version)].filter(Boolean).join(' ') || 'Unknown browser';
  const os = [parsed.os.name, parsed.os.versionName ?? parsed.os.version].filter(Boolean).join(' ') || 'Unknown system';
  return { browser, os };
}

/**
 * What makes a browser "new" for the sign-in notice: its browser and system
 * names (not versions: updates are not new browsers) and the network it came
 * from (IPv4 /24, IPv6 /48: a home or office, not the one address a provider
 * hands out today). A SHA-256, so the store keeps no address for it.
 */
export function browserFingerprint(userAgent: string | null, address: string | null): string {
  const parsed = Bowser.parse(userAgent ?? '');
  return createHash('sha256')
    .update([parsed.browser.name ?? '', parsed.os.name ?? '', networkOf(address)].join('\0'))
    .digest('hex');
}

function majorVersion(version: string | undefined): string | undefined {
  return version?.split('.')[0];
}

function networkOf(address: string | null): string {
  if (!address || !ipaddr.isValid(address)) return address ?? '';
  const parsed = ipaddr.process(address);
  return parsed.kind() === 'ipv4' ? `${ipaddr.IPv4.networkAddressFromCIDR(`${parsed.toString()}/24`).toString()}/24` : `${ipaddr.IPv6.networkAddressFromCIDR(`${parsed.toString()}/48`).toString()}/48`;
}
