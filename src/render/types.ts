/** The render stage's public contract, used by heat/schema/lint/preview and the CLI. */
import type { Finding } from '../load/finding.js';
import type { Network } from '../load/networks.js';
import type { Role } from '../load/roles.js';
import type { RenderJob } from './plan.js';
import type { JinjaLimits } from './jinja/limits.js';

export interface RenderOptions {
  /**
   * Root of the template tree (absolute or relative to the cwd). Messages name
   * the tree's files under it as given, so a root relative to the cwd gives
   * paths that open from there.
   */
  templatesDir: string;
  /** Roles file; relative paths resolve against the tree. Default `roles_data.yaml`. */
  rolesData?: string;
  /** Networks file; relative paths resolve against the tree. Default `network_data.yaml`. */
  networkData?: string;
  /** Raise the bounds of one template render (see README, "Bounds"); the defaults are far above what THT needs. */
  limits?: Partial<JinjaLimits>;
  /** Folders to leave out of the tree walk: an output folder inside the tree. */
  exclude?: readonly string[];
}

export interface RenderedFile {
  /** Output path relative to the tree root, with `/` separators. */
  path: string;
  /** Rendered text, exactly as process-templates.py writes it. */
  content: string;
  /** The `*.j2.yaml` template it came from, relative to the tree root. */
  source: string;
}

export interface RenderResult {
  templatesDir: string;
  /** Rendered outputs in a stable order (by path). */
  files: RenderedFile[];
  /** Every non-hidden file of the tree that is not rendered (relative paths), for a complete copy. */
  staticFiles: string[];
  /** Every non-hidden folder of the tree, so a complete copy has the empty ones too. */
  folders: string[];
  roles: Role[];
  networks: Network[];
  /** Number of distinct templates compiled. */
  templates: number;
  /** What the render warns about (src/render/warnings.ts; DATA002 and DATA004 of the roles and networks data). */
  warnings: Finding[];
}

/** What a render of the tree will produce, before anything is rendered. */
export interface TreePlan {
  templatesDir: string;
  /** Every non-hidden file of the tree, sorted. */
  files: string[];
  /** Every non-hidden folder of the tree, sorted. */
  folders: string[];
  roles: Role[];
  networks: Network[];
  warnings: Finding[];
  jobs: RenderJob[];
  /** Text of every template and include (`*.j2.yaml`, `*.j2`), read once. */
  sources: Map<string, string>;
}
