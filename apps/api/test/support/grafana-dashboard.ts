import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { parse } from 'yaml';

/** The Grafana dashboards and Prometheus rules shipped in deploy/. */
export const DEPLOY_DIR = resolve(__dirname, '../../../../deploy');

/** One query of a dashboard (panel target, variable or annotation), with where it comes from. */
export interface DashboardQuery {
  where: string;
  datasource: 'prometheus' | 'postgres';
  text: string;
}

interface Target {
  refId?: string;
  datasource?: { type?: string };
  expr?: string;
  rawSql?: string;
}
interface Panel {
  title: string;
  datasource?: { type?: string };
  targets?: Target[];
  panels?: Panel[];
}
interface Dashboard {
  title: string;
  panels: Panel[];
  templating?: { list: Array<{ name: string; datasource?: { type?: string }; query: unknown }> };
  annotations?: { list: Array<{ name: string; datasource?: { type?: string }; target?: Target }> };
}

const kind = (type: string | undefined): DashboardQuery['datasource'] | null =>
  type === 'prometheus' ? 'prometheus' : type === 'grafana-postgresql-datasource' ? 'postgres' : null;

/** Every dashboard JSON file in deploy/grafana/dashboards, parsed. */
export function shippedDashboards(): Array<{ file: string; dashboard: Dashboard }> {
  const dir = join(DEPLOY_DIR, 'grafana/dashboards');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => ({ file, dashboard: JSON.parse(readFileSync(join(dir, file), 'utf8')) as Dashboard }));
}

/** Every PromQL and SQL query of every shipped dashboard: panel targets, variables and annotations. */
export function dashboardQueries(): DashboardQuery[] {
  const queries: DashboardQuery[] = [];
  const add = (where: string, type: string | undefined, target: Target | undefined): void => {
    const datasource = kind(target?.datasource?.type ?? type);
    const text = datasource === 'prometheus' ? target?.expr : target?.rawSql;
    if (!datasource || !text) {
      throw new Error(`${where}: no query for a known datasource`);
    }
    queries.push({ where, datasource, text });
  };
  for (const { file, dashboard } of shippedDashboards()) {
    const panels = dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
    for (const panel of panels) {
      for (const target of panel.targets ?? []) {
        add(`${file} "${panel.title}" ${target.refId ?? ''}`, panel.datasource?.type, target);
      }
    }
    for (const variable of dashboard.templating?.list ?? []) {
      const query = variable.query as string | { query: string };
      const text = typeof query === 'string' ? query : query.query;
      const type = variable.datasource?.type;
      // Grafana's label_values(selector, label) and query_result(expr) wrap plain PromQL.
      const inner = /^(?:label_values\((.+),\s*\w+\)|query_result\((.+)\))$/.exec(text.trim());
      add(
        `${file} variable $${variable.name}`,
        type,
        kind(type) === 'prometheus' ? { expr: inner?.[1] ?? inner?.[2] ?? text } : { rawSql: text },
      );
    }
    for (const annotation of dashboard.annotations?.list ?? []) {
      if (!annotation.target) {
        continue;
      }
      add(`${file} annotation "${annotation.name}"`, annotation.datasource?.type, annotation.target);
    }
  }
  return queries;
}

/** Every alerting and recording rule expression of deploy/prometheus/*.yml rule files. */
export function ruleExpressions(): DashboardQuery[] {
  const dir = join(DEPLOY_DIR, 'prometheus');
  const config = parse(readFileSync(join(dir, 'prometheus.yml'), 'utf8')) as { rule_files: string[] };
  return config.rule_files.flatMap((file) => {
    const rules = parse(readFileSync(join(dir, file), 'utf8')) as {
      groups: Array<{ rules: Array<{ alert?: string; record?: string; expr: string }> }>;
    };
    return rules.groups.flatMap((group) =>
      group.rules.map((rule) => ({
        where: `${file} ${rule.alert ?? rule.record ?? ''}`,
        datasource: 'prometheus' as const,
        text: rule.expr,
      })),
    );
  });
}

/** Grafana's built-in PromQL variables, and every dashboard variable as "anything". */
export function substitutePromqlVariables(expr: string): string {
  return expr
    .replaceAll('$__rate_interval', '1m')
    .replaceAll('$__interval', '15s')
    .replaceAll('$__range', '1h')
    .replace(/\$\{?\w+\}?/g, '.*');
}

const NOT_METRICS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
  'inf',
  'nan',
]);

/**
 * The metric names a PromQL expression selects (no parser in Node, so a small scan): string literals, label
 * matchers, ranges and grouping clauses are removed, then every identifier that is not a function or keyword,
 * nor part of a number or duration, is a metric name.
 */
export function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of bare.matchAll(/[a-zA-Z_:][\w:]*/g)) {
    const before = bare[match.index - 1] ?? ' ';
    const after = bare.slice(match.index + match[0].length).trimStart();
    if (/[\d.]/.test(before) || after.startsWith('(') || NOT_METRICS.has(match[0].toLowerCase())) {
      continue;
    }
    names.add(match[0]);
  }
  return [...names];
}
