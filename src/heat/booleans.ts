/**
 * Heat's boolean strings: the one table every reader of a boolean parameter
 * value shares (the walk's parameter parsing, the JSON Schema of schema and
 * validate, the template model's flags).
 *
 * Boolean parameters are parsed by oslo's strutils.bool_from_string with
 * strict=True (heat/engine/parameters.py BooleanParam), case-insensitively.
 * A resource's boolean *property* is stricter (heat/engine/properties.py
 * `_get_bool`: only 'true' and 'false'), which is why PROPERTY_BOOLEAN_STRINGS
 * is separate.
 */

/** oslo_utils.strutils TRUE_STRINGS and FALSE_STRINGS, each true string beside its opposite. */
export const TRUE_STRINGS: readonly string[] = ['true', 'yes', 'on', 't', 'y', '1'];
export const FALSE_STRINGS: readonly string[] = ['false', 'no', 'off', 'f', 'n', '0'];

/** What a boolean property accepts as a string. */
export const PROPERTY_BOOLEAN_STRINGS: readonly string[] = ['true', 'false'];

/** bool_from_string(s, strict=True): the boolean, or undefined for a string it rejects (it strips the string first). */
export function boolFromString(s: string): boolean | undefined {
  const l = s.trim().toLowerCase();
  if (TRUE_STRINGS.includes(l)) return true;
  if (FALSE_STRINGS.includes(l)) return false;
  return undefined;
}
