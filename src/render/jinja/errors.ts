/**
 * Template errors with the template's path and line, whatever part of
 * nunjucks (lexer, parser, compiler, runtime) raised them.
 */
export class TemplateFailure extends Error {
  override name = 'TemplateFailure';
  constructor(
    readonly kind: 'syntax error' | 'render error',
    readonly template: string,
    readonly detail: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(`${template}${line ? `:${line}` : ''}: Jinja ${kind}: ${detail}`);
  }

  /**
   * nunjucks reports `(path) [Line n, Column m]\n  message` where path is the
   * innermost template (an include, if the error is there).
   */
  static fromNunjucks(e: unknown, fallbackPath: string, kind: TemplateFailure['kind']): TemplateFailure {
    if (e instanceof TemplateFailure) return e;
    const err = e as { message?: string; lineno?: number; colno?: number };
    let message = String(err.message ?? e);
    let template = fallbackPath;
    let line = err.lineno;
    let column = err.colno;
    const m = /^\(([^)]*)\)(?: \[Line (\d+), Column (\d+)\])?\n\s*([\s\S]*)$/.exec(message);
    if (m) {
      if (m[1] && m[1] !== 'unknown path') template = m[1];
      if (m[2]) line = Number(m[2]);
      if (m[3]) column = Number(m[3]);
      message = m[4]!;
    }
    message = message.replace(/^(Template render error|Error|JinjaRuntimeError|TypeError): /, '').trim();
    return new TemplateFailure(kind, template, message, line, column);
  }
}
