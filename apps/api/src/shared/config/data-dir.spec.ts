import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { checkDataDir } from './data-dir.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'drainboard-data-dir-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('checkDataDir', () => {
  it('creates a missing directory and its parents', async () => {
    const dir = join(root, 'a', 'b', 'c');
    await checkDataDir(dir);
    expect(statSync(dir).isDirectory()).toBe(true);
  });

  it('accepts an existing directory and leaves nothing behind in it', async () => {
    await checkDataDir(root);
    expect(statSync(root).isDirectory()).toBe(true);
  });

  it.each([
    ['a path under /proc', '/proc/x', 'DATA_DIR /proc/x is not usable: cannot create /proc/x (ENOENT)'],
    [
      'a nested path under /proc',
      '/proc/x/y',
      'DATA_DIR /proc/x/y is not usable: cannot create /proc/x (ENOENT)',
    ],
    [
      'a path below a file',
      '/dev/null/data',
      'DATA_DIR /dev/null/data is not usable: cannot read /dev/null/data (ENOTDIR)',
    ],
  ])('rejects %s at once with one line', async (_name, dir, message) => {
    await expect(checkDataDir(dir, 2000)).rejects.toThrow(message);
  });

  it('rejects a regular file', async () => {
    const file = join(root, 'file');
    writeFileSync(file, '');
    await expect(checkDataDir(file)).rejects.toThrow(`DATA_DIR ${file} is not usable: it is not a directory`);
  });

  it('gives up on a check that never answers', async () => {
    const hung = (): Promise<void> => new Promise(() => undefined);
    await expect(checkDataDir('/mnt/nfs', 50, hung)).rejects.toThrow(
      'DATA_DIR /mnt/nfs is not usable: no answer within 50 ms',
    );
  });
});
