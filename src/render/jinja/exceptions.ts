/**
 * The Python exceptions a template can raise, as jinja2 3.1 on CPython 3.11
 * raises them: the class name and `str(exception)` are what a user sees, and
 * where in the template it happened is added on the way out (see
 * `located` in runtime.ts).
 */
import type { RaisePython } from '../../yaml/pyprint.js';

/** Where an error happened: the template (its loader name; undefined for the top template) and line. */
export interface TemplatePosition {
  template: string | undefined;
  line: number;
  column: number;
}

export class PyException extends Error {
  override name = 'PyException';
  /** Set once, by the innermost template function the error passes through. */
  position?: TemplatePosition;
  constructor(
    /** Python's class name: TypeError, UndefinedError, ... */
    readonly pyType: string,
    message: string,
  ) {
    super(message);
  }
}

const raise =
  (pyType: string) =>
  (message: string): PyException =>
    new PyException(pyType, message);

export const typeError = raise('TypeError');
export const valueError = raise('ValueError');
export const indexError = raise('IndexError');
export const attributeError = raise('AttributeError');
export const zeroDivisionError = raise('ZeroDivisionError');
export const overflowError = raise('OverflowError');
export const runtimeError = raise('RuntimeError');
export const undefinedError = raise('UndefinedError');
export const templateRuntimeError = raise('TemplateRuntimeError');
export const filterArgumentError = raise('FilterArgumentError');
export const assertionError = raise('AssertionError');
export const unicodeError = raise('UnicodeEncodeError');
export const nameError = raise('NameError');
export const syntaxError = raise('SyntaxError');

/** How the shared printing (yaml/pyprint.ts) raises: as the template's Python exception. */
export const raisePython: RaisePython = (pyType, message) => new PyException(pyType, message);

/** KeyError prints the repr of its key. */
export function keyError(reprOfKey: string): PyException {
  return new PyException('KeyError', reprOfKey);
}

/** TemplateNotFound / TemplatesNotFound: `names` are the template names tried. */
export class TemplateNotFound extends PyException {
  constructor(
    readonly names: unknown[],
    message: string,
    pyType = 'TemplateNotFound',
  ) {
    super(pyType, message);
  }
}

/**
 * TemplateSyntaxError (and TemplateAssertionError, its subclass raised by
 * the compiler): found before anything renders, at a line of one template.
 */
export class TemplateSyntaxError extends PyException {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
    readonly template: string | undefined,
    pyType = 'TemplateSyntaxError',
    /** For an unclosed block: where the tag that opened it is. */
    readonly opening?: { line: number; column: number },
  ) {
    super(pyType, message);
    this.position = { template, line, column };
  }
}
