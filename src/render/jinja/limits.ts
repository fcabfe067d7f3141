/**
 * Bounds on one render, so that no template can hang tht or exhaust its
 * memory: a template that recurses without end, loops forever or builds an
 * enormous value stops with a clear error at its line instead. The defaults
 * are far above anything a real template needs; RenderOptions.limits raises
 * them. Renders are synchronous, so the budget of the render in progress is
 * module state, set by `withBudget`.
 */
import { PyException } from './exceptions.js';

export interface JinjaLimits {
  /** Characters a template may output, and the size of any one string or list it builds. */
  maxOutput: number;
  /** Nesting of macro calls, includes, imports and recursive loops. */
  maxDepth: number;
  /** Loop iterations plus macro calls in one render. */
  maxSteps: number;
}

export const DEFAULT_LIMITS: JinjaLimits = {
  maxOutput: 64 * 1024 * 1024,
  maxDepth: 500,
  maxSteps: 50_000_000,
};

/** Raised when a render crosses a bound; the message says which and how to raise it. */
export class LimitExceeded extends PyException {
  constructor(message: string) {
    super('LimitExceeded', message);
  }
}

interface Budget {
  limits: JinjaLimits;
  steps: number;
  depth: number;
}

let current: Budget = { limits: DEFAULT_LIMITS, steps: 0, depth: 0 };

/** Run `render` with a fresh budget under `limits`. */
export function withBudget<T>(limits: JinjaLimits, render: () => T): T {
  const saved = current;
  current = { limits, steps: 0, depth: 0 };
  try {
    return render();
  } finally {
    current = saved;
  }
}

/** Refuse a string or list of `size` items beyond the output bound; returns true to chain in expressions. */
export function checkSize(size: number, what: 'string' | 'list' | 'output'): true {
  if (size > current.limits.maxOutput) {
    throw new LimitExceeded(
      `the ${what} built here would hold ${size} ${what === 'list' ? 'items' : 'characters'}, more than the bound of ${current.limits.maxOutput} (limits.maxOutput)`,
    );
  }
  return true;
}

/** One loop iteration or macro call; `outputSize` is the length of the text rendered so far in this frame. */
export function step(outputSize: number): void {
  if (++current.steps > current.limits.maxSteps) {
    throw new LimitExceeded(`the template ran more than ${current.limits.maxSteps} loop iterations and macro calls (limits.maxSteps); it probably loops without end`);
  }
  if (outputSize > current.limits.maxOutput) checkSize(outputSize, 'output');
}

/** Enter a nested render (macro, include, import, recursive loop); call the returned function on the way out. */
export function enter(): void {
  if (++current.depth > current.limits.maxDepth) {
    current.depth--;
    throw new LimitExceeded(
      `macros, includes or recursive loops nest more than ${current.limits.maxDepth} deep (limits.maxDepth); the template probably recurses without end`,
    );
  }
}

export function leave(): void {
  current.depth--;
}

/** A JS stack overflow becomes the same clear error as the depth bound. */
export function fromStackOverflow(e: unknown): unknown {
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return new LimitExceeded('the template recursed deeper than the JavaScript stack allows; it probably recurses without end');
  }
  if (e instanceof RangeError && /Invalid (string|array) length/i.test(e.message)) {
    return new LimitExceeded('the template built a string or list larger than JavaScript allows');
  }
  return e;
}
