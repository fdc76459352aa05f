// Reads the parts of schema.prisma that decide the database shape, into the columns, indexes and foreign
// keys `prisma migrate` would create on Postgres. Covers the attributes this project uses and fails loudly
// on any other, so a new construct cannot slip past the schema test unchecked.

/** A column as Postgres should have it. */
export interface ExpectedColumn {
  table: string;
  column: string;
  /** `format_type()` spelling, e.g. `timestamp(3) with time zone`. */
  type: string;
  nullable: boolean;
  /** `pg_get_expr()` of the default, or null. */
  default: string | null;
}

export interface ExpectedIndex {
  table: string;
  name: string;
  unique: boolean;
  primary: boolean;
  /** Columns with `DESC` where sorted descending. */
  columns: string[];
}

export interface ExpectedForeignKey {
  table: string;
  name: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete: string;
  onUpdate: string;
}

export interface ExpectedSchema {
  tables: string[];
  columns: ExpectedColumn[];
  indexes: ExpectedIndex[];
  foreignKeys: ExpectedForeignKey[];
}

interface Field {
  name: string;
  type: string;
  optional: boolean;
  list: boolean;
  attrs: string;
}

const SCALARS: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Boolean: 'boolean',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Bytes: 'bytea',
};
const NATIVE: Record<string, string> = {
  'Timestamptz(3)': 'timestamp(3) with time zone',
  Uuid: 'uuid',
};
const KNOWN_FIELD_ATTRS = /^(id|default|map|db\.[A-Za-z]+|relation|unique)$/;

function attr(attrs: string, name: string): string | null {
  const match = new RegExp(`@${name.replace('.', '\\.')}(?:\\(([^)]*\\)?)\\))?`).exec(attrs);
  return match ? (match[1] ?? '') : null;
}

function listArg(text: string, key?: string): string[] {
  const source = key
    ? (new RegExp(`${key}:\\s*\\[([^\\]]*)\\]`).exec(text)?.[1] ?? '')
    : (/\[([^\]]*)\]/.exec(text)?.[1] ?? '');
  return source
    .split(/,(?![^(]*\))/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function parseModels(text: string): Map<string, { fields: Field[]; blockAttrs: string[] }> {
  const models = new Map<string, { fields: Field[]; blockAttrs: string[] }>();
  for (const match of text.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    const fields: Field[] = [];
    const blockAttrs: string[] = [];
    for (const raw of (match[2] ?? '').split('\n')) {
      const line = raw.replace(/\/\/.*$/, '').trim();
      if (!line) {
        continue;
      }
      if (line.startsWith('@@')) {
        blockAttrs.push(line);
        continue;
      }
      const parts = /^(\w+)\s+(\w+)(\[\])?(\?)?\s*(.*)$/.exec(line);
      if (!parts) {
        throw new Error(`unparsed schema line: ${line}`);
      }
      fields.push({
        name: parts[1]!,
        type: parts[2]!,
        list: Boolean(parts[3]),
        optional: Boolean(parts[4]),
        attrs: parts[5] ?? '',
      });
    }
    models.set(match[1]!, { fields, blockAttrs });
  }
  return models;
}

const REFERENTIAL: Record<string, string> = {
  Cascade: 'CASCADE',
  Restrict: 'RESTRICT',
  NoAction: 'NO ACTION',
  SetNull: 'SET NULL',
  SetDefault: 'SET DEFAULT',
};

function defaultExpr(table: string, column: string, field: Field): string | null {
  const value = attr(field.attrs, 'default');
  if (value === null) {
    return null;
  }
  if (value === 'autoincrement()') {
    return `nextval('${table}_${column}_seq'::regclass)`;
  }
  if (value === 'now()') {
    return 'CURRENT_TIMESTAMP';
  }
  if (/^-?\d+(\.\d+)?$/.test(value) || value === 'true' || value === 'false') {
    return value;
  }
  const literal = /^"(.*)"$/.exec(value)?.[1];
  if (literal === undefined) {
    throw new Error(`unsupported @default(${value}) on ${table}.${column}`);
  }
  return `'${literal.replace(/\\"/g, '"')}'::${field.type === 'Json' ? 'jsonb' : 'text'}`;
}

function columnType(table: string, column: string, field: Field): string {
  for (const token of field.attrs.matchAll(/@([\w.]+)/g)) {
    if (!KNOWN_FIELD_ATTRS.test(token[1]!)) {
      throw new Error(`unsupported attribute @${token[1]} on ${table}.${column}`);
    }
  }
  const native = /@db\.(\w+(?:\(\d+\))?)/.exec(field.attrs)?.[1];
  const type = native ? NATIVE[native] : SCALARS[field.type];
  if (!type) {
    throw new Error(`unsupported type ${field.type}${native ? ` @db.${native}` : ''} on ${table}.${column}`);
  }
  return type;
}

/** The Postgres shape `prisma migrate` derives from `schemaText`. */
export function expectedSchema(schemaText: string): ExpectedSchema {
  const models = parseModels(schemaText);
  const tableOf = (model: string): string => {
    const entry = models.get(model);
    const mapped = entry?.blockAttrs.map((a) => /^@@map\("([^"]+)"\)/.exec(a)?.[1]).find(Boolean);
    return mapped ?? model;
  };
  const columnOf = (model: string, field: string): string => {
    const f = models.get(model)?.fields.find((x) => x.name === field);
    return (f && /@map\("([^"]+)"\)/.exec(f.attrs)?.[1]) ?? field;
  };
  const out: ExpectedSchema = { tables: [], columns: [], indexes: [], foreignKeys: [] };
  for (const [model, { fields, blockAttrs }] of models) {
    const table = tableOf(model);
    out.tables.push(table);
    for (const field of fields) {
      const column = columnOf(model, field.name);
      if (models.has(field.type)) {
        const relation = attr(field.attrs, 'relation');
        if (relation === null || field.list || !relation.includes('fields:')) {
          continue;
        }
        const columns = listArg(relation, 'fields').map((f) => columnOf(model, f));
        out.foreignKeys.push({
          table,
          name: `${table}_${columns.join('_')}_fkey`,
          columns,
          refTable: tableOf(field.type),
          refColumns: listArg(relation, 'references').map((f) => columnOf(field.type, f)),
          onDelete:
            REFERENTIAL[
              /onDelete:\s*(\w+)/.exec(relation)?.[1] ?? (field.optional ? 'SetNull' : 'Restrict')
            ]!,
          onUpdate: REFERENTIAL[/onUpdate:\s*(\w+)/.exec(relation)?.[1] ?? 'Cascade']!,
        });
        continue;
      }
      if (field.list) {
        throw new Error(`scalar lists are not supported (${model}.${field.name})`);
      }
      const type = columnType(table, column, field);
      out.columns.push({
        table,
        column,
        type,
        nullable: field.optional,
        default: defaultExpr(table, column, field),
      });
      if (/@id\b/.test(field.attrs)) {
        out.indexes.push({ table, name: `${table}_pkey`, unique: true, primary: true, columns: [column] });
      }
      if (/@unique\b/.test(field.attrs)) {
        out.indexes.push({
          table,
          name: `${table}_${column}_key`,
          unique: true,
          primary: false,
          columns: [column],
        });
      }
    }
    for (const block of blockAttrs) {
      const kind = /^@@(\w+)/.exec(block)?.[1];
      if (kind === 'map') {
        continue;
      }
      if (kind !== 'index' && kind !== 'unique') {
        throw new Error(`unsupported ${block} in ${model}`);
      }
      const parts = listArg(block).map((p) => {
        const name = columnOf(model, /^\w+/.exec(p)![0]);
        return { name, column: /sort:\s*Desc/.test(p) ? `${name} DESC` : name };
      });
      const suffix = kind === 'index' ? 'idx' : 'key';
      const name = `${table}_${parts.map((p) => p.name).join('_')}_${suffix}`;
      out.indexes.push({
        table,
        name,
        unique: kind === 'unique',
        primary: false,
        columns: parts.map((p) => p.column),
      });
    }
  }
  return out;
}
