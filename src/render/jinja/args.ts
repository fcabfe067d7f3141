/**
 * Binding Python call arguments to a parameter list, with CPython's
 * TypeError messages, for the built-in functions, methods and filters.
 */
import { typeError } from './exceptions.js';
import type { Kwargs } from './values.js';

export interface Signature {
  /** Function name as Python reports it (`sync_do_join`, `str.split`). */
  name: string;
  /** Parameter names, in order. */
  params: string[];
  /** Default values of the last parameters. */
  defaults?: unknown[];
  /** Parameters that may not be passed by keyword (C methods): how many leading ones. */
  positionalOnly?: number;
  /** Collect extra positional arguments (`*args`) / keywords (`**kwargs`). */
  varargs?: boolean;
  varkw?: boolean;
}

export const NO_DEFAULT = Symbol('required');

export interface Bound {
  values: unknown[];
  varargs: unknown[];
  varkw: Kwargs;
}

/** Bind `args`/`kwargs` to `sig` like a Python function call. */
export function bind(sig: Signature, args: unknown[], kwargs: Kwargs | null): Bound {
  const { name, params } = sig;
  const defaults = sig.defaults ?? [];
  const firstDefault = params.length - defaults.length;
  const values: unknown[] = new Array(params.length).fill(NO_DEFAULT);
  const n = Math.min(args.length, params.length);
  for (let i = 0; i < n; i++) values[i] = args[i];
  const varargs = args.slice(params.length);
  if (varargs.length && !sig.varargs) {
    const max = params.length;
    const min = firstDefault;
    const given = args.length;
    const range = min === max ? `${max}` : `from ${min} to ${max}`;
    throw typeError(`${name}() takes ${range} positional argument${max === 1 && min === max ? '' : 's'} but ${given} ${given === 1 ? 'was' : 'were'} given`);
  }
  const varkw: Kwargs = new Map();
  if (kwargs) {
    for (const [k, v] of kwargs) {
      const i = params.indexOf(k);
      if (i < 0 || i < (sig.positionalOnly ?? 0)) {
        if (sig.varkw) {
          varkw.set(k, v);
          continue;
        }
        if (i >= 0) throw typeError(`${name}() got some positional-only arguments passed as keyword arguments: '${k}'`);
        throw typeError(`${name}() got an unexpected keyword argument '${k}'`);
      }
      if (values[i] !== NO_DEFAULT) throw typeError(`${name}() got multiple values for argument '${k}'`);
      values[i] = v;
    }
  }
  const missing: string[] = [];
  for (let i = 0; i < params.length; i++) {
    if (values[i] !== NO_DEFAULT) continue;
    if (i >= firstDefault) values[i] = defaults[i - firstDefault];
    else missing.push(params[i]!);
  }
  if (missing.length) {
    const names = missing.map((m) => `'${m}'`);
    const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
    throw typeError(`${name}() missing ${missing.length} required positional argument${missing.length === 1 ? '' : 's'}: ${list}`);
  }
  return { values, varargs, varkw };
}

/** Bind and return just the parameter values. */
export function bindValues(sig: Signature, args: unknown[], kwargs: Kwargs | null): unknown[] {
  return bind(sig, args, kwargs).values;
}

/** For C methods that take no keyword arguments: `str.replace() takes no keyword arguments`. */
export function noKeywords(name: string, kwargs: Kwargs | null): void {
  if (kwargs && kwargs.size) throw typeError(`${name}() takes no keyword arguments`);
}

/** C-style argument count check: `center expected at least 1 argument, got 0`. */
export function argCount(name: string, args: unknown[], min: number, max: number): void {
  if (args.length < min) {
    if (min === max) throw typeError(`${name}() takes exactly ${min === 1 ? 'one argument' : `${min} arguments`} (${args.length} given)`);
    throw typeError(`${name} expected at least ${min} argument${min === 1 ? '' : 's'}, got ${args.length}`);
  }
  if (args.length > max) {
    if (max === 0) throw typeError(`${name}() takes no arguments (${args.length} given)`);
    if (min === max) throw typeError(`${name}() takes exactly ${max === 1 ? 'one argument' : `${max} arguments`} (${args.length} given)`);
    throw typeError(`${name} expected at most ${max} argument${max === 1 ? '' : 's'}, got ${args.length}`);
  }
}
