import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const SCRIPT = join(ROOT, 'scripts/comparison-table.mjs');

function check(readme?: string): { status: number | null; output: string } {
  const args = [SCRIPT, '--check', ...(readme ? ['--readme', readme] : [])];
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the README comparison table', () => {
  it('is the one rendered from the committed results (docs/comparison-results.json)', () => {
    expect(check()).toMatchObject({ status: 0 });
  });

  it('is reported as stale when a cell no longer matches the results', () => {
    const dir = mkdtempSync(join(tmpdir(), 'drainboard-readme-'));
    try {
      const readme = join(dir, 'README.md');
      const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
      writeFileSync(
        readme,
        text.replace(/\| 20\/20 completed; exit 0 after \d+ ms/, '| 20/20 completed; exit 0 after 1 ms'),
      );
      const result = check(readme);
      expect(result.status).toBe(1);
      expect(result.output).toContain('differs from docs/comparison-results.json');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
