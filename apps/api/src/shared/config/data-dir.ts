import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import { errorMessage } from '../common/error-message.js';
import { within } from '../common/within.js';

/** Longest the `DATA_DIR` check may take (a hung network mount must not hang the boot). */
export const DATA_DIR_CHECK_TIMEOUT_MS = 5000;

/** `DATA_DIR` cannot hold the embedded database and the spool file. */
export class DataDirError extends Error {
  override readonly name = 'DataDirError';
}

const errorCode = (error: unknown): string =>
  (error as NodeJS.ErrnoException).code ?? errorMessage(error);

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') {
      return false;
    }
    throw new DataDirError(`cannot read ${path} (${errorCode(error)})`);
  }
}

/**
 * Creates `dir` and its missing parents one level at a time. Not `mkdir({ recursive: true })`: procfs answers
 * ENOENT for a child it cannot create, which Node's recursive mkdir reads as "parent missing" and retries forever
 * (seen with `DATA_DIR=/proc/x` on Node 20: the boot hung with no output).
 */
async function makeDirectories(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let path = dir; !(await exists(path)); path = dirname(path)) {
    missing.unshift(path);
    if (dirname(path) === path) {
      break;
    }
  }
  for (const path of missing) {
    await mkdir(path).catch((error: unknown) => {
      if (errorCode(error) !== 'EEXIST') {
        throw new DataDirError(`cannot create ${path} (${errorCode(error)})`);
      }
    });
  }
}

/** Creates `dir` if needed and proves it is a directory this process can write to. */
export async function makeWritableDirectory(dir: string): Promise<void> {
  await makeDirectories(dir);
  if (!(await stat(dir)).isDirectory()) {
    throw new DataDirError('it is not a directory');
  }
  const probe = join(dir, `.write-check-${process.pid}`);
  try {
    await writeFile(probe, '');
  } catch (error) {
    throw new DataDirError(`cannot write in it (${errorCode(error)})`);
  }
  await rm(probe, { force: true });
}

/**
 * Checks `DATA_DIR` before anything uses it, within `timeoutMs`; rejects with a one-line message naming the
 * variable and the path. `prepare` is the check itself (replaceable in tests).
 */
export async function checkDataDir(
  dir: string,
  timeoutMs = DATA_DIR_CHECK_TIMEOUT_MS,
  prepare: (dir: string) => Promise<void> = makeWritableDirectory,
): Promise<void> {
  try {
    await within(prepare(dir), timeoutMs, `no answer within ${timeoutMs} ms`);
  } catch (error) {
    const reason = errorMessage(error);
    throw new DataDirError(`DATA_DIR ${dir} is not usable: ${reason}`);
  }
}
