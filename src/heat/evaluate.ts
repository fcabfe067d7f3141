/**
 * HOT intrinsic functions as Heat evaluates them when it validates a stack
 * (heat/engine/hot/functions.py, function.py resolve, conditions.py), with the
 * semantics of the template's heat_template_version (hot/template.py: which
 * names are functions, and which variant of list_join, str_replace, repeat
 * and if applies).
 *
 * At validate time no resource exists: a get_attr is None (its resource is in
 * INIT, `_result_ready` is false) and a get_resource is the resource's name
 * (its reference id before creation). Everything else is computed as Heat
 * computes it, in Python's terms: str() of None is 'None', == is Python's, a
 * yaql expression runs on src/heat/yaql. A function Heat would raise on
 * throws a HeatFunctionError with Heat's message; the caller decides what
 * that means (for a property passed to a nested stack: the property's empty
 * value, see parameter-value.ts).
 *
 * Pure: everything a function reads comes from the StackScope.
 */
import { createHash } from 'node:crypto';
import { isMapping } from '../load/values.js';
import { compareStr, strLen } from '../yaml/python.js';
import { intFromText } from '../yaml/python-numbers.js';
import { conditionFunctions, functionKind } from './hot-functions.js';
import { fromPython, pythonEquals, pythonIn, pythonJsonDumps, pythonStr, pythonTruthy, pyTypeName } from './python-data.js';
import { evaluateYaql, YaqlError, type YaqlOptions } from './yaql/index.js';
import { pyRepr } from './yaql/pyops.js';

/** A Python exception a HOT function raises (ValueError, TypeError, KeyError, a Heat error). */
export class HeatFunctionError extends Error {
  constructor(message: string, readonly fn?: string) {
    super(message);
    this.name = 'HeatFunctionError';
  }
}

/** Heat's UserParameterMissing: get_param of a parameter the stack does not declare, or that has no value. */
export class ParameterMissing extends HeatFunctionError {
  constructor(readonly parameter: string) {
    super(`The Parameter (${parameter}) was not provided.`, 'get_param');
  }
}

/** Python's Ellipsis: an `if` without a false branch that is false (the item it stands in is left out). */
export const OMITTED: unique symbol = Symbol('omitted');

/** What a stack gives its functions. */
export interface StackScope {
  /** The stack's name (`dummy` for the root at validate time, `<parent>-<resource>` below). */
  stackName: string;
  /** The template's heat_template_version as a YYYY-MM-DD date ('' when unknown: the newest rules). */
  versionDate: string;
  /** Heat's `Parameters[name]` (the parameter's value), pseudo parameters included; throws if not declared. */
  param(name: string): unknown;
  /** Whether a named condition of the template holds; throws if there is none by that name. */
  condition(name: string): boolean;
  /** Whether the template defines a resource of that name (get_resource and get_attr need one). */
  hasResource(name: string): boolean;
  /**
   * get_attr once resources exist, for a caller that knows some of them (a
   * preview: nested stacks' outputs); the path is resolved. Absent: None, as
   * at validate time.
   */
  attribute?(resource: string, path: unknown[]): unknown;
  /** get_resource once resources exist (its physical id), likewise; absent: the resource's name, as at validate time. */
  reference?(resource: string): unknown;
  /** get_file: the content of a file of the request's `files` map, or undefined. */
  file?(key: string): string | undefined;
  /** yaql limits ([yaql] limit_iterators and memory_quota). */
  yaql?: YaqlOptions;
}

const NEWEST = '9999-12-31';
/** A scope's version date; without a scope, the newest (where every function of any version is one, removed ones too). */
const date = (scope: StackScope | undefined): string => scope?.versionDate || NEWEST;
const since = (scope: StackScope, d: string): boolean => date(scope) >= d;

/**
 * Heat's `sorted(sorted(keys), key=len, reverse=True)`: Python compares str by
 * code point and len() counts code points, so neither is JavaScript's UTF-16
 * order or length once a key holds an astral character.
 */
const placeholderOrder = (keys: string[]): string[] => keys.sort(compareStr).sort((a, b) => strLen(b) - strLen(a));

/** Python's collections.abc.Sequence for template data: lists and strings. */
const isSequence = (v: unknown): v is unknown[] | string => Array.isArray(v) || typeof v === 'string';
const isList = (v: unknown): v is unknown[] => Array.isArray(v);

function fail(fn: string, message: string): never {
  throw new HeatFunctionError(message, fn);
}

/**
 * Resolve a value: every function call in it evaluated, Ellipsis items left
 * out of mappings and lists (function.resolve with nullable), a top-level
 * Ellipsis kept as OMITTED for the caller ("not passed").
 */
export function resolveValue(value: unknown, scope: StackScope): unknown {
  return resolve(value, scope, false, true);
}

/** Evaluate a condition (a resource's or output's `condition`, a boolean, a name or an expression). */
export function evaluateCondition(value: unknown, scope: StackScope): boolean {
  const v = resolve(value, scope, true, false);
  if (v === null || v === undefined) return true;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return scope.condition(v);
  throw new HeatFunctionError(`Invalid condition "${pythonStr(v)}"`);
}

/**
 * A definition of the `conditions` section: it must be a boolean or a
 * function (conditions.py `_check_condition_type`); `name` for the message.
 */
export function evaluateConditionDefinition(name: string, definition: unknown, scope: StackScope): boolean {
  const isCall = callName(definition, scope, true) !== undefined;
  if (typeof definition !== 'boolean' && !isCall) {
    throw new HeatFunctionError(`The definition of condition "${name}" is invalid: ${pyRepr(definition)}`);
  }
  const v = resolve(definition, scope, true, false);
  if (typeof v !== 'boolean') throw new HeatFunctionError(`The definition of condition "${name}" is invalid: ${pyRepr(v)}`);
  return v;
}

/**
 * Whether Heat parses the value as a function call (`{get_attr: ...}`,
 * outside conditions): in this stack's template version, or without a
 * scope in any HOT version.
 */
export const isFunctionCall = (v: unknown, scope?: StackScope): boolean => callName(v, scope, false) !== undefined;

/** The function name of a one-key mapping that is a function call in this context, else undefined. */
function callName(v: unknown, scope: StackScope | undefined, inCondition: boolean): string | undefined {
  if (!isMapping(v)) return undefined;
  const keys = Object.keys(v);
  if (keys.length !== 1) return undefined;
  const name = keys[0]!;
  if (inCondition && scope && since(scope, '2016-10-14') && conditionFunctions(date(scope)).has(name)) return name;
  return functionKind(name, date(scope)) === undefined ? undefined : name;
}

function resolve(value: unknown, scope: StackScope, inCondition: boolean, nullable: boolean): unknown {
  const fn = callName(value, scope, inCondition);
  if (fn !== undefined) {
    const r = call(fn, (value as Record<string, unknown>)[fn], scope, inCondition);
    return r === OMITTED && !nullable ? null : r;
  }
  if (Array.isArray(value)) {
    return value.map((v) => resolve(v, scope, inCondition, true)).filter((v) => v !== OMITTED);
  }
  if (isMapping(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = resolve(v, scope, inCondition, true);
      if (r !== OMITTED) out[k] = r;
    }
    return out;
  }
  return value;
}

/** function.resolve(args): arguments are resolved with a top-level Ellipsis as None. */
const arg = (v: unknown, scope: StackScope, inCondition: boolean): unknown => resolve(v, scope, inCondition, false);

function call(fn: string, args: unknown, scope: StackScope, inCondition: boolean): unknown {
  if (functionKind(fn, date(scope)) === 'removed') fail(fn, `The function ${fn} is not supported in this version of HOT.`);
  if (inCondition && !conditionFunctions(date(scope)).has(fn)) fail(fn, `The function "${fn}" is invalid in this context`);
  const r = (v: unknown): unknown => arg(v, scope, inCondition);
  switch (fn) {
    case 'get_param':
      return getParam(r(args), scope);
    case 'get_resource': {
      const name = r(args);
      if (typeof name !== 'string' || !scope.hasResource(name)) fail(fn, `The specified reference "${pythonStr(name)}" (in unknown) is incorrect.`);
      return scope.reference ? scope.reference(name) : name;
    }
    case 'get_attr':
      return getAttr(args, r, scope);
    case 'list_join':
      return since(scope, '2016-10-14') ? joinMultiple(args, r) : join(args, r);
    case 'str_replace':
      return replace(fn, args, r, since(scope, '2016-10-14') ? 'json' : 'plain');
    case 'str_replace_strict':
      return replace(fn, args, r, 'strict');
    case 'str_replace_vstrict':
      return replace(fn, args, r, 'vstrict');
    case 'map_merge':
      return mapMerge(r(args));
    case 'map_replace':
      return mapReplace(r(args));
    case 'list_concat':
    case 'list_concat_unique':
      return listConcat(fn, r(args), fn === 'list_concat_unique');
    case 'repeat':
      return repeat(args, r, scope);
    case 'digest':
      return digest(r(args));
    case 'str_split':
      return strSplit(args, r);
    case 'yaql':
      return yaql(args, r, scope);
    case 'if':
      return ifFunction(args, scope, inCondition);
    case 'equals': {
      if (!Array.isArray(args) || args.length !== 2) fail(fn, 'Arguments to "equals" must be of the form: [value_1, value_2]');
      return pythonEquals(r(args[0]), r(args[1]));
    }
    case 'not': {
      if (args === null || args === undefined) fail(fn, 'Argument to "not" must be a condition');
      return !conditionValue(r(args), scope);
    }
    case 'and':
    case 'or': {
      if (!Array.isArray(args)) fail(fn, `Arguments to "${fn}" must be a list of conditions`);
      if (args.length < 2) fail(fn, `The minimum number of condition arguments to "${fn}" is 2.`);
      const values = r(args) as unknown[];
      // Python's all()/any() stop at the first decisive operand.
      return fn === 'and' ? values.every((c) => conditionValue(c, scope)) : values.some((c) => conditionValue(c, scope));
    }
    case 'contains': {
      if (!Array.isArray(args) || args.length === 0) fail(fn, 'Incorrect arguments to "contains" should be: "contains" : [ "value1", [ "value1", "value2"]]');
      if (args.length !== 2) fail(fn, 'Arguments to "contains" must be of the form: [value1, [value1, value2]]');
      const needle = r(args[0]);
      const seq = r(args[1]);
      if (!isSequence(seq)) fail(fn, 'Second argument to "contains" should be a sequence.');
      return pyIn(fn, needle, seq);
    }
    case 'filter':
      return filter(args, r);
    case 'make_url':
      return makeUrl(r(args));
    case 'get_file': {
      const key = r(args);
      if (typeof key !== 'string') fail(fn, 'Argument to "get_file" must be a string');
      const content = scope.file?.(key);
      if (content === undefined) fail(fn, `No content found in the "files" section for get_file path: ${key}`);
      return content;
    }
    default:
      // resource_facade and the CloudFormation functions of HOT 2013-05-23.
      fail(fn, `tht does not evaluate ${fn} offline`);
  }
}

function pyIn(fn: string, needle: unknown, seq: unknown[] | string): boolean {
  try {
    return pythonIn(needle, seq);
  } catch (e) {
    return fail(fn, (e as Error).message);
  }
}

/** A resolved condition operand: a boolean, or the name of a condition. */
function conditionValue(v: unknown, scope: StackScope): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return scope.condition(v);
  if (v === null || v === undefined) return true;
  throw new HeatFunctionError(`Invalid condition "${pythonStr(v)}"`);
}

function getParam(args: unknown, scope: StackScope): unknown {
  if (args === null || args === undefined || args === '' || (Array.isArray(args) && args.length === 0) || (isMapping(args) && Object.keys(args).length === 0)) {
    fail('get_param', 'Function "get_param" must have arguments');
  }
  let name: unknown;
  let path: unknown[];
  if (typeof args === 'string') [name, path] = [args, []];
  else if (Array.isArray(args)) [name, path] = [args[0], args.slice(1)];
  else fail('get_param', 'Argument to "get_param" must be string or list');
  if (typeof name !== 'string') fail('get_param', 'Parameter name in "get_param" must be string');
  let v = scope.param(name);
  // Heat answers '' for a path that leads nowhere (KeyError, IndexError, TypeError).
  for (const key of path) {
    if (!isSequence(v) && !isMapping(v)) return '';
    if (typeof key !== 'string' && !(typeof key === 'number' && Number.isInteger(key)) && typeof key !== 'boolean') return '';
    if (isSequence(v)) {
      const index = typeof key === 'string' ? pythonInt(key) : Number(key);
      if (index === undefined) return '';
      const i = index < 0 ? v.length + index : index;
      if (i < 0 || i >= v.length) return '';
      v = v[i];
    } else {
      if (typeof key !== 'string' || !Object.hasOwn(v, key)) return '';
      v = (v as Record<string, unknown>)[key];
    }
  }
  return v;
}

/** Python's int() of a str, or undefined where it raises ValueError. */
function pythonInt(s: string): number | undefined {
  const n = intFromText(s, 10);
  return typeof n === 'bigint' ? Number(n) : undefined;
}

function getAttr(args: unknown, r: (v: unknown) => unknown, scope: StackScope): unknown {
  const allAttributes = since(scope, '2016-10-14');
  if (!Array.isArray(args) || (!allAttributes && typeof args === 'string')) fail('get_attr', 'Argument to "get_attr" must be a list');
  if (args.length < (allAttributes ? 1 : 2)) {
    fail('get_attr', allAttributes
      ? 'Arguments to "get_attr" can be of the next forms: [resource_name] or [resource_name, attribute, (path), ...]'
      : 'Arguments to "get_attr" must be of the form [resource_name, attribute, (path), ...]');
  }
  const name = r(args[0]);
  if (typeof name !== 'string' || !scope.hasResource(name)) fail('get_attr', `The specified reference "${pythonStr(name)}" (in unknown) is incorrect.`);
  // No resource exists at validate time: every attribute is None.
  return scope.attribute ? scope.attribute(name, r(args.slice(1)) as unknown[]) : null;
}

/** list_join before 2016-10-14: one list of strings. */
function join(args: unknown, r: (v: unknown) => unknown): string {
  const example = '"list_join" : [ " ", [ "str1", "str2"]]';
  if (!Array.isArray(args)) fail('list_join', `Incorrect arguments to "list_join" should be: ${example}`);
  if (args.length !== 2) fail('list_join', `Incorrect arguments to "list_join" should be: ${example}`);
  let strings = r(args[1]);
  if (strings === null) strings = [];
  if (!isList(strings)) fail('list_join', '"list_join" must operate on a list');
  const delim = r(args[0]);
  if (typeof delim !== 'string') fail('list_join', '"list_join" delimiter must be a string');
  return strings.map((s) => {
    if (s === null) return '';
    if (typeof s !== 'string') fail('list_join', `Items to join must be strings not ${pyRepr(s).slice(0, 200)}`);
    return s;
  }).join(delim);
}

/** list_join from 2016-10-14: several lists; maps and lists are joined as their JSON. */
function joinMultiple(args: unknown, r: (v: unknown) => unknown): string {
  const example = '"list_join" : [ " ", [ "str1", "str2"] ...]';
  if (!Array.isArray(args)) fail('list_join', `Incorrect arguments to "list_join" should be: ${example}`);
  if (args.length < 2) fail('list_join', `Incorrect arguments to "list_join" should be: ${example}`);
  const strings: unknown[] = [];
  for (const jl of r(args.slice(1)) as unknown[]) {
    if (!pythonTruthy(jl)) continue;
    if (!isList(jl)) fail('list_join', '"list_join" must operate on a list');
    strings.push(...jl);
  }
  const delim = r(args[0]);
  if (typeof delim !== 'string') fail('list_join', '"list_join" delimiter must be a string');
  return strings.map((s) => {
    if (s === null) return '';
    if (typeof s === 'string') return s;
    if (Array.isArray(s) || isMapping(s)) return pythonJsonDumps(s, true);
    return fail('list_join', `Items to join must be string, map or list not ${pyRepr(s).slice(0, 200)}`);
  }).join(delim);
}

type ReplaceMode = 'plain' | 'json' | 'strict' | 'vstrict';

/** str_replace and its strict variants (Replace, ReplaceJson, ReplaceJsonStrict, ReplaceJsonVeryStrict). */
function replace(fn: string, args: unknown, r: (v: unknown) => unknown, mode: ReplaceMode): string {
  if (!isMapping(args)) fail(fn, `Arguments to "${fn}" must be a map`);
  if (!('params' in args) || !('template' in args)) {
    fail(fn, `"${fn}" syntax should be ${fn}:\n              template: This is var1 template var2\n              params:\n                var1: a\n                var2: string`);
  }
  if (!isMapping(args.params)) fail(fn, `"${fn}" parameters must be a mapping`);
  const template = r(args.template);
  const mapping = r(args.params);
  if (typeof template !== 'string') fail(fn, `"${fn}" template must be a string`);
  if (!isMapping(mapping)) fail(fn, `"${fn}" params must be a map`);
  const allowEmpty = mode !== 'vstrict';
  const emptyError = (param: string): never => fail(fn, `${fn} has an undefined or empty value for param ${param}, must be a defined non-empty value`);
  const replacement = (value: unknown, param: string): string => {
    if (value === null) return allowEmpty ? '' : emptyError(param);
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      if (mode === 'plain') fail(fn, `"${fn}" params must be strings or numbers, param ${param} is not valid`);
      if (!allowEmpty && ((Array.isArray(value) && value.length === 0) || (isMapping(value) && Object.keys(value).length === 0))) emptyError(param);
      return pythonJsonDumps(value, true);
    }
    const text = pythonStr(value);
    if (!allowEmpty && text === '') emptyError(param);
    return text;
  };
  // Longer placeholders first, then in code-point order; a replaced value is never scanned again.
  const keys = placeholderOrder(Object.keys(mapping));
  const unreplaced = new Set(keys);
  const substitute = (strings: string[], i: number): string[] => {
    if (i === keys.length) return strings;
    const placeholder = keys[i]!;
    const value = replacement(mapping[placeholder], placeholder);
    return strings.map((s) => {
      const parts = s.split(placeholder);
      if (parts.length > 1) unreplaced.delete(placeholder);
      return substitute(parts, i + 1).join(value);
    });
  };
  const out = substitute([template], 0)[0]!;
  if ((mode === 'strict' || mode === 'vstrict') && unreplaced.size > 0) {
    fail(fn, `The following params were not found in the template: ${placeholderOrder([...unreplaced]).join(',')}`);
  }
  return out;
}

function mapMerge(args: unknown): Record<string, unknown> {
  if (!isSequence(args)) fail('map_merge', 'Incorrect arguments to "map_merge" should be: "map_merge" : [ { "key1": "val1" }, { "key2": "val2" } ]');
  const out: Record<string, unknown> = {};
  for (const m of args) {
    if (m === null) continue;
    if (!isMapping(m)) fail('map_merge', 'Incorrect arguments: Items to merge must be maps.');
    Object.assign(out, m);
  }
  return out;
}

function mapReplace(args: unknown): Record<string, unknown> {
  const example = '"map_replace" : [ { "key1": "val1" }, {"keys": {"key1": "key2"}, "values": {"val1": "val2"}}]';
  const incorrect = (): never => fail('map_replace', `Incorrect arguments to "map_replace" should be: ${example}`);
  const ensureMap = (m: unknown): Record<string, unknown> => {
    if (m === null || m === undefined) return {};
    if (isMapping(m)) return m;
    return fail('map_replace', `Incorrect arguments: to "map_replace", arguments must be a list of maps. Example:  ${example}`);
  };
  if (!Array.isArray(args) || args.length !== 2) return incorrect();
  const inMap = ensureMap(args[0]);
  const replMap = ensureMap(args[1]);
  if (Object.keys(replMap).some((k) => k !== 'keys' && k !== 'values')) incorrect();
  const keys = ensureMap(replMap.keys ?? {});
  const values = ensureMap(replMap.values ?? {});
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(inMap)) {
    let key = keys[k];
    if (key === undefined || key === null) key = k;
    else if (typeof key === 'string' && Object.hasOwn(inMap, key) && key !== k) fail('map_replace', `key replacement ${key} collides with a key in the input map`);
    else if (typeof key === 'string' && Object.hasOwn(out, key)) fail('map_replace', `key replacement ${key} collides with a key in the output map`);
    // repl_values.get(v, v): only a hashable value can be looked up (a list or map is passed as is).
    const value = typeof v === 'string' && Object.hasOwn(values, v) ? values[v] : v;
    out[typeof key === 'string' ? key : pythonStr(key)] = value;
  }
  return out;
}

function listConcat(fn: string, args: unknown, unique: boolean): unknown[] {
  if (!isList(args)) fail(fn, `Incorrect arguments to "${fn}" should be: "${fn}" : [ [ <value 1>, <value 2> ], [ <value 3>, <value 4> ] ]`);
  const out: unknown[] = [];
  for (const m of args) {
    if (m === null) continue;
    if (!isList(m)) {
      fail(fn, `Incorrect arguments: Items to concat must be lists. ${pythonJsonDumps(args)} contains an item that is not a list: ${pythonJsonDumps(m)}`);
    }
    out.push(...m);
  }
  if (!unique) return out;
  const kept: unknown[] = [];
  for (const item of out) if (!pythonIn(item, kept)) kept.push(item);
  return kept;
}

/** repeat: Repeat (lists, every permutation), RepeatWithMap (2016-10-14: maps too), RepeatWithNestedLoop (2017-09-01: `permutations`). */
function repeat(args: unknown, r: (v: unknown) => unknown, scope: StackScope): unknown[] {
  if (!isMapping(args)) fail('repeat', 'Arguments to "repeat" must be a map');
  if (!('for_each' in args) || !('template' in args)) {
    fail('repeat', `"repeat" syntax should be repeat:\n              template: This is %var%\n              for_each:\n                %var%: ['a', 'b', 'c']`);
  }
  const withMaps = since(scope, '2016-10-14');
  let nested = true;
  if (since(scope, '2017-09-01') && 'permutations' in args) {
    if (typeof args.permutations !== 'boolean') fail('repeat', '"permutations" should be boolean type for repeat function.');
    nested = args.permutations;
  }
  if (callName(args.for_each, scope, false) === undefined && !isMapping(args.for_each)) {
    fail('repeat', 'The "for_each" argument to "repeat" must contain a map');
  }
  const forEach = r(args.for_each);
  if (!isMapping(forEach) || Object.keys(forEach).length === 0) fail('repeat', 'not enough values to unpack (expected 2, got 0)');
  const keys = Object.keys(forEach);
  const lists: unknown[][] = [];
  for (const k of keys) {
    const value = forEach[k];
    if (value === null) {
      lists.push([]);
      continue;
    }
    const mapsAllowed = withMaps && nested;
    if (!(isList(value) || (mapsAllowed && isMapping(value)))) {
      fail('repeat', `The values of the "for_each" argument to "repeat" must be ${mapsAllowed ? 'lists or maps' : 'lists'}`);
    }
    lists.push(isList(value) ? value : Object.keys(value));
  }
  if (!nested && new Set(lists.filter((_, i) => forEach[keys[i]!] !== null).map((l) => l.length)).size > 1) {
    fail('repeat', 'For repeat, the length of for_each values should be equal if no nested loop.');
  }
  const template = r(args.template);
  const combos = nested ? product(lists) : zip(lists);
  return combos.map((values) => substituteRepeat(keys, values, template));
}

function product(lists: unknown[][]): unknown[][] {
  return lists.reduce<unknown[][]>((acc, l) => acc.flatMap((c) => l.map((x) => [...c, x])), [[]]);
}

function zip(lists: unknown[][]): unknown[][] {
  const n = lists.length === 0 ? 0 : Math.min(...lists.map((l) => l.length));
  return Array.from({ length: n }, (_, i) => lists.map((l) => l[i]));
}

function substituteRepeat(keys: string[], values: unknown[], template: unknown): unknown {
  if (typeof template === 'string') {
    let t = template;
    keys.forEach((k, i) => {
      const v = values[i];
      if (typeof v !== 'string') fail('repeat', `replace() argument 2 must be str, not ${pyTypeName(v)}`);
      t = t.split(k).join(v);
    });
    return t;
  }
  if (Array.isArray(template)) return template.map((e) => substituteRepeat(keys, values, e));
  if (isMapping(template)) {
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [substituteRepeat(keys, values, k) as string, substituteRepeat(keys, values, v)]));
  }
  return template;
}

/** hashlib names and their Node names (hashlib.new takes them in any case). */
const DIGESTS: Record<string, string> = {
  md5: 'md5', sha1: 'sha1', sha224: 'sha224', sha256: 'sha256', sha384: 'sha384', sha512: 'sha512',
  sha3_224: 'sha3-224', sha3_256: 'sha3-256', sha3_384: 'sha3-384', sha3_512: 'sha3-512',
  blake2b: 'blake2b512', blake2s: 'blake2s256', sha512_224: 'sha512-224', sha512_256: 'sha512-256',
  'md5-sha1': 'md5-sha1', ripemd160: 'ripemd160', sm3: 'sm3',
};

function digest(args: unknown): string {
  if (!Array.isArray(args) || !args.every((a) => typeof a === 'string')) fail('digest', 'Argument to function "digest" must be a list of strings');
  if (args.length !== 2) fail('digest', 'Function "digest" usage: ["<algorithm>", "<value>"]');
  const [algorithm, value] = args as [string, string];
  const name = DIGESTS[algorithm.toLowerCase()];
  if (name === undefined) fail('digest', `Algorithm must be one of ${Object.keys(DIGESTS).join(', ')}`);
  // value.encode('latin-1')
  if (/[^\u0000-\u00ff]/.test(value)) fail('digest', `'latin-1' codec can't encode characters in the value`);
  return createHash(name).update(Buffer.from(value, 'latin1')).digest('hex');
}

function strSplit(args: unknown, r: (v: unknown) => unknown): unknown {
  const example = '"str_split" : [ ",", "apples,pears", <index>]';
  if (typeof args === 'string' || isMapping(args)) fail('str_split', `Incorrect arguments to "str_split" should be: ${example}`);
  const a = r(args);
  if (!isList(a) || a.length < 2) fail('str_split', `Incorrect arguments to "str_split" should be: ${example}`);
  const [delim, text, ...rest] = a;
  if (text === null) return null;
  if (typeof text !== 'string') fail('str_split', `'${pyTypeName(text)}' object has no attribute 'split'`);
  if (typeof delim !== 'string') fail('str_split', `must be str or None, not ${pyTypeName(delim)}`);
  if (delim === '') fail('str_split', 'empty separator');
  const parts = text.split(delim);
  if (rest.length === 0) return parts;
  const raw = rest[0];
  const index = typeof raw === 'number' && Number.isInteger(raw) ? raw : typeof raw === 'string' ? pythonInt(raw) : typeof raw === 'boolean' ? Number(raw) : undefined;
  if (index === undefined) fail('str_split', `Incorrect index to "str_split" should be: ${example}`);
  const i = index < 0 ? parts.length + index : index;
  if (i < 0 || i >= parts.length) fail('str_split', `Incorrect index to "str_split" should be between 0 and ${parts.length - 1}`);
  return parts[i];
}

function yaql(args: unknown, r: (v: unknown) => unknown, scope: StackScope): unknown {
  if (!isMapping(args)) fail('yaql', 'Arguments to "yaql" must be a map.');
  if (!('expression' in args) || Object.keys(args).some((k) => k !== 'expression' && k !== 'data')) {
    fail('yaql', '"yaql" syntax should be yaql:\n              expression: $.data.var1.sum()\n              data:\n                var1: [3, 2, 1]');
  }
  const expression = r(args.expression);
  if (typeof expression !== 'string') fail('yaql', 'The "expression" argument to yaql must contain a string.');
  const data = r('data' in args ? args.data : {});
  try {
    return fromPython(evaluateYaql(expression, data, scope.yaql));
  } catch (e) {
    if (e instanceof YaqlError) fail('yaql', e.message);
    throw e;
  }
}

/** if: a Macro, so the branch not taken is never evaluated; from 2021-04-16 the false branch may be left out. */
function ifFunction(args: unknown, scope: StackScope, inCondition: boolean): unknown {
  const nullable = since(scope, '2021-04-16');
  const shape = 'Arguments to "if" must be of the form: [condition_name, value_if_true, value_if_false]';
  if (!Array.isArray(args) || args.length === 0) fail('if', shape);
  if (!(args.length === 3 || (nullable && args.length === 2))) fail('if', shape);
  const cond = resolve(args[0], scope, true, false);
  const chosen = conditionValue(cond, scope) ? args[1] : args.length === 3 ? args[2] : OMITTED;
  return chosen === OMITTED ? OMITTED : resolve(chosen, scope, inCondition, true);
}

function filter(args: unknown, r: (v: unknown) => unknown): unknown {
  if (!isList(args)) fail('filter', 'Argument to "filter" must be a list');
  if (args.length !== 2) fail('filter', `"filter" expected 2 arguments of the form [values, sequence] but got ${args.length} arguments instead`);
  const sequence = r(args[1]);
  if (!pythonTruthy(sequence)) return sequence;
  if (!isList(sequence)) fail('filter', '"filter" only works with lists');
  const values = r(args[0]);
  if (!pythonTruthy(values)) return sequence;
  if (!isList(values)) fail('filter', '"filter" filters a list of values');
  return sequence.filter((i) => !pythonIn(i, values));
}

const USES_NETLOC = new Set(['', 'ftp', 'http', 'gopher', 'nntp', 'telnet', 'imap', 'wais', 'file', 'mms', 'https', 'shttp', 'snews',
  'prospero', 'rtsp', 'rtspu', 'rsync', 'svn', 'svn+ssh', 'sftp', 'nfs', 'git', 'git+ssh', 'ws', 'wss']);

/** urllib.parse.quote: UTF-8 bytes, letters, digits and `_.-~` plus `safe` kept. */
function quote(s: string, safe: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9_.\-~]/.test(c) || (byte < 0x80 && safe.includes(c)) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const quotePlus = (s: string): string => quote(s, ' ').replace(/ /g, '+');

function makeUrl(args: unknown): string {
  if (!isMapping(args)) fail('make_url', 'The arguments to "make_url" must be a map');
  const keys = ['scheme', 'username', 'password', 'host', 'port', 'path', 'query', 'fragment'];
  const invalid = Object.keys(args).filter((k) => !keys.includes(k));
  if (invalid.length > 0) fail('make_url', `Invalid arguments to "make_url": ${invalid.join(', ')}`);
  const str = (k: string): string => {
    const v = args[k] ?? '';
    if (typeof v !== 'string') fail('make_url', `The "${k}" argument to "make_url" must be a string`);
    return v;
  };
  if ('query' in args && !isMapping(args.query)) fail('make_url', 'The "query" argument to "make_url" must be a map');
  let port = '';
  if ('port' in args) {
    const p = args.port;
    const n = typeof p === 'number' && Number.isInteger(p) ? p : typeof p === 'string' ? pythonInt(p) : undefined;
    if (n === undefined) fail('make_url', `Invalid URL port "${pythonStr(p)}" for make_url called with ${pyRepr(args)}`);
    if (!(n > 0 && n <= 65535)) fail('make_url', `Invalid URL port ${n}, must be in range 1-65535`);
    port = pythonStr(p);
  }
  const scheme = str('scheme');
  if (scheme.includes(':')) fail('make_url', 'URL "scheme" should not contain \':\'');
  const username = quote(str('username'), '');
  const password = quote(str('password'), '');
  let netloc = '';
  if (username || password) netloc += `${username}${password ? `:${password}` : ''}@`;
  let host = str('host');
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  host = quote(host, ':');
  netloc += host.includes(':') ? `[${host}]` : host;
  if (port) netloc += `:${port}`;
  let url = quote(str('path'), '/');
  const query = Object.entries(isMapping(args.query) ? args.query : {})
    .map(([k, v]) => `${quotePlus(k)}=${quotePlus(pythonStr(v))}`).join('&').replace(/%2F/g, '/');
  const fragment = quote(str('fragment'), '/');
  // urllib.parse.urlunsplit
  if (netloc || (scheme && USES_NETLOC.has(scheme) && url.slice(0, 2) !== '//')) {
    if (url && !url.startsWith('/')) url = `/${url}`;
    url = `//${netloc}${url}`;
  }
  if (scheme) url = `${scheme}:${url}`;
  if (query) url += `?${query}`;
  if (fragment) url += `#${fragment}`;
  return url;
}
