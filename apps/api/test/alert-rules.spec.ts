// deploy/prometheus/alerts.yml checked and unit-tested by promtool (Debian's `prometheus` package), and every
// alert covered by alerts.test.yml both ways: a case where it fires and a case where it stays quiet.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { parse } from 'yaml';

const PROMETHEUS_DIR = resolve(__dirname, '../../../deploy/prometheus');
const read = (file: string): unknown => parse(readFileSync(join(PROMETHEUS_DIR, file), 'utf8'));

interface RuleGroups {
  groups: Array<{ name: string; rules: Array<{ alert?: string; record?: string; expr: string }> }>;
}
interface RuleTests {
  rule_files: string[];
  tests: Array<{
    name: string;
    alert_rule_test?: Array<{ alertname: string; exp_alerts: unknown[] | null }>;
  }>;
}

function promtool(...args: string[]): { status: number | null; output: string } {
  const result = spawnSync('promtool', args, { cwd: PROMETHEUS_DIR, encoding: 'utf8' });
  if (result.error) {
    throw new Error(`promtool is not on PATH (${result.error.message}): apt-get install -y prometheus`);
  }
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const alerts = (read('alerts.yml') as RuleGroups).groups.flatMap((group) =>
  group.rules.filter((rule) => rule.alert !== undefined),
);
const ruleTests = read('alerts.test.yml') as RuleTests;
const cases = ruleTests.tests.flatMap((test) => test.alert_rule_test ?? []);

describe('deploy/prometheus/alerts.yml', () => {
  it('passes promtool check rules', () => {
    const check = promtool('check', 'rules', 'alerts.yml');
    expect({ status: check.status, output: check.output }).toEqual({
      status: 0,
      output: expect.stringContaining(`SUCCESS: ${alerts.length} rules found`),
    });
  });

  it('passes its promtool unit tests (alerts.test.yml)', () => {
    const run = promtool('test', 'rules', 'alerts.test.yml');
    expect({ status: run.status, output: run.output }).toEqual({
      status: 0,
      output: expect.stringContaining('SUCCESS'),
    });
    expect(ruleTests.rule_files).toEqual(['alerts.yml']);
  });

  it.each(alerts.map((rule) => rule.alert!))('%s has a firing case and a quiet case', (name) => {
    const mine = cases.filter((c) => c.alertname === name);
    expect(mine.some((c) => (c.exp_alerts ?? []).length > 0)).toBe(true);
    expect(mine.some((c) => (c.exp_alerts ?? []).length === 0)).toBe(true);
  });

  it('covers deadline hits, cut-off requests, stuck drains, instances down and live clients behind', () => {
    const exprs = alerts.map((rule) => rule.expr).join('\n');
    for (const metric of [
      'drainboard_recorded_deadline_hits_total',
      'drainboard_recorded_cut_requests_total',
      'drainboard_drain_state_info',
      'up{',
      'drainboard_live_clients_behind',
    ]) {
      expect(exprs).toContain(metric);
    }
  });

  it('is loaded by the shipped prometheus.yml, which promtool accepts', () => {
    const config = read('prometheus.yml') as { rule_files?: string[] };
    expect(config.rule_files?.map((file) => file.split('/').pop())).toContain('alerts.yml');
    const check = promtool('check', 'config', '--syntax-only', 'prometheus.yml');
    expect({ status: check.status, output: check.output }).toEqual({
      status: 0,
      output: expect.stringContaining('SUCCESS'),
    });
  });
});
