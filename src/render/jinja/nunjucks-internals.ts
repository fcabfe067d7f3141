/**
 * Typed handles on the nunjucks 3.2.4 modules our Jinja2 layer extends. These
 * are not public API, which is why package.json pins nunjucks exactly; the
 * unit tests exercise every extension point so an upgrade fails loudly.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/* eslint-disable @typescript-eslint/no-explicit-any */
export type NjNode = any;
export type NjFrame = any;

export interface NjToken {
  type: string;
  value: string;
  lineno: number;
  colno: number;
}

export const lexer = require('nunjucks/src/lexer') as {
  lex(src: string, opts?: object): unknown;
  TOKEN_SYMBOL: string;
  TOKEN_COMMA: string;
  TOKEN_LEFT_PAREN: string;
  TOKEN_LEFT_BRACKET: string;
  TOKEN_OPERATOR: string;
};
export const nodes = require('nunjucks/src/nodes') as Record<string, new (...args: any[]) => NjNode>;
export const { Parser } = require('nunjucks/src/parser') as { Parser: new (tokens: unknown) => any };
export const { Compiler } = require('nunjucks/src/compiler') as {
  Compiler: new (name: string, throwOnUndefined?: boolean) => any;
};
export const runtime = require('nunjucks/src/runtime') as {
  Frame: new (parent?: NjFrame, isolateWrites?: boolean) => NjFrame;
};
