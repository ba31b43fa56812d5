import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** A server child process spoken to in raw JSON-RPC lines, so the client adds as little as possible. */
export class JsonRpcChild {
  readonly process: ChildProcessWithoutNullStreams;
  #buffer = '';
  #pending = new Map<number, (message: unknown) => void>();
  #nextId = 1;

  constructor(script: string, env: Record<string, string>) {
    this.process = spawn(process.execPath, [script], { env: { PATH: process.env.PATH ?? '', ...env } });
    this.process.stdout.setEncoding('utf8');
    this.process.stdout.on('data', (chunk: string) => {
      this.#buffer += chunk;
      let newline = this.#buffer.indexOf('\n');
      while (newline >= 0) {
        const message = JSON.parse(this.#buffer.slice(0, newline)) as { id?: number };
        this.#buffer = this.#buffer.slice(newline + 1);
        if (message.id !== undefined) this.#pending.get(message.id)?.(message);
        newline = this.#buffer.indexOf('\n');
      }
    });
    this.process.stderr.resume();
  }

  request(method: string, params: object = {}): Promise<{ result?: unknown; error?: unknown }> {
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#pending.set(id, (message) => {
        this.#pending.delete(id);
        resolve(message as { result?: unknown });
      });
      this.process.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  }

  notify(method: string): void {
    this.process.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method })}\n`);
  }

  async initialize(): Promise<void> {
    await this.request('initialize', {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'bench', version: '1.0.0' },
    });
    this.notify('notifications/initialized');
  }

  /** Resident memory of the child, in MiB (Linux). */
  rssMiB(): number {
    const status = readFileSync(`/proc/${this.process.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024;
  }

  /** CPU time the child has used so far (user + system), in ms (Linux, in clock ticks of 10 ms). */
  cpuMs(): number {
    const fields = readFileSync(`/proc/${this.process.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.process.once('exit', () => resolve());
      this.process.stdin.end();
      this.process.kill();
    });
  }
}
