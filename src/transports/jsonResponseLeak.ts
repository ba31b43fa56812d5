import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

interface StreamEntry {
  resolveJson?: (response: Response) => void;
}

/**
 * SDK 1.32's stateful Streamable HTTP transport in JSON-response mode keeps one entry per answered POST in a private
 * map until the session closes (modelcontextprotocol/typescript-sdk#2559, fixed on its main branch by a cleanup
 * after the answer): 30,000 calls in one session held about 400 MiB. Here an entry leaves the map as soon as its
 * answer is handed over, which is what the upstream fix does. If a newer SDK no longer has the map, nothing is
 * changed (test/httpJsonLeak.test.ts then says so).
 */
export function releaseAnsweredStreams(transport: StreamableHTTPServerTransport): boolean {
  const inner = (transport as unknown as { _webStandardTransport?: { _streamMapping?: unknown } })
    ._webStandardTransport;
  const streams = inner?._streamMapping;
  if (!(streams instanceof Map)) return false;
  const set = streams.set.bind(streams);
  streams.set = (id: string, entry: StreamEntry) => {
    const resolve = entry.resolveJson;
    if (resolve)
      entry.resolveJson = (response) => {
        streams.delete(id);
        resolve(response);
      };
    return set(id, entry);
  };
  return true;
}
