/**
 * The Python objects that exist only inside templates, beside the data
 * model of src/yaml/python.ts: jinja2's Undefined, markupsafe's Markup,
 * range, generators, dict views and callables (functions, bound methods,
 * macros). Calls follow Python's convention: positional arguments and
 * ordered keyword arguments.
 */
import { int, PY_HASH, PyDict, tuple as tupleOf } from '../../yaml/python.js';
import { undefinedError, type PyException } from './exceptions.js';

export type Kwargs = Map<string, unknown>;

/** jinja2's default `Undefined`: empty when printed or iterated, an error for anything else. */
export class Undefined {
  constructor(
    readonly hint?: string,
    /** The object whose attribute or item was missing (MISSING for a plain name). */
    readonly obj: unknown = MISSING,
    readonly name?: unknown,
    readonly exception: (message: string) => PyException = undefinedError,
  ) {}

  /** jinja2's `_undefined_message`. */
  get message(): string {
    if (this.hint) return this.hint;
    if (this.obj === MISSING) return `${describe.repr(this.name)} is undefined`;
    if (typeof this.name !== 'string') return `${objectTypeRepr(this.obj)} has no element ${describe.repr(this.name)}`;
    return `'${objectTypeRepr(this.obj)}' has no attribute ${describe.repr(this.name)}`;
  }

  fail(): never {
    throw this.exception(this.message);
  }

  /** Undefined values hash alike (by type) and are equal to each other. */
  [PY_HASH](): unknown {
    return UNDEFINED_HASH;
  }
}
const UNDEFINED_HASH = Symbol('Undefined');

/** jinja2's `missing` sentinel: a name not (yet) bound. */
export const MISSING: unique symbol = Symbol('missing');

/** markupsafe.Markup: a str that is safe HTML; operations on it escape their other operands. */
export class Markup {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
  /** A Markup string is the same dict key as the plain string. */
  [PY_HASH](): unknown {
    return this.value;
  }
}

/** Python's `range`: lazy, so `range(10**9)` costs nothing until it is walked; bounds may be big ints. */
export class PyRange {
  /** The number of items as a JS number (exact below 2**53, which is all a loop can walk). */
  readonly length: number;
  /** The exact number of items (`len()`). */
  readonly size: number | bigint;
  private readonly big: boolean;
  constructor(
    readonly start: number | bigint,
    readonly stop: number | bigint,
    readonly step: number | bigint,
  ) {
    this.big = typeof start === 'bigint' || typeof stop === 'bigint' || typeof step === 'bigint';
    if (!this.big) {
      const [a, b, s] = [start as number, stop as number, step as number];
      this.length = Math.max(0, s > 0 ? Math.ceil((b - a) / s) : Math.ceil((a - b) / -s));
      this.size = this.length;
    } else {
      const [a, b, s] = [BigInt(start), BigInt(stop), BigInt(step)];
      const span = s > 0n ? b - a : a - b;
      const size = span <= 0n ? 0n : (span + (s > 0n ? s : -s) - 1n) / (s > 0n ? s : -s);
      this.size = int(size);
      this.length = Number(size);
    }
  }
  at(i: number | bigint): number | bigint {
    if (!this.big && typeof i === 'number') return (this.start as number) + i * (this.step as number);
    return int(BigInt(this.start) + BigInt(i) * BigInt(this.step));
  }
  /** The index of the int x among the items, or -1: arithmetic, as CPython's range does it for an int. */
  indexOf(x: number | bigint): number | bigint {
    const [a, b, s, v] = [BigInt(this.start), BigInt(this.stop), BigInt(this.step), BigInt(x)];
    const inside = s > 0n ? a <= v && v < b : b < v && v <= a;
    return inside && (v - a) % s === 0n ? int((v - a) / s) : -1;
  }
  *[Symbol.iterator](): Generator<number | bigint> {
    if (!this.big) {
      const [a, s] = [this.start as number, this.step as number];
      for (let i = 0; i < this.length; i++) yield a + i * s;
    } else for (let i = 0n; i < BigInt(this.size); i++) yield this.at(i);
  }
  /** The items from the last, lazily (reversed()). */
  *reversed(): Generator<number | bigint> {
    for (let i = BigInt(this.size) - 1n; i >= 0n; i--) yield this.at(i);
  }
  [PY_HASH](): unknown {
    return `range(${this.start},${this.stop},${this.step})`;
  }
}

/** A Python iterator (a generator, say): walked once. */
export class PyIterator {
  constructor(
    readonly iterator: Iterator<unknown>,
    readonly typeName = 'generator',
    /** The generator function's name, which repr shows. */
    readonly name?: string,
  ) {}
  [Symbol.iterator](): Iterator<unknown> {
    return this.iterator;
  }
  [PY_HASH](): unknown {
    return this;
  }
}

/** `d.keys()`, `d.values()`, `d.items()`: live views of a dict. */
export class DictView {
  constructor(
    readonly dict: PyDict,
    readonly view: 'keys' | 'values' | 'items',
  ) {}
  *[Symbol.iterator](): Generator<unknown> {
    if (this.view === 'keys') yield* this.dict.keys();
    else if (this.view === 'values') yield* this.dict.values();
    else for (const [k, v] of this.dict.items()) yield tupleOf([k, v]);
  }
}

/** Anything a template can call. */
export abstract class PyCallable {
  /** `context` is the calling template's (macros read its autoescape setting). */
  abstract call(args: unknown[], kwargs: Kwargs | null, context?: unknown): unknown;
  abstract get repr(): string;
  [PY_HASH](): unknown {
    return this;
  }
}

/** A built-in function, class or bound method. */
export class Builtin extends PyCallable {
  constructor(
    readonly repr: string,
    private readonly fn: (args: unknown[], kwargs: Kwargs | null) => unknown,
    /** Attributes a template can read on it (a class's methods, say). */
    readonly attributes?: Record<string, unknown>,
  ) {
    super();
  }
  call(args: unknown[], kwargs: Kwargs | null): unknown {
    return this.fn(args, kwargs);
  }
}

/** `<built-in method upper of str object at 0x...>` */
export function boundMethod(name: string, owner: string, fn: (args: unknown[], kwargs: Kwargs | null) => unknown): Builtin {
  return new Builtin(`<built-in method ${name} of ${owner} object at ${FAKE_ADDRESS}>`, fn);
}

/** CPython prints object addresses, which differ from run to run; tht prints a fixed one. */
export const FAKE_ADDRESS = '0x7f0000000000';

/** How the printer names values; py.ts fills it in (values.ts cannot import it without a cycle). */
export const describe = {
  repr: (v: unknown): string => String(v),
  typeName: (v: unknown): string => typeof v,
};

/** jinja2's `object_type_repr`: `dict object`, `None`, ... */
export function objectTypeRepr(obj: unknown): string {
  if (obj === null) return 'None';
  const module = obj instanceof Markup ? 'markupsafe' : obj instanceof Undefined ? 'jinja2.runtime' : (obj as { pyModule?: string } | undefined)?.pyModule;
  const name = describe.typeName(obj);
  return module ? `${module}.${name} object` : `${name} object`;
}


/** A Python `slice` object, which a constant-folded `x[a:b]` hands to getitem. */
export class PySlice {
  readonly pyTypeName = 'slice';
  constructor(
    readonly start: unknown,
    readonly stop: unknown,
    readonly step: unknown,
  ) {}
  get repr(): string {
    const r = (v: unknown) => (v === null ? 'None' : describe.repr(v));
    return `slice(${r(this.start)}, ${r(this.stop)}, ${r(this.step)})`;
  }
}
