import { describe, expect, it } from 'vitest';
import { float, int, isFloat, isInt, PyDict, PyFloat, PyTuple, tuple, UnhashableKeyError } from '../src/yaml/python.js';

describe('Python value model', () => {
  it('boxes only integral floats and keeps bigints outside the safe range', () => {
    expect(float(0.5)).toBe(0.5);
    expect(float(1)).toBeInstanceOf(PyFloat);
    expect(isFloat(float(-0))).toBe(true);
    expect(isFloat(1)).toBe(false);
    expect(isInt(2n ** 60n)).toBe(true);
    expect(int(5n)).toBe(5);
    expect(int(2 ** 60)).toBe(2n ** 60n);
  });

  it('makes tuples frozen arrays whose map gives a list', () => {
    const t = tuple(['a', 1]);
    expect(t).toBeInstanceOf(PyTuple);
    expect(Array.isArray(t)).toBe(true);
    expect(Object.isFrozen(t)).toBe(true);
    expect(t.map((x) => x)).not.toBeInstanceOf(PyTuple);
  });

  it('treats keys equal in Python as one key, keeping the first key object and the order', () => {
    const d = new PyDict([[1, 'a'], ['1', 'b']]);
    d.set(true, 'c');
    d.set(new PyFloat(1), 'd');
    d.set(tuple(['x', 2]), 'e');
    expect([...d.items()]).toEqual([[1, 'd'], ['1', 'b'], [tuple(['x', 2]), 'e']]);
    expect(d.get(tuple(['x', new PyFloat(2)]))).toBe('e');
    expect(d.get(2 ** 60)).toBeUndefined();
    d.set(2n ** 60n, 'big');
    expect(d.get(new PyFloat(2 ** 60))).toBe('big');
  });

  it('refuses unhashable keys with Python\'s message', () => {
    expect(() => new PyDict().set([1], 2)).toThrow(UnhashableKeyError);
    expect(() => new PyDict().set(new PyDict(), 2)).toThrow("unhashable type: 'dict'");
  });
});
