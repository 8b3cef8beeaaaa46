import type ICAL from 'ical.js';
import { displayName, parseCard } from './vcard';

export interface ImportedCard {
  card: ICAL.Component;
  /** The text of the card as it was in the file: stored as is, so nothing the file said is lost. */
  text: string;
}

export interface RefusedEntry {
  /** "Entry 3 (Jane Doe)": which one, in words a person can find in the file. */
  entry: string;
  message: string;
}

const BLOCK = /BEGIN:VCARD[\s\S]*?(?:END:VCARD|(?=BEGIN:VCARD)|$)/gi;
const NAME_LINE = /^FN[;:](?:[^:\r\n]*:)?(.*)$/im;

/**
 * Splits a .vcf file into its cards and parses each on its own, so one broken
 * entry is refused by name while the others import. Splitting is hand-written:
 * ical.js parses a whole file or nothing.
 */
export function splitVcf(text: string): { cards: ImportedCard[]; refused: RefusedEntry[] } {
  const cards: ImportedCard[] = [];
  const refused: RefusedEntry[] = [];
  const blocks = text.replace(/^\uFEFF/, '').match(BLOCK) ?? [];
  if (blocks.length === 0 && text.trim() !== '') refused.push({ entry: 'The file', message: 'It contains no vCard (no BEGIN:VCARD line).' });
  blocks.forEach((block, index) => {
    const label = `Entry ${index + 1}${nameHint(block)}`;
    if (!/END:VCARD\s*$/i.test(block.trim())) {
      refused.push({ entry: label, message: 'The card is cut off (no END:VCARD line).' });
      return;
    }
    try {
      const blockText = unfold(block.trim()).map(nameBareParameters).join('\r\n') + '\r\n';
      const card = parseCard(blockText);
      const version = String(card.getFirstPropertyValue('version') ?? '');
      if (!['2.1', '3.0', '4.0'].includes(version)) {
        refused.push({ entry: label, message: version ? `vCard version ${version} is not supported (3.0 and 4.0 are).` : 'The card has no VERSION line.' });
        return;
      }
      if (!displayName(card) || displayName(card) === '(no name)') {
        refused.push({ entry: label, message: 'The card has no name, company or email address.' });
        return;
      }
      cards.push({ card, text: blockText });
    } catch (err) {
      refused.push({ entry: label, message: `It cannot be read: ${err instanceof Error ? err.message : String(err)}` });
    }
  });
  return { cards, refused };
}

function nameHint(block: string): string {
  const name = NAME_LINE.exec(block)?.[1]?.trim();
  return name ? ` (${name.slice(0, 60)})` : '';
}

function unfold(block: string): string[] {
  return block.replace(/\r?\n[ \t]/g, '').split(/\r?\n/).filter((line) => line.trim() !== '');
}

/**
 * vCard 2.1 (and many exporters since: Outlook, Apple, The Bat!) write bare
 * parameters ("TEL;WORK;VOICE:", "PHOTO;BASE64:") that 3.0/4.0 parsers refuse;
 * they are TYPE values (and BASE64 an encoding), so they are named here.
 */
function nameBareParameters(line: string): string {
  const colon = line.search(/:(?=(?:[^"]*"[^"]*")*[^"]*$)/);
  if (colon < 0) return line;
  const [name, ...parameters] = line.slice(0, colon).split(';');
  if (parameters.length === 0) return line;
  const named = parameters.map((parameter) => {
    if (parameter.includes('=')) return parameter;
    return /^base64$/i.test(parameter) ? 'ENCODING=b' : `TYPE=${parameter}`;
  });
  return `${[name, ...named].join(';')}${line.slice(colon)}`;
}
