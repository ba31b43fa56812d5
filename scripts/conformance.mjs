// `npm run conformance`: the official MCP conformance suite (server mode) against the built server over
// Streamable HTTP, serving the sandbox. The suite needs Node 22, so it runs through `npx -p node@22`.
// Only the scenarios that apply to a server of our kind run; the README says why the others do not.
import { spawn, spawnSync } from 'node:child_process';

const SUITE = '@modelcontextprotocol/conformance@0.1.16';
export const SCENARIOS = [
  'server-initialize',
  'ping',
  'tools-list',
  'dns-rebinding-protection',
  'logging-set-level',
];

const server = spawn(process.execPath, ['dist/cli.js', '--transport', 'http', '--port', '0', '--sandbox'], {
  stdio: ['ignore', 'ignore', 'pipe'],
});
const url = await new Promise((resolve, reject) => {
  let stderr = '';
  server.stderr.on('data', (chunk) => {
    stderr += chunk;
    const match = /waiting for MCP clients at (http:\/\/\S+\/mcp)/.exec(stderr);
    if (match) resolve(match[1]);
  });
  server.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
});

let failed = 0;
for (const scenario of SCENARIOS) {
  const run = spawnSync(
    'npx',
    ['-y', '-p', 'node@22', '-p', SUITE, '--', 'conformance', 'server', '--url', url, '--scenario', scenario],
    { encoding: 'utf8', timeout: 180_000 },
  );
  const summary = /Passed: .*/.exec(run.stdout)?.[0] ?? run.stderr.trim().split('\n').at(-1);
  process.stdout.write(`${run.status === 0 ? 'pass' : 'FAIL'} ${scenario}: ${summary}\n`);
  if (run.status !== 0) {
    failed++;
    process.stdout.write(run.stdout);
  }
}
server.kill('SIGTERM');
process.stdout.write(`conformance: ${SCENARIOS.length - failed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
