/**
 * Which intrinsic functions each HOT version accepts (heat/engine/hot/template.py),
 * so a template using a function newer than its heat_template_version can be
 * flagged offline instead of failing at stack create.
 */

/** Versions as dates, oldest first, each with the functions it adds. */
const ADDED: ReadonlyArray<{ version: string; functions: readonly string[]; conditionFunctions?: readonly string[] }> = [
  { version: '2013-05-23', functions: ['get_param', 'get_resource', 'get_attr', 'list_join', 'str_replace', 'resource_facade', 'get_file'] },
  { version: '2015-04-30', functions: ['repeat', 'digest'] },
  { version: '2015-10-15', functions: ['str_split'] },
  { version: '2016-04-08', functions: ['map_merge'] },
  {
    version: '2016-10-14',
    functions: ['yaql', 'map_replace', 'if'],
    conditionFunctions: ['get_param', 'equals', 'not', 'and', 'or'],
  },
  { version: '2017-02-24', functions: ['filter', 'str_replace_strict'] },
  {
    version: '2017-09-01',
    functions: ['make_url', 'list_concat', 'list_concat_unique', 'str_replace_vstrict', 'contains'],
    conditionFunctions: ['yaql', 'contains'],
  },
];

/** CloudFormation functions HOT 2013-05-23 still accepts; later versions remove them (Fn::Select only from 2015-10-15 on). */
const CFN_FUNCTIONS = ['Fn::GetAZs', 'Ref', 'Fn::Select', 'Fn::Join', 'Fn::Split', 'Fn::Replace', 'Fn::Base64', 'Fn::MemberListToMap', 'Fn::ResourceFacade'];

/** Every HOT function name of any version (what `{name: args}` is recognised as outside conditions). */
export const ALL_HOT_FUNCTIONS: ReadonlySet<string> = new Set([...ADDED.flatMap((a) => a.functions), ...CFN_FUNCTIONS]);

/** Every name recognised as a function inside conditions, of any version. */
export const ALL_CONDITION_FUNCTIONS: ReadonlySet<string> = new Set([...ALL_HOT_FUNCTIONS, ...ADDED.flatMap((a) => a.conditionFunctions ?? [])]);

/** The version (date) that introduced a HOT function, or undefined for a non-HOT name. */
function functionSince(name: string): string | undefined {
  return ADDED.find((a) => a.functions.includes(name))?.version ?? (CFN_FUNCTIONS.includes(name) ? '2013-05-23' : undefined);
}

/** Why `name` cannot be used in a template of this version (date), or undefined if it can. */
export function functionUnavailable(name: string, versionDate: string): string | undefined {
  if (CFN_FUNCTIONS.includes(name)) {
    const lastVersion = name === 'Fn::Select' ? '2015-04-30' : '2013-05-23';
    return versionDate > lastVersion ? `${name} was removed after heat_template_version ${lastVersion}` : undefined;
  }
  const since = functionSince(name);
  return since !== undefined && versionDate < since ? `${name} needs heat_template_version ${since} or later` : undefined;
}

const conditionFunctionsByVersion = new Map<string, ReadonlySet<string>>();

/** Functions allowed inside `conditions` (and resource/output `condition`) for a version (date). */
export function conditionFunctions(versionDate: string): ReadonlySet<string> {
  let set = conditionFunctionsByVersion.get(versionDate);
  if (!set) {
    set = new Set(ADDED.filter((a) => a.version <= versionDate).flatMap((a) => a.conditionFunctions ?? []));
    conditionFunctionsByVersion.set(versionDate, set);
  }
  return set;
}

/**
 * How Heat parses `{name: args}` in a template of this version (date): a
 * function, a function the version removed (an error when evaluated), or
 * undefined: not a function there, so a plain one-key mapping.
 */
export function functionKind(name: string, versionDate: string): 'function' | 'removed' | undefined {
  if (CFN_FUNCTIONS.includes(name)) return functionUnavailable(name, versionDate) === undefined ? 'function' : 'removed';
  const since = functionSince(name);
  return since !== undefined && versionDate >= since ? 'function' : undefined;
}
