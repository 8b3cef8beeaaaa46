import type { MessageAddressObject } from 'imapflow';
import type { Address, MessageFlags } from '../../../shared/api/messages';

export function addressOf(entry: MessageAddressObject | undefined): Address | null {
  if (!entry || (!entry.address && !entry.name)) return null;
  return { name: entry.name ?? '', address: entry.address ?? '' };
}

export function addressesOf(entries: MessageAddressObject[] | undefined): Address[] {
  return (entries ?? []).flatMap((entry) => addressOf(entry) ?? []);
}

export function flagsOf(flags: Set<string> | undefined): MessageFlags {
  const has = (flag: string) => flags?.has(flag) ?? false;
  return {
    seen: has('\\Seen'),
    flagged: has('\\Flagged'),
    answered: has('\\Answered'),
    forwarded: has('$Forwarded'),
    draft: has('\\Draft'),
    junk: has('$Junk'),
  };
}
