// `node bench/metrics-scrape.mjs`: the size of /metrics and the time a scrape takes after 10,000 hostile traffic
// requests (random long paths, every method Node's parser accepts except CONNECT), against the built API (apps/api/dist/main.js,
// embedded Postgres in a temporary DATA_DIR unless DATABASE_URL is set). Prints one JSON line.
import { Agent, METHODS, request } from 'node:http';
import { fileURLToPath } from 'node:url';

import { apiEnv } from './support.mjs';

const REQUESTS = 10_000;
const CONCURRENCY = 16;
const SCRAPES = 20;
/** Every method Node parses, standard or not (CONNECT would turn the connection into a tunnel). */
const HOSTILE_METHODS = METHODS.filter((method) => method !== 'CONNECT');

const { spawn } = await import('node:child_process');
const proc = spawn(process.execPath, [fileURLToPath(new URL('../apps/api/dist/main.js', import.meta.url))], {
  env: apiEnv(),
  stdio: ['ignore', 'pipe', 'inherit'],
});
let out = '';
proc.stdout.setEncoding('utf8').on('data', (chunk) => (out += chunk));
const ports = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`API did not start:\n${out}`)), 120_000);
  const check = setInterval(() => {
    const match = /drainboard: listening traffic=(\d+) admin=(\d+)/.exec(out);
    if (!match) {
      return;
    }
    clearInterval(check);
    clearTimeout(timer);
    resolve({ traffic: Number(match[1]), admin: Number(match[2]) });
  }, 50);
});

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
const fire = (port, method, path) =>
  new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', () => resolve(0));
    req.end();
  });

let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < REQUESTS) {
      const i = next++;
      const path = `/${Math.random().toString(36).slice(2)}/${'x'.repeat(i % 10 === 0 ? 1500 : 10)}?q=${i}`;
      await fire(ports.traffic, HOSTILE_METHODS[i % HOSTILE_METHODS.length], path);
    }
  }),
);
const trafficMs = performance.now() - started;
await fire(ports.traffic, 'GET', '/demo/fast');

const timings = [];
let bytes = 0;
let text = '';
for (let i = 0; i < SCRAPES; i++) {
  const t0 = performance.now();
  text = await new Promise((resolve) => {
    request({ host: '127.0.0.1', port: ports.admin, path: '/metrics', agent }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve(body));
    }).end();
  });
  timings.push(performance.now() - t0);
  bytes = Buffer.byteLength(text);
}
timings.sort((a, b) => a - b);
const series = text.split('\n').filter((line) => line.startsWith('http_server_requests_total{')).length;
console.log(
  JSON.stringify({
    hostileRequests: REQUESTS,
    trafficSeconds: Math.round(trafficMs) / 1000,
    metricsBytes: bytes,
    requestSeries: series,
    scrapeMsMedian: Math.round(timings[SCRAPES / 2] * 10) / 10,
    scrapeMsMax: Math.round(timings.at(-1) * 10) / 10,
  }),
);
agent.destroy();
proc.kill('SIGTERM');
await new Promise((resolve) => proc.once('exit', resolve));
