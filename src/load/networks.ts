/**
 * network_data loading as process-templates.py does it: a YAML list (an empty
 * file is an empty list); every network gets `idx`, its position, and enabled
 * ones get `name_lower` when they lack it.
 */
import { ThtError } from './errors.js';
import { checkPathSafe } from './safe-names.js';
import { isMapping } from './values.js';
import type { YamlFile } from '../yaml/file.js';
import type { PyDict } from '../yaml/python.js';

export type Network = { name: string; idx?: number } & Record<string, unknown>;

export interface NetworkLoadOptions {
  /** Number every network with `idx`, as process-templates.py does on THT master (default: true). */
  indexes?: boolean;
  /**
   * The same document as the file's exact Python construction
   * (`YamlFile.python()`), for templates: it gets the same `idx` and
   * `name_lower`, in place, so that templates see the networks as
   * process-templates.py hands them to jinja2.
   */
  python?: unknown;
}

/** Same-object semantics matter: templates see `name_lower` through `networks` too. */
export function networksFromYaml(parsed: YamlFile, options: NetworkLoadOptions = {}): Network[] {
  const { name: file } = parsed;
  const value = parsed.value ?? [];
  const at = (path: (string | number)[]) => ({ file, ...parsed.position(path) });
  if (!Array.isArray(value)) {
    throw new ThtError('the networks file must be a YAML list of network mappings, each with a name', {
      at: at([]),
      hint: 'Start each network with "- name: NetworkName".',
    });
  }
  const python = options.python as unknown[] | undefined;
  const seen = new Set<string>();
  return value.map((entry, i) => {
    if (!isMapping(entry)) {
      throw new ThtError(`network #${i + 1} is not a mapping`, { at: at([i]), hint: 'Each list item must be a mapping with a name key.' });
    }
    const net = entry;
    if (typeof net.name !== 'string' || net.name === '') {
      throw new ThtError(`network #${i + 1} has no name`, { at: at([i]), hint: 'Add "name: NetworkName" to the network.' });
    }
    if (seen.has(net.name)) {
      throw new ThtError(`duplicate network name "${net.name}"`, { at: at([i, 'name']), hint: 'Network names must be unique.' });
    }
    seen.add(net.name);
    // A mapping with a string name is a dict in Python too (a !!set has no name).
    const pyNet = python?.[i] as PyDict | undefined;
    if (options.indexes ?? true) {
      net.idx = i;
      pyNet?.set('idx', i);
    }
    if (isEnabled(net)) {
      if (!net.name_lower) {
        net.name_lower = net.name.toLowerCase();
        pyNet?.set('name_lower', net.name_lower);
      }
      checkPathSafe(String(net.name_lower), `network "${net.name}": name_lower`, () => at([i, 'name_lower']));
    }
    return net as Network;
  });
}

/** process-templates.py skips only networks whose `enabled` is exactly false. */
export function isEnabled(network: Record<string, unknown>): boolean {
  return network.enabled !== false;
}
