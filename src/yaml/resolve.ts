/**
 * The one table of YAML 1.1 resolution rules, as PyYAML's Resolver has them
 * (and Heat's loader, which is PyYAML's SafeLoader underneath): which tag a
 * plain scalar gets from its text. `yes`/`on` are booleans, a float needs a
 * dot (`1e3` is a string), `010` is octal, `1:30` is sexagesimal, `~` and the
 * empty scalar are null, `<<` is a merge key, `2001-12-14` a timestamp.
 */

export const STR = 0;
export const INT = 1;
export const FLOAT = 2;
export const BOOL = 3;
export const NULL = 4;
export const TIMESTAMP = 5;
export const MERGE = 6;
/** `=`, PyYAML's "value key" tag: only meaningful as a mapping key. */
export const VALUE = 7;
export const BINARY = 8;
export const SEQ = 9;
export const MAP = 10;
export const OMAP = 11;
export const PAIRS = 12;
export const SET = 13;
/** Any other tag (`!foo`, `!!python/tuple`): the safe loaders cannot construct it. */
export const OTHER = 14;

const PREFIX = 'tag:yaml.org,2002:';
const TAG_IDS: Record<string, number> = {
  str: STR, int: INT, float: FLOAT, bool: BOOL, null: NULL, timestamp: TIMESTAMP, merge: MERGE, value: VALUE,
  binary: BINARY, seq: SEQ, map: MAP, omap: OMAP, pairs: PAIRS, set: SET,
};

/** The id of a full tag (`tag:yaml.org,2002:int`), OTHER for tags the safe loaders do not know. */
export function tagId(tag: string): number {
  return tag.startsWith(PREFIX) ? (TAG_IDS[tag.slice(PREFIX.length)] ?? OTHER) : OTHER;
}

/** The full name of a tag id, for messages. */
export function tagName(id: number): string {
  const name = Object.keys(TAG_IDS).find((k) => TAG_IDS[k] === id);
  return name === undefined ? 'an unknown tag' : `${PREFIX}${name}`;
}

/**
 * PyYAML's implicit resolvers, in the order it tries them: for a scalar, the
 * rules registered for its first character, first match wins. Python's `$`
 * also matches before a final newline, hence `\n?`.
 */
const RULES: ReadonlyArray<{ tag: number; first: string; pattern: RegExp }> = [
  { tag: BOOL, first: 'yYnNtTfFoO', pattern: /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)\n?$/ },
  {
    tag: FLOAT,
    first: '-+0123456789.',
    pattern:
      /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\n?$/,
  },
  {
    tag: INT,
    first: '-+0123456789',
    pattern: /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)\n?$/,
  },
  { tag: MERGE, first: '<', pattern: /^(?:<<)\n?$/ },
  { tag: NULL, first: '~nN', pattern: /^(?:~|null|Null|NULL)\n?$/ },
  {
    tag: TIMESTAMP,
    first: '0123456789',
    pattern:
      /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)\n?$/,
  },
  { tag: VALUE, first: '=', pattern: /^(?:=)\n?$/ },
];

/** First character (every rule's is ASCII) -> the rules to try, in table order. */
const BY_FIRST: Array<Array<{ tag: number; pattern: RegExp }> | undefined> = [];
for (const rule of RULES) {
  for (const ch of rule.first) (BY_FIRST[ch.charCodeAt(0)] ??= []).push(rule);
}

/** The tag PyYAML gives a plain (or `!`-tagged) scalar. */
export function resolveScalar(text: string): number {
  if (text === '') return NULL;
  const rules = BY_FIRST[text.charCodeAt(0)];
  if (rules !== undefined) for (const r of rules) if (r.pattern.test(text)) return r.tag;
  return STR;
}
