import type { ManageSieveClient } from './managesieve-client';

/** Tern's scripts are named `tern-<time>`; every other script is the user's own and never touched. */
export const TERN_SCRIPT_PREFIX = 'tern-';

export function isTernScript(name: string): boolean {
  return name.startsWith(TERN_SCRIPT_PREFIX);
}

export interface ActiveScript {
  name: string;
  content: string;
}

export async function readActiveScript(client: ManageSieveClient): Promise<ActiveScript | null> {
  const active = (await client.listScripts()).find((script) => script.active);
  return active ? { name: active.name, content: await client.getScript(active.name) } : null;
}

/**
 * Installs and activates a new script so that a failure at any step leaves
 * the previously active one running: the server compiles it first
 * (CHECKSCRIPT), it is stored under a new name (PUTSCRIPT never overwrites the
 * active script), activated in one step (SETACTIVE), and only then are Tern's
 * older scripts deleted. Returns the new script's name.
 */
export async function installScript(client: ManageSieveClient, content: string, now: () => number = Date.now): Promise<string> {
  await client.checkScript(content);
  const existing = await client.listScripts();
  const name = uniqueName(existing.map((script) => script.name), now());
  await client.putScript(name, content);
  try {
    await client.setActive(name);
  } catch (err) {
    await client.deleteScript(name).catch(() => undefined);
    throw err;
  }
  for (const script of existing) {
    // A leftover that cannot be deleted now is deleted at the next save.
    if (isTernScript(script.name)) await client.deleteScript(script.name).catch(() => undefined);
  }
  return name;
}

function uniqueName(taken: readonly string[], time: number): string {
  let name = `${TERN_SCRIPT_PREFIX}${time.toString(36)}`;
  for (let n = 1; taken.includes(name); n++) name = `${TERN_SCRIPT_PREFIX}${time.toString(36)}-${n}`;
  return name;
}
