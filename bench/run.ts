// `npm run bench`: measures chatwoot-mcp against baselines run on the same machine in the same run, and writes
// bench/results.md and the benchmark section of README.md. Every figure that matters is a ratio to its baseline.
// Each section lives in a file of its own; to add one, write it there and list it in SECTIONS.
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { packageFile } from '../src/paths.js';
import { eventsBench } from './events.js';
import { httpSection } from './http.js';
import { listingTokensSection } from './listingTokens.js';
import { packageSizeReport } from './packageSize.js';
import { searchEvalSection } from './searchEval.js';
import {
  type BenchContext,
  benchScript,
  buildBenchScripts,
  type Check,
  type Section,
  startStub,
} from './section.js';
import { stdioSection } from './stdio.js';
import { supportFlowReport } from './supportFlow.js';

const SECTIONS: Section[] = [
  stdioSection,
  listingTokensSection,
  httpSection,
  { name: 'support flow', run: async () => ({ lines: await supportFlowReport() }) },
  { name: 'events', run: async (context) => ({ lines: await eventsBench(context.quick) }) },
  { name: 'package size', run: async () => ({ lines: packageSizeReport() }) },
  { name: 'search', run: async () => ({ lines: await searchEvalSection() }) },
];

const quick = process.argv.includes('--quick');
const only = process.argv
  .find((arg) => arg.startsWith('--only='))
  ?.slice(7)
  .split(',');
await buildBenchScripts();
const stub = await startStub();
const context: BenchContext = {
  quick,
  stubUrl: stub.url,
  script: benchScript,
  env: {
    CHATWOOT_BASE_URL: stub.url,
    CHATWOOT_API_TOKEN: 'bench-user-token',
    CHATWOOT_PLATFORM_TOKEN: 'bench-platform-token',
    CHATWOOT_TOOLSETS: 'all',
    CHATWOOT_TOOL_MODE: 'full',
    LOG_LEVEL: 'warn',
  },
};
const load = loadavg()[0] ?? 0;
const checks: Check[] = [];
const lines: string[] = [];
try {
  for (const section of SECTIONS.filter((s) => !only || only.includes(s.name))) {
    process.stderr.write(`bench: ${section.name}…\n`);
    const report = await section.run(context);
    checks.push(...(report.checks ?? []));
    lines.push(...report.lines);
  }
} finally {
  stub.stop();
}

const report = [
  '# Benchmark results',
  '',
  `Written by \`npm run bench${quick ? ' -- --quick' : ''}\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${availableParallelism()} × ${cpus()[0]?.model.trim() ?? 'cpu'}, load average ${load.toFixed(1)} when it began.`,
  'Every figure below comes from this one run. Ratios compare with a baseline measured in the same run, interleaved;',
  'absolute times depend on the machine and on what else runs on it.',
  '',
  '| goal | figure | target | met |',
  '| --- | --- | --- | --- |',
  ...checks.map(
    (check) => `| ${check.measure} | ${check.figure} | ${check.target} | ${check.met ? 'yes' : '**no**'} |`,
  ),
  '',
  ...lines,
];
// A partial run (--only) is printed, not written: the files show one whole run.
if (!only) {
  writeFileSync(packageFile('bench/results.md'), report.join('\n'));
  const readmeFile = packageFile('README.md');
  const readme = readFileSync(readmeFile, 'utf8');
  const start = readme.indexOf('<!-- bench:start -->');
  const end = readme.indexOf('<!-- bench:end -->');
  if (start >= 0 && end > start) {
    const figures = report.slice(2).join('\n').replace(/^## /gm, '#### ');
    writeFileSync(
      readmeFile,
      `${readme.slice(0, start)}<!-- bench:start -->\n${figures}\n${readme.slice(end)}`,
    );
  }
}
process.stdout.write(`${report.join('\n')}\n`);
