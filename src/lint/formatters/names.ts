/**
 * The names of `tht lint`'s output formats, apart from the formatters
 * (index.ts) so that the command line can offer them without loading those.
 */
export const FORMAT_NAMES = ['text', 'json', 'sarif', 'junit', 'github'] as const;

export type FormatName = (typeof FORMAT_NAMES)[number];
