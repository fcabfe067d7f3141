/**
 * Bounds on what one YAML file may make tht do. PyYAML has none of these: it
 * loads an alias bomb (anchors of anchors, each alias standing for a copy)
 * in milliseconds, as shared references, and the copies only blow up when
 * something walks or prints the data; and it fails with a Python
 * RecursionError on nesting about 450 levels deep (libyaml, Heat's loader,
 * reads 10,000). Real templates nest a few dozen levels and use a handful of
 * aliases, so the defaults are far above anything they need.
 */
export interface YamlLimits {
  /** Nesting of collections (block indentation levels and flow brackets). */
  maxDepth: number;
  /** Nodes that aliases may add to a document once expanded (each alias counts what its anchor holds). */
  maxAliasNodes: number;
}

export const DEFAULT_LIMITS: Readonly<YamlLimits> = { maxDepth: 1000, maxAliasNodes: 1_000_000 };
