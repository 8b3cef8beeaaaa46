import type { ImapFlow } from 'imapflow';

/** One token of imapflow's command and response representation; a nested array is a parenthesised list. */
export type RawAttribute = { type: 'ATOM' | 'STRING' | 'SEQUENCE' | 'NUMBER' | 'TEXT' | 'LITERAL'; value: string } | RawAttribute[];

interface UntaggedResponse {
  command: string;
  attributes?: RawAttribute[];
}

/**
 * imapflow's exec(), which its typings leave out (@internal), is the only way
 * to send commands it has no method for (ESORT). The shape is stable across
 * the 1.x and 2.x lines; the integration tests run it against Dovecot.
 */
interface ExecCapable {
  exec(
    command: string,
    attributes: RawAttribute[],
    options?: { untagged?: Record<string, (untagged: UntaggedResponse) => Promise<void> | void> },
  ): Promise<{ next: () => void }>;
}

export const atom = (value: string): RawAttribute => ({ type: 'ATOM', value });

/** Runs a command and collects the attributes of each untagged response of one kind. */
export async function runRawCommand(
  client: ImapFlow,
  command: string,
  attributes: RawAttribute[],
  untaggedKind: string,
): Promise<RawAttribute[][]> {
  const collected: RawAttribute[][] = [];
  const response = await (client as unknown as ExecCapable).exec(command, attributes, {
    untagged: { [untaggedKind]: (untagged) => void collected.push(untagged.attributes ?? []) },
  });
  response.next();
  return collected;
}

/** The ALL value of an ESEARCH answer (RFC 4731); empty when nothing matched. */
export function esearchAll(responses: RawAttribute[][]): string {
  for (const attributes of responses) {
    for (let index = 0; index < attributes.length - 1; index++) {
      const token = attributes[index]!;
      const next = attributes[index + 1]!;
      if (!Array.isArray(token) && token.value.toUpperCase() === 'ALL' && !Array.isArray(next)) return next.value;
    }
  }
  return '';
}
