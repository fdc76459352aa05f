// `npm start`: builds what the API needs (Nx: contracts, drain, api, web; cached when unchanged), then runs
// `node apps/api/dist/main.js` as the production start does. Signals are forwarded once and the exit code
// is passed through, so Ctrl-C and SIGTERM drain the API exactly as they would without npm in between.
// `npm start -- --no-build` skips the build.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

if (!process.argv.includes('--no-build')) {
  const nxPackage = createRequire(import.meta.url).resolve('nx/package.json');
  const nx = join(dirname(nxPackage), 'dist', 'bin', 'nx.js');
  const build = spawnSync(
    process.execPath,
    [nx, 'run-many', '-t', 'build', '-p', '@drainboard/api', '@drainboard/web', '--outputStyle=stream'],
    { cwd: root, stdio: 'inherit', env: { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', ...process.env } },
  );
  if (build.status !== 0) {
    console.error('start: the build failed; see above.');
    process.exit(build.status ?? 1);
  }
}

// detached: the API gets its own process group, so a terminal Ctrl-C reaches it once (forwarded from
// here) rather than twice (the group signal plus our forward), which it would count as a second signal.
const api = spawn(process.execPath, [join(root, 'apps', 'api', 'dist', 'main.js')], {
  cwd: root,
  stdio: 'inherit',
  detached: true,
});

for (const signal of FORWARDED_SIGNALS) {
  process.on(signal, () => api.kill(signal));
}

api.on('exit', (code, signal) => {
  if (signal) {
    // Re-raise the child's fatal signal on ourselves so callers see the same outcome.
    for (const s of FORWARDED_SIGNALS) {
      process.removeAllListeners(s);
    }
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
