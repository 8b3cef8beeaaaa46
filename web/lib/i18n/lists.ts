import { currentLocale } from './i18n';

/**
 * Names as the language lists them: "Ada, Bob, Cy" in English (as before),
 * "Ada, Bob und Cy" in German, "Ada، وBob، وCy" in Arabic. A unit list, so
 * English keeps its plain commas; made when used, since the language can change.
 */
function listFormat(): Intl.ListFormat {
  return new Intl.ListFormat(currentLocale(), { type: 'unit', style: 'short' });
}

export function formatList(items: readonly string[]): string {
  return listFormat().format(items);
}

/** For a list of elements: the words the language puts after each item (the last gets ''). */
export function listSeparators(count: number): string[] {
  const separators: string[] = Array.from({ length: count }, () => '');
  let item = -1;
  for (const part of listFormat().formatToParts(Array.from({ length: count }, (_, index) => String(index)))) {
    if (part.type === 'element') item = Number(part.value);
    else if (item >= 0) separators[item] += part.value;
  }
  return separators;
}
