/**
 * What a yaql evaluation can raise, named as Python yaql names it: yaql's own
 * exceptions (NoMatchingMethodException, CollectionTooLargeException...) and
 * the Python built-in ones its functions let through (KeyError, TypeError...).
 * Heat shows `str(exception)`, which is `message` here.
 */
export class YaqlError extends Error {
  override name = 'YaqlError';
  constructor(
    /** The Python exception class, e.g. `NoMatchingFunctionException` or `KeyError`. */
    readonly pythonType: string,
    message: string,
  ) {
    super(message);
  }
}

/** yaql's exceptions, with yaql's messages. */
export const yaqlErrors = {
  noFunction: (name: string) => new YaqlError('NoFunctionRegisteredException', `Unknown function "${name}"`),
  noMethod: (name: string, receiver: string) =>
    new YaqlError('NoMethodRegisteredException', `Unknown method "${name}" for receiver ${receiver}`),
  noMatchingFunction: (name: string) =>
    new YaqlError('NoMatchingFunctionException', `No function "${name}" matches supplied arguments`),
  noMatchingMethod: (name: string, receiver: string) =>
    new YaqlError('NoMatchingMethodException', `No method "${name}" for receiver ${receiver} matches supplied arguments`),
  ambiguousFunction: (name: string) => new YaqlError('AmbiguousFunctionException', `Ambiguous function "${name}"`),
  ambiguousMethod: (name: string, receiver: string) =>
    new YaqlError('AmbiguousMethodException', `Ambiguous method "${name}" for receiver ${receiver}`),
  mappingTranslation: () => new YaqlError('MappingTranslationException', 'Cannot convert mapping to keyword argument'),
  collectionTooLarge: (count: number) =>
    new YaqlError('CollectionTooLargeException', `Collection length exceeds ${count} elements`),
  memoryQuota: () => new YaqlError('MemoryQuotaExceededException', 'Expression consumed too much memory'),
  lexical: (ch: string, position: number) =>
    new YaqlError('YaqlLexicalException', `Lexical error: illegal character '${ch}' at position ${position}`),
  grammar: (expression: string, value: string | undefined, position: number | undefined) =>
    new YaqlError(
      'YaqlGrammarException',
      position === undefined
        ? 'Parse error: unexpected end of statement'
        : `Parse error: unexpected '${value}' at position ${position} of expression '${expression}'`,
    ),
};

/** Python built-in exceptions (the message is what `str(e)` prints). */
export const pyErrors = {
  keyError: (keyRepr: string) => new YaqlError('KeyError', keyRepr),
  indexError: (message: string) => new YaqlError('IndexError', message),
  typeError: (message: string) => new YaqlError('TypeError', message),
  valueError: (message: string) => new YaqlError('ValueError', message),
  zeroDivision: (message: string) => new YaqlError('ZeroDivisionError', message),
  overflow: (message: string) => new YaqlError('OverflowError', message),
  /** A StopIteration escaping a function (first() of an empty collection...): Python prints it as ''. */
  stopIteration: (message = '') => new YaqlError('StopIteration', message),
  assertion: (message: string) => new YaqlError('AssertionError', message),
  /** re.error (its class name is `error`). */
  regex: (message: string) => new YaqlError('error', message),
};

/** A Python feature tht does not reproduce (named, so the user knows it is tht's limit, not yaql's). */
export function unsupported(what: string): YaqlError {
  return new YaqlError('NotSupportedByTht', `${what} is not supported by tht's yaql evaluator`);
}
