/**
 * A template error as tht reports it: the template file, the line (as
 * jinja2 names it) and column, and jinja2's message, never a stack trace.
 */
import { PyException, TemplateSyntaxError } from './exceptions.js';

export class TemplateFailure extends Error {
  override name = 'TemplateFailure';
  constructor(
    readonly kind: 'syntax error' | 'render error',
    readonly template: string,
    /** jinja2's message, with the Python exception class first for render errors. */
    readonly detail: string,
    readonly line?: number,
    readonly column?: number,
    /** The Python exception class (TypeError, UndefinedError, TemplateSyntaxError, ...). */
    readonly pyType?: string,
    /** jinja2's `str(exception)` alone. */
    readonly pyMessage?: string,
    /** For a block never closed: where its opening tag is. */
    readonly opening?: { line: number; column: number },
  ) {
    super(`${template}${line ? `:${line}` : ''}: Jinja ${kind}: ${detail}`);
  }

  /** The failure for any error a compile or render raised; non-template errors pass through. */
  static from(e: unknown, fallbackPath: string): unknown {
    if (e instanceof TemplateFailure) return e;
    if (!(e instanceof PyException)) return e;
    const at = e.position;
    const template = at?.template ?? fallbackPath;
    if (e instanceof TemplateSyntaxError) {
      return new TemplateFailure('syntax error', template, e.message, at?.line, at?.column, e.pyType, e.message, e.opening);
    }
    const detail = e.pyType === 'UndefinedError' ? e.message : `${e.pyType}: ${e.message}`;
    return new TemplateFailure('render error', template, detail, at?.line, at?.column, e.pyType, e.message);
  }
}
