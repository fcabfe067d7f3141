/**
 * A YAML document the reference loaders refuse, with the offset of the
 * problem in the text. YamlFile turns it into a ThtError naming the file,
 * line and column (offsets are turned into lines only when something fails).
 */
export class YamlError extends Error {
  override name = 'YamlError';
  constructor(
    message: string,
    /** UTF-16 offset in the text. */
    readonly offset: number,
    /** What to do about it, when there is something specific to say. */
    readonly hint?: string,
  ) {
    super(message);
  }
}
