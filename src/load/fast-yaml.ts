/**
 * Fast YAML values, for the Heat model and the render data.
 *
 * The walk reads ~6 MB of templates for a large role set; building `yaml`
 * Documents (with positions) for all of it takes seconds, js-yaml reads the
 * same values in a tenth of the time. So the model is built from js-yaml
 * values, and the positioned parse (src/load/yaml.ts) is made only for a file
 * whose finding needs a line and column, or when js-yaml refuses the text
 * (then the positioned parse reports the error properly).
 *
 * The schema reproduces PyYAML's YAML 1.1 resolvers, as src/load/yaml.ts does:
 * yes/no/on/off booleans, floats need a dot, `0`-prefixed octal ints,
 * sexagesimal numbers, and no timestamps (Heat keeps dates as strings).
 */
import jsYaml from 'js-yaml';

const { Type, FAILSAFE_SCHEMA } = jsYaml;

const pyNull = new Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (s: string | null) => s === null || (s.length <= 4 && /^(?:~|null|Null|NULL)?$/.test(s)),
  construct: () => null,
});
/** `<<` merge keys (js-yaml applies them when a key resolves to this tag). */
const merge = new Type('tag:yaml.org,2002:merge', {
  kind: 'scalar',
  resolve: (s: string | null) => s === '<<' || s === null,
});

const TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
/** Plain scalars are resolved against every implicit type: cheap first-character tests keep most strings off the regexes. */
const BOOL_START = new Set('yYnNtTfFoO');
const NUMBER_START = new Set('0123456789+-.');
const FALSE = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/;
const pyBool = new Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (s: string) => s.length <= 5 && BOOL_START.has(s[0]!) && (TRUE.test(s) || FALSE.test(s)),
  construct: (s: string) => TRUE.test(s),
});

const INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const pyInt = new Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (s: string) => NUMBER_START.has(s[0]!) && INT.test(s),
  construct: (raw: string) => {
    let s = raw.replace(/_/g, '');
    let sign = 1;
    if (s[0] === '-' || s[0] === '+') {
      if (s[0] === '-') sign = -1;
      s = s.slice(1);
    }
    if (s === '0') return 0;
    if (s.startsWith('0b')) return sign * parseInt(s.slice(2), 2);
    if (s.startsWith('0x')) return sign * parseInt(s.slice(2), 16);
    if (s.startsWith('0')) return sign * parseInt(s, 8);
    if (s.includes(':')) return sign * sexagesimal(s);
    return sign * Number(s);
  },
});

const FLOAT =
  /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const pyFloat = new Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (s: string) => NUMBER_START.has(s[0]!) && FLOAT.test(s),
  construct: (raw: string) => {
    const s = raw.replace(/_/g, '').toLowerCase();
    const sign = s.startsWith('-') ? -1 : 1;
    const body = s.replace(/^[-+]/, '');
    if (body === '.inf') return sign * Infinity;
    if (body === '.nan') return NaN;
    if (body.includes(':')) return sign * sexagesimal(body);
    return sign * Number(body);
  },
});

function sexagesimal(s: string): number {
  return s.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
}

const PYYAML_SCHEMA = FAILSAFE_SCHEMA.extend({ implicit: [pyNull, pyBool, pyInt, pyFloat, merge] });

/** A line that is only `-` (an empty item), maybe with a comment; group 1 is its indent. */
const BARE_DASH_LINES = /^([ \t]*)-[ \t]*(?:#.*)?$/gm;
/** The leading `- - ` run of a compact nested sequence line (`- - a`). */
const COMPACT_RUN = /^([ \t]*)((?:-[ \t]+)+)-(?=[ \t]|$)/gm;

/**
 * js-yaml mis-nests an empty `-` item standing at the column of an inner item
 * of a compact nested sequence (`- - a` / `  -` / `- c` reads as one list);
 * THT's network templates have such items. Writing the empty item as `- ~`
 * (the same null) avoids the bug. A bare `-` followed by a more indented block
 * is not empty and reads correctly as it is.
 */
function withExplicitEmptyItems(text: string): string {
  const innerColumns = new Set<number>();
  for (const m of text.matchAll(COMPACT_RUN)) {
    let column = m[1]!.length;
    for (const part of m[2]!.match(/-[ \t]+/g)!) {
      column += part.length;
      innerColumns.add(column);
    }
  }
  if (innerColumns.size === 0) return text;
  let out = '';
  let copied = 0;
  for (const m of text.matchAll(BARE_DASH_LINES)) {
    const column = m[1]!.length;
    if (!innerColumns.has(column) || followedByDeeperLine(text, m.index + m[0].length, column)) continue;
    const dash = m.index + column;
    out += `${text.slice(copied, dash + 1)} ~`;
    copied = dash + 1;
  }
  return out + text.slice(copied);
}

/** Whether the first line after `offset` with content is indented deeper than `column`. */
function followedByDeeperLine(text: string, offset: number, column: number): boolean {
  for (const line of text.slice(offset + 1).split('\n')) {
    const content = line.search(/[^ \t]/);
    if (content < 0 || line[content] === '#') continue;
    return content > column;
  }
  return false;
}

export function fastYamlValue(text: string): { value: unknown } | undefined {
  try {
    // json: later duplicate keys win, as in PyYAML.
    return { value: jsYaml.load(withExplicitEmptyItems(text), { schema: PYYAML_SCHEMA, json: true }) ?? null };
  } catch {
    return undefined;
  }
}
