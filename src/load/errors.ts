/**
 * The one error type every stage throws for bad input. The CLI prints it as a
 * single paragraph (never a stack trace) and exits non-zero; anything else that
 * escapes is a bug in tht and is reported as such.
 */
export interface SourcePosition {
  file: string;
  line?: number;
  column?: number;
}

export class ThtError extends Error {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** What the user can do about it, printed after the message. */
  readonly hint?: string;
  /** Process exit code the CLI should use. */
  readonly exitCode: number;

  constructor(
    message: string,
    options: { at?: SourcePosition; hint?: string; exitCode?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ThtError';
    this.file = options.at?.file;
    this.line = options.at?.line;
    this.column = options.at?.column;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 2;
  }

  /** `file:line:column: message. Hint.` on one paragraph. */
  format(): string {
    let where = '';
    if (this.file) {
      where = this.file;
      if (this.line !== undefined) where += `:${this.line}`;
      if (this.line !== undefined && this.column !== undefined) where += `:${this.column}`;
      where += ': ';
    }
    return `${where}${withAdvice(this.message, this.hint)}`;
  }
}

/**
 * The problem, then the advice as its own sentence: `unknown role "x". Valid
 * roles: ...`. Messages are written without a final full stop (they also
 * appear inside other text); the advice is one or more whole sentences.
 */
export function withAdvice(message: string, advice: string | undefined): string {
  if (!advice) return message;
  return `${/[.!?]$/.test(message) ? message : `${message}.`} ${advice}`;
}

export function isThtError(e: unknown): e is ThtError {
  return e instanceof ThtError;
}
