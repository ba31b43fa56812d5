import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { packageFile } from '../../src/paths.js';
import { capture, captureMessages, registerSecrets } from './canary.js';

export const CLI = packageFile('dist/cli.js');

export interface SpawnedServer {
  client: Client;
  /** The server's process id, e.g. to read its memory from /proc. */
  pid: number | null;
  stderr: () => string;
  /** Lines the client could not read as JSON-RPC: anything but protocol on stdout shows up here. */
  protocolErrors: Error[];
  close(): Promise<void>;
}

/** How the server is started: the built CLI by default; an installed package or an unpacked bundle otherwise. */
export interface Launcher {
  command: string;
  args: string[];
  cwd?: string;
}

/**
 * Starts the server as a client would (a child process over stdio) and connects an MCP SDK client.
 * Everything the client receives and the server logs is captured for the final canary check.
 */
export async function spawnServer(
  env: Record<string, string>,
  args: string[] = [],
  launcher: Launcher = { command: process.execPath, args: [CLI] },
): Promise<SpawnedServer> {
  registerSecrets(env);
  const transport = captureMessages(
    new StdioClientTransport({
      command: launcher.command,
      args: [...launcher.args, ...args],
      env: { PATH: process.env.PATH ?? '', ...env },
      stderr: 'pipe',
      ...(launcher.cwd ? { cwd: launcher.cwd } : {}),
    }),
    'stdio server stdout',
  );
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    stderr += text;
    capture('stdio server stderr', text);
  });
  const protocolErrors: Error[] = [];
  const client = new Client({ name: 'chatwoot-mcp-tests', version: '1.0.0' });
  client.onerror = (error) => {
    capture('stdio protocol error', String(error));
    protocolErrors.push(error);
  };
  await client.connect(transport);
  return { client, pid: transport.pid, stderr: () => stderr, protocolErrors, close: () => client.close() };
}
