import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { jsonTextOf } from '../jsonText.js';
import type { Runtime } from '../runtime.js';
import { createServer } from '../server.js';

/** Serves one MCP session over stdin/stdout until the client goes away. */
export async function serveStdio(runtime: Runtime, onClose: () => void): Promise<void> {
  const server = createServer(runtime);
  const transport = new StdioServerTransport();
  const send = transport.send.bind(transport);
  transport.send = (message: JSONRPCMessage) => {
    const line = answerLine(message);
    return line === undefined ? send(message) : write(line);
  };
  const closed = server.onclose;
  server.onclose = () => {
    closed?.();
    onClose();
  };
  process.stdin.on('end', () => void server.close());
  await server.connect(transport);
}

/**
 * The line of an answer whose result carries its JSON text (tools/list: see withJsonText), written with that text:
 * the same bytes JSON.stringify would write, without parsing the build's listings and serializing them again.
 */
function answerLine(message: JSONRPCMessage): string | undefined {
  if (!('result' in message)) return undefined;
  // The mark first: a tool call's answer passes by with one property lookup.
  const text = jsonTextOf(message.result);
  if (text === undefined || Object.keys(message).join() !== 'result,jsonrpc,id') return undefined;
  return `{"result":${text},"jsonrpc":"2.0","id":${JSON.stringify(message.id)}}\n`;
}

/** As the SDK's transport writes a line: resolved once stdout took it, or drained. */
function write(line: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(line)) resolve();
    else process.stdout.once('drain', resolve);
  });
}
