// The README's comparison table. The drain library's e2e run (each shutdown scenario against the library's fixture
// app and against a plain NestJS app with only enableShutdownHooks(), each on Express and on Fastify) writes
// libs/drain/test/results/comparison.json (git-ignored). This script keeps that run as the committed snapshot
// docs/comparison-results.json and renders the snapshot as a Markdown table in README.md between
// <!-- comparison:start --> and <!-- comparison:end -->:
//   npx nx run @drainboard/drain:test:e2e && node scripts/comparison-table.mjs
//   node scripts/comparison-table.mjs --print                print the table of the snapshot only
//   node scripts/comparison-table.mjs --check [--readme F]   exit 1 when README.md (or F) disagrees with the snapshot
// File shape: { [fixture:platform]: { [scenario]: { completed, failed, exitCode, exitSignal, msFromSignalToExit, notes? } } }
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = join(root, 'libs/drain/test/results/comparison.json');
const SNAPSHOT = join(root, 'docs/comparison-results.json');
const README = join(root, 'README.md');
const START = '<!-- comparison:start -->';
const END = '<!-- comparison:end -->';

/** Column headings of the known fixtures; others show their own name. */
const FIXTURES = {
  'drain-app:express': '@drainboard/drain (Express)',
  'drain-app:fastify': '@drainboard/drain (Fastify)',
  'plain-nest:express': 'plain NestJS `enableShutdownHooks()` (Express)',
  'plain-nest:fastify': 'plain NestJS `enableShutdownHooks()` (Fastify)',
};
/** Row headings of the known scenarios; others show their own name. */
const SCENARIOS = {
  'in-flight-async': 'SIGTERM with async requests in flight',
  'blocking-request': 'SIGTERM during a CPU-blocking request',
  'idle-keep-alive': 'SIGTERM with idle keep-alive sockets',
  'keep-alive-closed-loop': 'SIGTERM under a closed loop of keep-alive clients',
  'past-deadline': 'Requests longer than the deadline',
  streaming: 'SIGTERM during streaming responses',
  'bad-hooks': 'A throwing and a hanging shutdown hook',
  'partial-heads': '10 request heads arriving in pieces across SIGTERM',
  'incomplete-head': '3 request heads never completed (1 s deadline)',
  pipelining: '3 pipelined requests on each of 10 sockets at SIGTERM',
  upload: '1 MB upload in 20 chunks across SIGTERM',
  'accept-backlog': '210 connections queued in the kernel at SIGTERM (no LB delay)',
  realtime: '10 socket.io websocket + 10 polling, 10 ws, 10 SSE clients at SIGTERM',
};

/** One cell: requests completed/failed, how the process ended, and when. */
export function cell(figures) {
  if (!figures) {
    return '–';
  }
  const total = figures.completed + figures.failed;
  const requests = total === 0 ? 'no requests' : `${figures.completed}/${total} completed`;
  const ended = figures.exitSignal ? `ended by ${figures.exitSignal}` : `exit ${figures.exitCode ?? '?'}`;
  const after =
    figures.msFromSignalToExit === null ? '' : ` after ${Math.round(figures.msFromSignalToExit)} ms`;
  const notes = notesText(figures.notes);
  return `${requests}; ${ended}${after}${notes ? `; ${notes}` : ''}`;
}

/** Notes are free text or a JSON object of error counts (`{"ECONNRESET":33}`); `{}` means nothing to say. */
function notesText(notes) {
  if (!notes) {
    return '';
  }
  try {
    const parsed = JSON.parse(notes);
    if (parsed && typeof parsed === 'object') {
      return Object.entries(parsed)
        .map(([key, value]) => `${value} × ${key}`)
        .join(', ');
    }
  } catch {
    // plain text
  }
  return notes;
}

const escape = (text) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The results as a Markdown table: one row per scenario, one column per fixture. */
export function renderTable(results) {
  const fixtures = Object.keys(results);
  if (fixtures.length === 0) {
    throw new Error('comparison.json has no results');
  }
  const known = Object.keys(FIXTURES).filter((f) => fixtures.includes(f));
  const columns = [...known, ...fixtures.filter((f) => !known.includes(f))];
  const scenarios = [...new Set(columns.flatMap((fixture) => Object.keys(results[fixture])))];
  const header = ['Scenario', ...columns.map((fixture) => FIXTURES[fixture] ?? fixture)];
  const rows = scenarios.map((scenario) => [
    SCENARIOS[scenario] ?? scenario,
    ...columns.map((fixture) => cell(results[fixture][scenario])),
  ]);
  const lines = [header, header.map(() => '---'), ...rows].map((row) => `| ${row.map(escape).join(' | ')} |`);
  return `${lines.join('\n')}\n\n_From the drain library's e2e run (\`libs/drain/test/*scenarios*.e2e-spec.ts\`: real child processes, signals and sockets; plain Nest re-raises the signal after \`app.close()\`, hence "ended by SIGTERM"; SIGKILL is the test's own limit). Regenerate: \`npx nx run @drainboard/drain:test:e2e && node scripts/comparison-table.mjs\`._`;
}

/** `readme` with the text between the markers replaced by `table`. */
export function replaceSection(readme, table) {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end === -1 || end < start) {
    throw new Error(`README.md needs ${START} ... ${END}`);
  }
  return `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`;
}

/** The results of the last e2e run; a clear message when there is none yet. */
function readResults() {
  if (!existsSync(RESULTS)) {
    throw new Error(
      `${RESULTS} not found: run the drain e2e tests first (npx nx run @drainboard/drain:test:e2e)`,
    );
  }
  return JSON.parse(readFileSync(RESULTS, 'utf8'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const snapshot = () => renderTable(JSON.parse(readFileSync(SNAPSHOT, 'utf8')));
  if (args.includes('--print')) {
    console.log(snapshot());
  } else if (args.includes('--check')) {
    const readme = args.includes('--readme') ? args[args.indexOf('--readme') + 1] : README;
    const text = readFileSync(readme, 'utf8');
    if (replaceSection(text, snapshot()) !== text) {
      console.error(
        `${readme}: the comparison table differs from docs/comparison-results.json; run this script`,
      );
      process.exit(1);
    }
    console.log(`${readme}: the comparison table matches docs/comparison-results.json`);
  } else {
    readResults();
    copyFileSync(RESULTS, SNAPSHOT);
    writeFileSync(README, replaceSection(readFileSync(README, 'utf8'), snapshot()));
    console.log('docs/comparison-results.json and the README.md comparison table updated');
  }
}
