/**
 * How Heat turns raw values into parameter values, and a parent's property
 * values into a nested stack's parameters:
 *
 *   - parameterValue: heat/engine/parameters.py `Parameter.value()` per type
 *     (what get_param returns in that stack);
 *   - childParameter: a property of a template resource, whose schema follows
 *     the nested template's parameter (properties.py `Schema.from_parameter`:
 *     no default), read as `TemplateResource.child_params` reads it: the
 *     value converted by `Property.get_value`, and when that conversion (or
 *     the function computing the value) fails in the INIT action, the type's
 *     empty value (`get_value(None)`); then a list becomes a comma-joined
 *     string.
 */
import { isMapping } from '../load/values.js';
import { isNumber } from '../yaml/python.js';
import { numberFromText } from '../yaml/python-numbers.js';
import { boolFromString, PROPERTY_BOOLEAN_STRINGS } from './booleans.js';
import { HeatFunctionError, OMITTED } from './evaluate.js';
import { pythonJsonDumps, pythonStr, pyTypeName } from './python-data.js';
import type { HotParamType, HotTemplate } from './template.js';

/** Schema.str_to_num: a number stays, a string is int() or else float(); undefined where both raise. */
function strToNum(v: unknown): unknown {
  if (isNumber(v) || typeof v === 'boolean') return v;
  return typeof v === 'string' ? numberFromText(v) : undefined;
}

/** param_utils.delim_string_to_list (no stripping: 'a, b' is ['a', ' b']). */
const delimStringToList = (s: string): string[] => (s === '' ? [] : s.split(','));

/**
 * A parameter's value from its raw value (the user's, else the default), as
 * `Parameter.value()` gives it; a raw value Heat would reject at validation
 * is returned as it is.
 */
export function parameterValue(type: HotParamType, raw: unknown): unknown {
  switch (type) {
    case 'string':
      return raw === null ? raw : pythonStr(raw);
    case 'number':
      return strToNum(raw) ?? raw;
    case 'boolean':
      // strutils.bool_from_string(str(v), strict=True); where it raises, the value stays.
      return boolFromString(pythonStr(raw)) ?? raw;
    case 'comma_delimited_list':
      if (Array.isArray(raw)) return raw.map((x) => pythonStr(x));
      return typeof raw === 'string' ? delimStringToList(raw) : raw;
    case 'json':
      // A string is parsed (an empty one stays ''), anything else taken as it is (json round trip).
      if (typeof raw !== 'string' || raw === '') return raw;
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        return raw;
      }
  }
}

/** Property.get_value(value) for a property made from a parameter of this type; throws where Heat raises. */
function propertyValue(type: HotParamType, value: unknown): unknown {
  switch (type) {
    case 'string':
      if (value === null) return '';
      if (typeof value === 'string') return value;
      if (typeof value === 'boolean' || (typeof value === 'number' && Number.isInteger(value))) return pythonStr(value);
      throw new HeatFunctionError(`Value must be a string; got ${pythonStr(value)}`);
    case 'number': {
      if (value === null) return 0;
      const n = strToNum(value);
      if (n === undefined) throw new HeatFunctionError(`could not convert ${pyTypeName(value)} to float: ${pythonStr(value)}`);
      return n;
    }
    case 'json':
      if (value === null) return {};
      if (isMapping(value) || typeof value === 'string') return value;
      if (Array.isArray(value)) return pythonJsonDumps(value);
      throw new HeatFunctionError(`"${pythonStr(value)}" is not a map`);
    case 'comma_delimited_list': {
      if (value === null) return [];
      const list = typeof value === 'string' ? delimStringToList(value) : value;
      if (!Array.isArray(list)) throw new HeatFunctionError(`"${pythonStr(value)}" is not a list`);
      return list;
    }
    case 'boolean':
      if (value === null) return false;
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && PROPERTY_BOOLEAN_STRINGS.includes(value.toLowerCase())) return value.toLowerCase() === 'true';
      throw new HeatFunctionError(`"${pythonStr(value)}" is not a valid boolean`);
  }
}

/**
 * What a nested stack's parameter of this type receives from its parent's
 * property. `compute` evaluates the property (its functions may throw a
 * HeatFunctionError): Heat, validating (the INIT action), then gives the
 * type's empty value instead, which still shadows `parameter_defaults`.
 */
function childParameter(type: HotParamType, compute: () => unknown): unknown {
  let value: unknown;
  try {
    const v = compute();
    // An `if` without a false branch that is false: the property is not passed.
    if (v === OMITTED) return undefined;
    value = propertyValue(type, v);
  } catch (e) {
    if (!(e instanceof HeatFunctionError)) throw e;
    value = propertyValue(type, null);
  }
  if (type !== 'comma_delimited_list') return value;
  const list = value as unknown[];
  if (list.length === 0) return '';
  if (isMapping(list[0])) {
    return list.flatMap((item, i) => Object.entries(item as Record<string, unknown>).map(([k, v]) => `.member.${i}.${k}=${pythonStr(v)}`)).join(',');
  }
  return list.map((x) => {
    if (x === null) return '';
    if (typeof x !== 'string') throw new HeatFunctionError(`sequence item: expected str instance, ${pyTypeName(x)} found`);
    return x;
  }).join(',');
}

/**
 * The parameters a nested stack receives from its parent resource's
 * properties (`TemplateResource.child_params`): one per parameter of the
 * nested template that the properties set, `resolve` computing each
 * property's value in the parent (its functions evaluated there). Throws a
 * HeatFunctionError where Heat's validate itself fails.
 */
export function nestedStackParameters(
  properties: Record<string, unknown>,
  nested: HotTemplate,
  resolve: (value: unknown) => unknown,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const def of nested.parameters.values()) {
    if (!Object.hasOwn(properties, def.name)) continue;
    const v = childParameter(def.type, () => resolve(properties[def.name]));
    if (v !== undefined) out[def.name] = v;
  }
  return out;
}
