import path from 'node:path';

type ReadFile = (file: string, encoding: 'utf8') => string;

/**
 * The `version` of the nearest `package.json` named `@drainboard/api` above the working directory or the
 * started script (falls back to the root `drainboard` package), or `0.0.0` when none is found.
 */
export function findPackageVersion(
  readFile: ReadFile,
  starts = [process.cwd(), path.dirname(process.argv[1] ?? '.')],
): string {
  for (const start of starts) {
    for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
      for (const candidate of [
        path.join(dir, 'apps', 'api', 'package.json'),
        path.join(dir, 'package.json'),
      ]) {
        const version = readVersion(readFile, candidate);
        if (version) {
          return version;
        }
      }
      if (path.dirname(dir) === dir) {
        break;
      }
    }
  }
  return '0.0.0';
}

function readVersion(readFile: ReadFile, file: string): string | null {
  try {
    const pkg = JSON.parse(readFile(file, 'utf8')) as { name?: string; version?: string };
    return pkg.name?.startsWith('@drainboard/api') || pkg.name === 'drainboard'
      ? (pkg.version ?? null)
      : null;
  } catch {
    return null;
  }
}
