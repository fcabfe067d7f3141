/**
 * Python's set algebra on PySet: the methods of `set` and the operators
 * jinja2 compiles to Python's (`-`, `<`, `<=`, `>`, `>=`).
 *
 * Order: a PySet iterates in insertion order (CPython's follows hashes, see
 * README), so a union lists the left operand's members first, in its order,
 * then the arguments' in theirs; a method that removes keeps the order of
 * what is left; an intersection the order of the set it walks.
 */
import { PySet } from '../../yaml/python.js';
import { argCount, noKeywords } from './args.js';
import { keyError } from './exceptions.js';
import { iterate, pyRepr } from './py.js';
import type { Kwargs } from './values.js';

type Impl = (args: unknown[], kwargs: Kwargs | null) => unknown;

/** `set(x)` of a method's argument: a PySet as it is, any other iterable collected. */
const asSet = (v: unknown): PySet => (v instanceof PySet ? v : new PySet(iterate(v)));

export const union = (s: PySet, others: unknown[]): PySet => {
  const out = new PySet(s);
  for (const o of others) for (const x of iterate(o)) out.add(x);
  return out;
};

/**
 * Which of two equal members survives is observable (`{1} & {True}`), so this
 * walks what CPython walks: the smaller of two sets (the argument on a tie),
 * or the argument when it is not a set, keeping the walked members.
 */
function intersectOne(s: PySet, other: unknown): PySet {
  if (other instanceof PySet && other.size > s.size) return new PySet([...s].filter((x) => other.has(x)));
  const out = new PySet();
  for (const x of iterate(other)) if (s.has(x)) out.add(x);
  return out;
}

export const intersection = (s: PySet, others: unknown[]): PySet => others.reduce<PySet>(intersectOne, new PySet(s));

export const difference = (s: PySet, others: unknown[]): PySet => {
  const sets = others.map(asSet);
  return new PySet([...s].filter((x) => !sets.some((o) => o.has(x))));
};

export const symmetricDifference = (s: PySet, other: unknown): PySet => {
  const o = asSet(other);
  return new PySet([...[...s].filter((x) => !o.has(x)), ...[...o].filter((x) => !s.has(x))]);
};

export const isSubset = (s: PySet, other: PySet): boolean => s.size <= other.size && [...s].every((x) => other.has(x));

/** `a < b` and the others between two sets: inclusion, a partial order. */
export function compareSets(op: '<' | '<=' | '>' | '>=', a: PySet, b: PySet): boolean {
  switch (op) {
    case '<': return a.size < b.size && isSubset(a, b);
    case '<=': return isSubset(a, b);
    case '>': return a.size > b.size && isSubset(b, a);
    default: return isSubset(b, a);
  }
}

/** Replace a set's members by `members`, keeping the set object (the `*_update` methods). */
function replaceMembers(s: PySet, members: PySet): null {
  s.clear();
  for (const x of members) s.add(x);
  return null;
}

/** The implementation of `s.<name>`, or undefined when set has no such method. */
export function setMethod(s: PySet, name: string): Impl | undefined {
  const exactlyOne = (impl: (other: unknown) => unknown): Impl => (args, kwargs) => {
    noKeywords(`set.${name}`, kwargs);
    argCount(`set.${name}`, args, 1, 1);
    return impl(args[0]);
  };
  const none = (impl: () => unknown): Impl => (args, kwargs) => {
    noKeywords(`set.${name}`, kwargs);
    argCount(`set.${name}`, args, 0, 0);
    return impl();
  };
  const many = (impl: (others: unknown[]) => unknown): Impl => (args, kwargs) => {
    noKeywords(name, kwargs);
    return impl(args);
  };
  switch (name) {
    case 'union': return many((o) => union(s, o));
    case 'intersection': return many((o) => intersection(s, o));
    case 'difference': return many((o) => difference(s, o));
    case 'symmetric_difference': return exactlyOne((o) => symmetricDifference(s, o));
    case 'issubset': return exactlyOne((o) => isSubset(s, asSet(o)));
    case 'issuperset': return exactlyOne((o) => isSubset(asSet(o), s));
    case 'isdisjoint': return exactlyOne((o) => [...iterate(o)].every((x) => !s.has(x)));
    case 'copy': return none(() => new PySet(s));
    case 'update': return many((o) => replaceMembers(s, union(s, o)));
    case 'intersection_update': return many((o) => replaceMembers(s, intersection(s, o)));
    case 'difference_update': return many((o) => replaceMembers(s, difference(s, o)));
    case 'symmetric_difference_update': return exactlyOne((o) => replaceMembers(s, symmetricDifference(s, o)));
    case 'add': return exactlyOne((x) => (s.add(x), null));
    case 'discard': return exactlyOne((x) => (s.delete(x), null));
    case 'remove':
      return exactlyOne((x) => {
        if (!s.delete(x)) throw keyError(pyRepr(x));
        return null;
      });
    case 'pop':
      return none(() => {
        for (const x of s) {
          s.delete(x);
          return x;
        }
        throw keyError("'pop from an empty set'");
      });
    case 'clear': return none(() => (s.clear(), null));
    default: return undefined;
  }
}
