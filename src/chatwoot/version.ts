import type { Operation } from '../catalog/types.js';
import type { ChatwootClient } from './client.js';

/** Chatwoot's answer at `/api`: its release, e.g. `{"version":"4.13.0","timestamp":…,"queue_services":"ok"}`. */
export async function readChatwootVersion(client: ChatwootClient, signal?: AbortSignal): Promise<string> {
  const request = {
    method: 'GET',
    path: '/api',
    searchParams: new URLSearchParams(),
    json: undefined,
  } as const;
  const reply = await client.send({ ...request, expectJson: true }, 'none', signal);
  const version = (reply.data as { version?: unknown } | undefined)?.version;
  if (typeof version !== 'string' || !/^\d+\.\d+/.test(version)) {
    throw new Error("its /api did not name a version: this may not be Chatwoot's address");
  }
  return version;
}

/** Why a tool cannot work on this Chatwoot (`x-chatwoot-min-version` above its release), or undefined. */
export function versionRefusal(operation: Operation, version: string | undefined): string | undefined {
  if (!operation.minVersion || version === undefined || !olderThan(version, operation.minVersion))
    return undefined;
  return `${operation.id} needs Chatwoot ${operation.minVersion} or newer, and this Chatwoot is ${version}: upgrade Chatwoot to use it.`;
}

/** Whether `version` is older than `minimum`, by their numeric parts ("4.0.0-sandbox" reads as 4.0.0). */
export function olderThan(version: string, minimum: string): boolean {
  const parts = (text: string) => (text.match(/\d+/g) ?? []).slice(0, 3).map(Number);
  const [have, need] = [parts(version), parts(minimum)];
  for (let index = 0; index < 3; index++) {
    const difference = (have[index] ?? 0) - (need[index] ?? 0);
    if (difference !== 0) return difference < 0;
  }
  return false;
}
