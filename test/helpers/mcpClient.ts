import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { packageFile } from '../../src/paths.js';

export const CLI = packageFile('dist/cli.js');

export interface SpawnedServer {
  client: Client;
  stderr: () => string;
  /** Lines the client could not read as JSON-RPC: anything but protocol on stdout shows up here. */
  protocolErrors: Error[];
  close(): Promise<void>;
}

/** Starts the built server as a client would (a child process over stdio) and connects an MCP SDK client. */
export async function spawnServer(env: Record<string, string>, args: string[] = []): Promise<SpawnedServer> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, ...args],
    env: { PATH: process.env.PATH ?? '', ...env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const protocolErrors: Error[] = [];
  const client = new Client({ name: 'chatwoot-mcp-tests', version: '1.0.0' });
  client.onerror = (error) => protocolErrors.push(error);
  await client.connect(transport);
  return { client, stderr: () => stderr, protocolErrors, close: () => client.close() };
}
