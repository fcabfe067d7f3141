/**
 * The one place where the Jinja measurements (test/jinja-conformance.test.ts,
 * tools/jinja-fuzz.sh, tools/jinja-pending.sh) call tht's engine: it decodes
 * a case made by Python jinja2 (tools/jinja/reference.py), renders it with
 * tht, and states what tht must produce next to what it produced, in one
 * shape, so that a case agrees exactly when the two are deep-equal.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { renderTemplate, TemplateCompiler } from '../../src/render/jinja/environment.js';
import { TemplateFailure } from '../../src/render/jinja/errors.js';
import { float, int, PyBytes, PyDate, PyDateTime, PyDict, PyFloat, PySet, tuple } from '../../src/yaml/python.js';

/** Python values as tools/jinja/reference.py encodes them. */
export type Typed =
  | null
  | boolean
  | number
  | string
  | Typed[]
  | { int: string }
  | { float: string }
  | { tuple: Typed[] }
  | { dict: [Typed, Typed][] }
  | { date: string }
  | { datetime: string }
  | { bytes: number[] }
  | { set: Typed[] };

export interface JinjaError {
  /** jinja2's exception class: TemplateSyntaxError (and its subclass TemplateAssertionError) or a runtime one. */
  class: string;
  message: string;
  /** The template the error is in: null for the main template. */
  template: string | null;
  lineno: number | null;
}

export interface JinjaCase {
  id: string;
  section: string;
  template: string;
  /** Files that include, import and extends reach, by name. */
  files?: Record<string, string>;
  context?: Record<string, Typed>;
  output?: string;
  error?: JinjaError;
}

/** What a case renders to, in a shape that compares with deep equality. */
export type Observed =
  | { output: string }
  | { error: { kind: TemplateFailure['kind']; template?: string; line?: number; oneParagraph: boolean } }
  | { crash: string };

/** The path the main template has in tht (jinja2's from_string template has none). */
export const MAIN = 'main.j2.yaml';

const DATETIME = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{6}))?(?:([+-])(\d\d):(\d\d))?$/;

function decodeFloat(text: string): number | PyFloat {
  if (text === 'inf') return Infinity;
  if (text === '-inf') return -Infinity;
  if (text === 'nan') return NaN;
  return float(Number(text));
}

/** A typed JSON value as the shared Python value model holds it. */
export function decode(v: Typed): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(decode);
  if ('int' in v) return int(BigInt(v.int));
  if ('float' in v) return decodeFloat(v.float);
  if ('tuple' in v) return tuple(v.tuple.map(decode));
  if ('dict' in v) return new PyDict(v.dict.map(([k, val]) => [decode(k), decode(val)] as const));
  if ('date' in v) {
    const [y, m, d] = v.date.split('-').map(Number) as [number, number, number];
    return new PyDate(y, m, d);
  }
  if ('datetime' in v) {
    const p = DATETIME.exec(v.datetime);
    if (!p) throw new Error(`bad datetime in a case: ${v.datetime}`);
    const n = (i: number) => Number(p[i] ?? 0);
    const offset = p[8] ? (p[8] === '-' ? -1 : 1) * (n(9) * 60 + n(10)) : null;
    return new PyDateTime(n(1), n(2), n(3), n(4), n(5), n(6), n(7), offset);
  }
  if ('bytes' in v) return new PyBytes(Uint8Array.from(v.bytes));
  if ('set' in v) return new PySet(v.set.map(decode));
  throw new Error(`unknown typed JSON value in a case: ${JSON.stringify(v)}`);
}

/** `render(**context)`: the top level is keyword arguments, so a plain object. */
export function decodeContext(context: Record<string, Typed> = {}): Record<string, unknown> {
  return Object.fromEntries(Object.entries(context).map(([name, v]) => [name, decode(v)]));
}

/** One paragraph, as tht prints an error: no blank line and no stack frame. */
const isOneParagraph = (detail: string) => detail.trim() !== '' && !/\n\s*\n/.test(detail) && !/^\s+at /m.test(detail);

/** Render with tht: the output, the TemplateFailure, or any other exception (a crash). */
export function renderWithTht(c: Pick<JinjaCase, 'template' | 'files' | 'context'>): { output: string } | { failure: TemplateFailure } | { crash: string } {
  const sources = new Map(Object.entries({ ...c.files, [MAIN]: c.template }));
  try {
    const compiler = new TemplateCompiler({ read: (path) => sources.get(path) });
    return { output: renderTemplate(compiler, compiler.template(MAIN), decodeContext(c.context)) };
  } catch (e) {
    if (e instanceof TemplateFailure) return { failure: e };
    return { crash: e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]}` : String(e) };
  }
}

/**
 * What tht must produce for the case, and what it produced. An error agrees
 * when it is a TemplateFailure of the same kind (jinja2's TemplateSyntaxError
 * is a syntax error, anything else a render error), in the same template at
 * the same line when jinja2 names one, with a one-paragraph message.
 */
export function runCase(c: JinjaCase): { expected: Observed; actual: Observed; message?: string } {
  const expected = expectation(c);
  const result = renderWithTht(c);
  if ('output' in result || 'crash' in result) return { expected, actual: result };
  const f = result.failure;
  const actual: Observed = { error: { kind: f.kind, oneParagraph: isOneParagraph(f.detail) } };
  if ('error' in expected && expected.error.line !== undefined) Object.assign(actual.error, { template: f.template, line: f.line });
  return { expected, actual, message: f.message };
}

/** What tht must produce for a case (as `runCase` states it). */
export function expectation(c: JinjaCase): Observed {
  if (c.error === undefined) {
    if (c.output === undefined) throw new Error(`case ${c.id} has neither output nor error`);
    return { output: c.output };
  }
  const syntax = c.error.class === 'TemplateSyntaxError' || c.error.class === 'TemplateAssertionError';
  const error = { kind: syntax ? 'syntax error' : 'render error', oneParagraph: true } as const;
  if (c.error.lineno === null) return { error };
  return { error: { ...error, template: c.error.template ?? MAIN, line: c.error.lineno } };
}

export const CASES_DIR = new URL('../fixtures/jinja/', import.meta.url);
export const PENDING_FILE = new URL('pending.txt', CASES_DIR);

/** Every conformance case, by section file (test/fixtures/jinja/<section>.json). */
export function loadSections(): { section: string; cases: JinjaCase[] }[] {
  return readdirSync(CASES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ section: f.slice(0, -'.json'.length), cases: JSON.parse(readFileSync(new URL(f, CASES_DIR), 'utf8')) as JinjaCase[] }));
}

/** Ids of the cases today's engine does not pass (test/fixtures/jinja/pending.txt). */
export function loadPending(): Set<string> {
  const lines = readFileSync(PENDING_FILE, 'utf8').split('\n');
  return new Set(lines.map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#')));
}
