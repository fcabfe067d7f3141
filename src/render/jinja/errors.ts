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
   * nunjucks reports `(path) [Line n, Column m]\n  message`, once more for
   * each template an error passes through: the last one is the innermost
   * template, where the error is.
   */
  static fromNunjucks(e: unknown, fallbackPath: string, kind: TemplateFailure['kind']): TemplateFailure {
    if (e instanceof TemplateFailure) return e;
    const err = e as { message?: string; lineno?: number; colno?: number };
    const text = String(err.message ?? e);
    let template = fallbackPath;
    let line = err.lineno;
    let column = err.colno;
    let message = text;
    for (const m of text.matchAll(/\(([^)\n]*)\)(?: \[Line (\d+), Column (\d+)\])?\n\s*(?:Template render error: )?/g)) {
      if (m[1] && m[1] !== 'unknown path') template = m[1];
      line = m[2] ? Number(m[2]) : line;
      column = m[3] ? Number(m[3]) : column;
      message = text.slice(m.index + m[0].length);
    }
    message = message.replace(/^(Template render error|Error|JinjaRuntimeError|TypeError): /, '').trim();
    return new TemplateFailure(kind, template, message, line, column);
  }
}
