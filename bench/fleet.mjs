// The fleet on one Postgres, measured on loopback against the built API (apps/api/dist/main.js):
// 1. stage event on B -> live client on A (through @socket.io/postgres-adapter): p50/p99 over drain/resume cycles
//    of B while all three instances serve GET /demo/fast under load;
// 2. what the fleet costs Postgres: transactions/s (pg_stat_database) and NOTIFY messages and bytes/s (a LISTENer
//    on the adapter's channels), with 3 real instances idle and under load, then with 50 simulated instances
//    doing what an instance does at the default rates (heartbeat + sweep every 5 s, one status NOTIFY a second
//    under load, adapter heartbeat every 30 s), and the NOTIFY fan-out latency at that size.
// Needs `npx nx run @drainboard/api:build`. Uses DATABASE_URL when set, else starts embedded Postgres.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import autocannon from 'autocannon';
import pg from 'pg';
import { io } from 'socket.io-client';

import { apiEnv, fmt } from './support.mjs';

const API_DIR = fileURLToPath(new URL('../apps/api/', import.meta.url));
const CYCLES = Number(process.env.BENCH_CYCLES ?? 15);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 15_000);
const SIMULATED = Number(process.env.BENCH_SIMULATED ?? 50);
const TOKEN = 'bench-fleet-token-0123456789';
const LISTENING = /drainboard: listening traffic=(\d+) admin=(\d+)/;
const children = [];

function spawnUntil(args, opts, pattern) {
  const proc = spawn(process.execPath, args, { ...opts, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(proc);
  let out = '';
  return new Promise((resolve, reject) => {
    proc.stdout.setEncoding('utf8').on('data', (chunk) => {
      out += chunk;
      const match = pattern.exec(out);
      if (match) {
        resolve({ proc, match });
      }
    });
    proc.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}):\n${out}`)));
  });
}

async function database() {
  if (process.env.DATABASE_URL) {
    return process.env.DATABASE_URL;
  }
  const dir = mkdtempSync(join(tmpdir(), 'drainboard-bench-fleet-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const { match } = await spawnUntil(
    [
      '--import',
      './test/support/register-ts.mjs',
      'test/fixtures/fleet-postgres.fixture.ts',
      join(dir, 'pg'),
      '0',
    ],
    { cwd: API_DIR },
    /(\{.*\})\n/,
  );
  return JSON.parse(match[1]).url;
}

async function startInstance(url, id) {
  const env = apiEnv({ DATABASE_URL: url, INSTANCE_ID: id, ADMIN_TOKEN: TOKEN, LOG_LEVEL: 'error' });
  const { match } = await spawnUntil([join(API_DIR, 'dist/main.js')], { env }, LISTENING);
  return { id, traffic: `http://127.0.0.1:${match[1]}`, admin: `http://127.0.0.1:${match[2]}` };
}

const post = (api, path) =>
  fetch(`${api.admin}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: '{}',
  });

const pct = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

function load(apis, seconds) {
  return Promise.all(
    apis.map((api) =>
      autocannon({ url: `${api.traffic}/demo/fast`, connections: 4, duration: seconds, overallRate: 300 }),
    ),
  );
}

async function stageLatency(apis) {
  const [a, b] = apis;
  const client = io(`${a.admin}/live`, {
    auth: { token: TOKEN, protocolVersion: 1 },
    transports: ['websocket'],
    forceNew: true,
  });
  const samples = [];
  client.on('fleet-event', (event) => {
    if (event.instanceId === b.id && (event.type === 'stage-start' || event.type === 'stage-end')) {
      samples.push(Date.now() - Date.parse(event.at));
    }
  });
  await new Promise((resolve) => client.once('snapshot', resolve));
  const loading = load(apis, Math.ceil((CYCLES * 900) / 1000) + 2);
  for (let i = 0; i < CYCLES; i++) {
    await post(b, '/admin/drain');
    for (let t = 0; t < 50; t++) {
      const state = await (
        await fetch(`${b.admin}/admin/state`, { headers: { authorization: `Bearer ${TOKEN}` } })
      ).json();
      if (state.state === 'drained') {
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    await post(b, '/admin/resume');
  }
  const results = await loading;
  await new Promise((r) => setTimeout(r, 500));
  client.close();
  const rps = results.reduce((sum, r) => sum + r.requests.average, 0);
  return { samples, rps };
}

/** Transactions and NOTIFY traffic on the database over `ms`. */
async function cost(url, ms, during = () => Promise.resolve()) {
  const listener = new pg.Client({ connectionString: url });
  await listener.connect();
  let notifies = 0;
  let bytes = 0;
  listener.on('notification', (msg) => {
    notifies += 1;
    bytes += Buffer.byteLength(msg.payload ?? '') + Buffer.byteLength(msg.channel);
  });
  for (const channel of ['socket.io#/live', 'socket.io#/']) {
    await listener.query(`LISTEN "${channel}"`);
  }
  const xacts = async () =>
    Number(
      (
        await listener.query(
          `SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()`,
        )
      ).rows[0].n,
    );
  const before = await xacts();
  const started = performance.now();
  await Promise.all([new Promise((r) => setTimeout(r, ms)), during()]);
  const seconds = (performance.now() - started) / 1000;
  const after = await xacts();
  await listener.end();
  // The two stats queries of this probe are not the fleet's.
  return { tps: (after - before - 2) / seconds, notifies: notifies / seconds, bytes: bytes / seconds };
}

/** `n` simulated instances, each doing at the default rates what a real one does to Postgres. */
async function simulate(url, n, ms) {
  const clients = [];
  const status = JSON.stringify({
    uid: 'x'.repeat(16),
    nsp: '/live',
    type: 9,
    data: {
      packet: [
        'fleet:status',
        {
          instanceId: 'sim-00',
          state: 'serving',
          inFlight: 12,
          openConnections: 30,
          at: new Date().toISOString(),
        },
      ],
    },
  });
  let fanout = [];
  for (let i = 0; i < n; i++) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`LISTEN "socket.io#/live"`);
    const id = `sim-${String(i).padStart(2, '0')}`;
    client.on('notification', (msg) => {
      if (i === 0 && msg.payload.startsWith('{"probe":')) {
        fanout.push(Date.now() - JSON.parse(msg.payload).probe);
      }
    });
    await client.query(
      `INSERT INTO instances (id, host, pid, version, started_at, last_seen_at, state) VALUES ($1, 'sim', $2, 'sim', now(), now(), 'serving')
       ON CONFLICT (id) DO UPDATE SET last_seen_at = now(), state = 'serving'`,
      [id, 100000 + i],
    );
    clients.push({ client, id });
  }
  const timers = [];
  let issued = 0;
  const every = (period, fn) =>
    timers.push(
      setInterval(() => {
        issued += 1;
        void fn().catch(() => undefined);
      }, period),
    );
  clients.forEach(({ client, id }, i) => {
    setTimeout(
      () => {
        every(5000, () =>
          client.query(
            `UPDATE instances SET last_seen_at = now(), in_flight = 3, open_connections = 9, state = 'serving' WHERE id = $1 RETURNING state`,
            [id],
          ),
        );
        every(5000, () =>
          client.query(
            `SELECT id, pid FROM instances WHERE host = 'sim' AND id <> $1 AND state NOT IN ('stopped', 'lost') AND last_seen_at < now() - interval '7500 milliseconds'`,
            [id],
          ),
        );
        every(5000, () =>
          client.query(
            `UPDATE drain_runs r SET outcome = 'interrupted' FROM instances i WHERE r.instance_id = i.id AND r.outcome = 'running' AND i.state IN ('lost', 'stopped')`,
          ),
        );
        every(1000, () => client.query(`SELECT pg_notify('socket.io#/live', $1)`, [status]));
        every(30_000, () =>
          client.query(`SELECT pg_notify('socket.io#/live', $1)`, ['{"uid":"sim","nsp":"/live","type":10}']),
        );
      },
      (i * 1000) / n,
    );
  });
  const probe = setInterval(
    () =>
      void clients[n - 1].client.query(`SELECT pg_notify('socket.io#/live', $1)`, [
        JSON.stringify({ probe: Date.now() }),
      ]),
    200,
  );
  await new Promise((r) => setTimeout(r, 1500));
  fanout = [];
  const issuedBefore = issued;
  const measured = await cost(url, ms);
  measured.simulatedQps = (issued - issuedBefore) / (ms / 1000);
  clearInterval(probe);
  timers.forEach(clearInterval);
  for (const { client } of clients) {
    await client.end();
  }
  return { ...measured, fanout };
}

async function main() {
  const url = await database();
  const apis = await Promise.all(['bench-a', 'bench-b', 'bench-c'].map((id) => startInstance(url, id)));
  await new Promise((r) => setTimeout(r, 2000));
  const latency = await stageLatency(apis);
  console.log(
    `stage event B -> client on A (${latency.samples.length} stage events, ${CYCLES} drain/resume cycles of B, ${fmt(latency.rps, 0)} req/s on the 3 traffic ports): p50 ${pct(latency.samples, 50)} ms, p99 ${pct(latency.samples, 99)} ms, max ${Math.max(...latency.samples)} ms`,
  );
  const idle = await cost(url, WINDOW_MS);
  console.log(
    `3 real instances, idle: ${fmt(idle.tps)} transactions/s, ${fmt(idle.notifies)} NOTIFY/s, ${fmt(idle.bytes / 1024, 2)} kB/s`,
  );
  const busy = await cost(url, WINDOW_MS, () => load(apis, Math.round(WINDOW_MS / 1000)));
  console.log(
    `3 real instances, under load: ${fmt(busy.tps)} transactions/s, ${fmt(busy.notifies)} NOTIFY/s, ${fmt(busy.bytes / 1024, 2)} kB/s`,
  );
  const sim = await simulate(url, SIMULATED, WINDOW_MS);
  console.log(
    `${SIMULATED} simulated + 3 real instances (statuses at 1/s each): ${fmt(sim.simulatedQps)} statements/s sent by the simulated instances, ${fmt(sim.tps)} transactions/s counted by pg_stat_database, ${fmt(sim.notifies)} NOTIFY/s, ${fmt(sim.bytes / 1024, 2)} kB/s sent, ${fmt(sim.notifies * (SIMULATED + 4), 0)} notifications/s delivered; NOTIFY fan-out latency p50 ${pct(sim.fanout, 50)} ms, p99 ${pct(sim.fanout, 99)} ms`,
  );
}

try {
  await main();
} finally {
  for (const child of children) {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
    }
  }
}
process.exit(0);
