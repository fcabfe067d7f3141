/**
 * JSON-like data as block-style YAML, for `-f yaml` and the `--tasks-dir`
 * task files: mappings in their order, lists as `- ` items, and each scalar
 * written so that a YAML 1.1 reader (PyYAML, Ansible, tht's own) reads back
 * the same value: a string is plain only when it cannot be taken for
 * anything else, and double-quoted (JSON's escapes, which YAML shares)
 * otherwise; floats keep Python's spelling with a dot (`1.0`, `1.0e+16`).
 */
import { isMapping } from '../load/values.js';
import { jsonData } from '../yaml/json.js';
import { numberRepr } from '../yaml/pyprint.js';
import { PyFloat } from '../yaml/python.js';

/** Words YAML 1.1 resolves to booleans or null (PyYAML's, plus the single letters the spec lists). */
const SPECIAL_WORDS = /^(?:y|Y|n|N|yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$/;
/** Safe plain characters; anything else (indicators, quotes, non-ASCII, controls) is quoted. */
const PLAIN = /^[A-Za-z_/][A-Za-z0-9_ ./:@%+,()=-]*$/;

function stringText(s: string): string {
  const plain = PLAIN.test(s) && !SPECIAL_WORDS.test(s) && !s.endsWith(' ') && !s.endsWith(':') && !s.includes(': ') && !s.includes(' #');
  if (plain) return s;
  // JSON escapes are YAML's; characters YAML would not keep as they are inside quotes are escaped too.
  return JSON.stringify(s).replace(/[^\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]/gu, (c) =>
    c.length > 1 ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function numberYaml(v: number | bigint | PyFloat): string {
  const n = v instanceof PyFloat ? v.value : v;
  if (typeof n === 'number' && Number.isNaN(n)) return '.nan';
  if (n === Infinity) return '.inf';
  if (n === -Infinity) return '-.inf';
  // YAML 1.1 floats need a dot: Python's 1e+16 is written 1.0e+16, as PyYAML does.
  return numberRepr(v).replace(/^(-?\d+)e/, '$1.0e');
}

function scalarText(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number' || typeof v === 'bigint' || v instanceof PyFloat) return numberYaml(v);
  return stringText(String(v));
}

/** A plain object or list with something in it: written on lines of its own. */
function isBlock(v: unknown): v is unknown[] | Record<string, unknown> {
  if (Array.isArray(v)) return v.length > 0;
  return isMapping(v) && Object.getPrototypeOf(v) === Object.prototype && Object.keys(v).length > 0;
}

function inline(v: unknown): string {
  if (Array.isArray(v)) return '[]';
  if (isMapping(v) && Object.getPrototypeOf(v) === Object.prototype) return '{}';
  if (v !== null && typeof v === 'object' && !(v instanceof PyFloat)) {
    // Other values of the model (a PyDict, a date) as their JSON data.
    const data = jsonData(v);
    return isBlock(data) ? JSON.stringify(data) : inline(data);
  }
  return scalarText(v);
}

/** The lines of a non-empty collection at an indentation. */
function block(v: unknown[] | Record<string, unknown>, indent: string): string[] {
  const out: string[] = [];
  const deeper = `${indent}  `;
  if (Array.isArray(v)) {
    for (const item of v) {
      if (!isBlock(item)) out.push(`${indent}- ${inline(item)}`);
      else {
        // The item's first line goes after the dash: `- name: x`.
        const sub = block(item, deeper);
        out.push(`${indent}- ${sub[0]!.slice(deeper.length)}`, ...sub.slice(1));
      }
    }
    return out;
  }
  for (const [k, x] of Object.entries(v)) {
    if (x === undefined) continue;
    if (isBlock(x)) out.push(`${indent}${stringText(k)}:`, ...block(x, deeper));
    else out.push(`${indent}${stringText(k)}: ${inline(x)}`);
  }
  return out;
}

/** The YAML document for a value, ending with a newline. */
export function yamlText(value: unknown): string {
  return `${(isBlock(value) ? block(value, '') : [inline(value)]).join('\n')}\n`;
}
