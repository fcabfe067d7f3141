/**
 * nunjucks' code generator, changed where Jinja2's semantics differ from
 * nunjucks' for the templates THT ships. Generated code calls the Python
 * value helpers through `env.py` (see runtime.ts), so nothing in nunjucks'
 * global runtime is patched.
 */
import { Compiler, nodes, type NjFrame, type NjNode } from './nunjucks-internals.js';

const PY_LITERALS: Record<string, string> = {
  True: 'true',
  False: 'false',
  None: 'null',
};

export class JinjaCompiler extends Compiler {
  /** `{{ x }}` prints `str(x)` as Python would (None, True, lists, dicts). */
  compileOutput(node: NjNode, frame: NjFrame): void {
    for (const child of node.children) {
      if (child instanceof nodes.TemplateData!) {
        if (child.value) {
          this._emit(`${this.buffer} += `);
          this.compileLiteral(child, frame);
          this._emitLine(';');
        }
      } else {
        this._emitPosition(child);
        this._emit(`${this.buffer} += env.py.str(`);
        this.compile(child, frame);
        this._emitLine(');');
      }
    }
  }

  compileSymbol(node: NjNode, frame: NjFrame): void {
    const name: string = node.value;
    if (frame.lookup(name)) return super.compileSymbol(node, frame);
    if (name in PY_LITERALS) this._emit(PY_LITERALS[name]);
    else if (name === 'self') this._emit('env.py.selfRef(env, context, runtime)');
    else super.compileSymbol(node, frame);
  }

  compileLookupVal(node: NjNode, frame: NjFrame): void {
    this._emit('env.py.lookup((');
    this._compileExpression(node.target, frame);
    this._emit('),');
    this._compileExpression(node.val, frame);
    this._emit(`, ${node.attr === true}, ${JSON.stringify(this._getNodeName(node.target))})`);
  }

  /** `{key_expr: v}`: Jinja2 evaluates a key that is a name or expression. */
  compilePair(node: NjNode, frame: NjFrame): void {
    const key = node.key;
    if (key instanceof nodes.Literal! && typeof key.value === 'string') {
      this.compileLiteral(key, frame);
    } else {
      this._emit('[env.py.str(');
      this._compileExpression(key, frame);
      this._emit(')]');
    }
    this._emit(': ');
    this._compileExpression(node.value, frame);
  }

  /** A parenthesised group with commas is a tuple; lists stand in for tuples. */
  compileGroup(node: NjNode, frame: NjFrame): void {
    if (node.children.length > 1) this._compileAggregate(node, frame, '[', ']');
    else super.compileGroup(node, frame);
  }

  compileIn(node: NjNode, frame: NjFrame): void {
    this._emitCall('contains', node.left, node.right, frame);
  }

  compileAdd(node: NjNode, frame: NjFrame): void {
    this._emitCall('add', node.left, node.right, frame);
  }

  compileConcat(node: NjNode, frame: NjFrame): void {
    this._emit('(env.py.str(');
    this.compile(node.left, frame);
    this._emit(') + env.py.str(');
    this.compile(node.right, frame);
    this._emit('))');
  }

  /** `and`/`or` return an operand, and the right one is evaluated only if needed. */
  compileOr(node: NjNode, frame: NjFrame): void {
    this._emitShortCircuit('or', node, frame);
  }

  compileAnd(node: NjNode, frame: NjFrame): void {
    this._emitShortCircuit('and', node, frame);
  }

  compileNot(node: NjNode, frame: NjFrame): void {
    this._emit('!env.py.truthy(');
    this.compile(node.target, frame);
    this._emit(')');
  }

  /** `==`/`!=` compare like Python; a chain `a < b < c` is `a < b and b < c`. */
  compileCompare(node: NjNode, frame: NjFrame): void {
    this._emit('(');
    let left = node.expr;
    node.ops.forEach((op: NjNode, i: number) => {
      if (i > 0) this._emit(' && ');
      if (op.type === '==' || op.type === '!=') {
        if (op.type === '!=') this._emit('!');
        this._emitCall('eq', left, op.expr, frame);
      } else {
        this._emit('(');
        this.compile(left, frame);
        this._emit(` ${op.type} `);
        this.compile(op.expr, frame);
        this._emit(')');
      }
      left = op.expr;
    });
    this._emit(')');
  }

  compileInlineIf(node: NjNode, frame: NjFrame): void {
    this._emit('(env.py.truthy(');
    this.compile(node.cond, frame);
    this._emit(') ? ');
    this.compile(node.body, frame);
    this._emit(' : ');
    if (node.else_) this.compile(node.else_, frame);
    else this._emit('undefined');
    this._emit(')');
  }

  compileIf(node: NjNode, frame: NjFrame): void {
    this._emitPosition(node);
    this._emit('if(env.py.truthy(');
    this._compileExpression(node.cond, frame);
    this._emitLine(')) {');
    this._withScopedSyntax(() => this.compile(node.body, frame));
    if (node.else_) {
      this._emitLine('}\nelse {');
      this._withScopedSyntax(() => this.compile(node.else_, frame));
    }
    this._emitLine('}');
  }

  /**
   * Jinja2 loops: iterate dict keys, filter with `if` before counting, and
   * give each iteration its own scope, so a `set` inside the body is gone at
   * the next iteration and after the loop.
   */
  compileFor(node: NjNode, frame: NjFrame): void {
    const arr = this._tmpid();
    const len = this._tmpid();
    const i = this._tmpid();
    const names: NjNode[] = node.name instanceof nodes.Array! ? node.name.children : [node.name];
    const ids = names.map(() => this._tmpid());
    this._emitPosition(node);
    frame = frame.push();
    names.forEach((n, k) => frame.set(n.value, ids[k]));
    this._emitLine('frame = frame.push();');
    this._emit(`var ${arr} = env.py.iterate(`);
    this._compileExpression(node.arr, frame);
    this._emitLine(');');
    if (node.test) {
      const kept = this._tmpid();
      const j = this._tmpid();
      this._emitLine(`var ${kept} = [];`);
      this._emitLine(`for (var ${j} = 0; ${j} < ${arr}.length; ${j}++) {`);
      this._emitLine('frame = frame.push(true);');
      this._emitLoopTargets(names, ids, `${arr}[${j}]`);
      this._emit('if (env.py.truthy(');
      this._compileExpression(node.test, frame);
      this._emitLine(`)) ${kept}.push(${arr}[${j}]);`);
      this._emitLine('frame = frame.pop();');
      this._emitLine('}');
      this._emitLine(`${arr} = ${kept};`);
    }
    this._emitLine(`var ${len} = ${arr}.length;`);
    this._emitLine(`for (var ${i} = 0; ${i} < ${len}; ${i}++) {`);
    this._emitLine('frame = frame.push(true);');
    this._emitLoopTargets(names, ids, `${arr}[${i}]`);
    // The iteration frame is new, so variables go straight into it (what
    // frame.set would do, without splitting names on dots each time).
    this._emitLine(
      `frame.variables.loop = {index: ${i} + 1, index0: ${i}, revindex: ${len} - ${i}, revindex0: ${len} - ${i} - 1, ` +
        `first: ${i} === 0, last: ${i} === ${len} - 1, length: ${len}};`,
    );
    this._withScopedSyntax(() => this.compile(node.body, frame));
    this._emitLine('frame = frame.pop();');
    this._emitLine('}');
    if (node.else_) {
      this._emitLine(`if (!${len}) {`);
      this.compile(node.else_, frame);
      this._emitLine('}');
    }
    this._emitLine('frame = frame.pop();');
  }

  compileSet(node: NjNode, frame: NjFrame): void {
    this._emitPosition(node);
    super.compileSet(node, frame);
  }

  compileInclude(node: NjNode, frame: NjFrame): void {
    this._emitPosition(node);
    super.compileInclude(node, frame);
  }

  /**
   * Keep the generated function's `lineno`/`colno` (which nunjucks reports
   * on errors, 1-based) at the statement being run; nunjucks itself only
   * tracks function calls.
   */
  private _emitPosition(node: NjNode): void {
    this._emitLine(`lineno = ${node.lineno + 1}; colno = ${node.colno + 1};`);
  }

  private _emitLoopTargets(names: NjNode[], ids: string[], item: string): void {
    if (names.length === 1) {
      this._emitLine(`var ${ids[0]} = ${item};`);
    } else {
      const tuple = this._tmpid();
      this._emitLine(`var ${tuple} = env.py.unpack(${item}, ${names.length});`);
      ids.forEach((id, k) => this._emitLine(`var ${id} = ${tuple}[${k}];`));
    }
    names.forEach((n, k) => this._emitLine(`frame.variables[${JSON.stringify(n.value)}] = ${ids[k]};`));
  }

  private _emitCall(fn: string, left: NjNode, right: NjNode, frame: NjFrame): void {
    this._emit(`env.py.${fn}(`);
    this.compile(left, frame);
    this._emit(', ');
    this.compile(right, frame);
    this._emit(')');
  }

  private _emitShortCircuit(fn: 'or' | 'and', node: NjNode, frame: NjFrame): void {
    this._emit(`env.py.${fn}(`);
    this.compile(node.left, frame);
    this._emit(', () => (');
    this.compile(node.right, frame);
    this._emit('))');
  }
}
