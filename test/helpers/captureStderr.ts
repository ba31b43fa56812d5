// A vitest setup file: what servers running inside a test worker (in-memory tests) log on stderr is captured for
// the final canary check, and still shown.
import { capture } from './canary.js';

const write = process.stderr.write.bind(process.stderr);
process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
  capture('test worker stderr', typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
  return write(chunk, ...rest);
}) as typeof process.stderr.write;
