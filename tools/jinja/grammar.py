"""Random Jinja2 templates for tools/jinja/fuzz.py, from a grammar of the
whole language: statements nested in statements, expressions of every
operator, literal form, filter, test, method call and global, typed so that
most of them compute something (and some of them fail as jinja2 fails), and
extra files reached by include, import and extends.

A template is a tree of Node: `kind` names the construct (counted in the
fuzzer's figures and kept in minimised cases), `parts` are text and child
nodes. The minimiser replaces a statement by nothing or by its body, and an
expression by one of its sub-expressions or by a leaf (see `reductions`).
"""
import random

SAFE_INT = 2**53 - 1


class Node:
    __slots__ = ("kind", "parts")

    def __init__(self, kind, *parts):
        self.kind = kind
        self.parts = list(parts)

    def text(self):
        return "".join(p if isinstance(p, str) else p.text() for p in self.parts)

    def children(self):
        return [p for p in self.parts if isinstance(p, Node)]

    def walk(self):
        yield self
        for c in self.children():
            yield from c.walk()

    @property
    def category(self):
        return self.kind.split(":", 1)[0]


def E(kind, *parts):
    return Node("expr:" + kind, *parts)


def S(kind, *parts):
    return Node("stmt:" + kind, *parts)


def seq(*parts):
    """Structure without a kind of its own (a body, an argument list)."""
    return Node("seq", *parts)


LEAVES = [Node("expr:leaf", "1"), Node("expr:leaf", "'a'"), Node("expr:leaf", "none")]
EMPTY = Node("seq")
NO_FILES = "  no include or import here"  # a scope key: bodies of the extra files reach no files (no endless recursion)


def reductions(root):
    """(node, replacement) pairs that make the tree smaller, biggest first."""
    for node in root.walk():
        if node.category == "stmt":
            yield node, EMPTY
            for child in node.children():
                if child.kind == "seq" and any(c.category == "stmt" for c in child.walk()):
                    yield node, child
        elif node.category == "expr" and node.kind != "expr:leaf":
            for child in node.walk():
                if child is not node and child.category == "expr":
                    yield node, child
            for leaf in LEAVES:
                yield node, leaf


def replaced(root, target, new):
    if root is target:
        return new
    if not any(isinstance(p, Node) for p in root.parts):
        return root
    return Node(root.kind, *[replaced(p, target, new) if isinstance(p, Node) else p for p in root.parts])


INT_LITS = ["0", "1", "2", "3", "7", "-4", "42", "1_000", "0x1F", "0o17", "0b101", "12345678901234567890", "100"]
FLOAT_LITS = ["1.5", "2.0", "-0.5", "2.5e-3", "1e3", "0.1", "3.14159", "1e16", "10.0"]
STR_LITS = ["'abc'", '"Hi"', "'a b c'", "'x\\ny'", "'\\u00e9t\\u00e9'", "'it\\'s'", "''", "'AbC dEf'", "'a,b,c'", "'  pad  '",
            "'<b>&</b>'", "'%s'", "'{}'", "'日本'", "'\\x41\\t'", "'Hello World'", "'\\N{BULLET} \\N{latin small letter e with acute}'",
            "'\\N{HANGUL SYLLABLE GAG}\\N{CJK UNIFIED IDEOGRAPH-4E2D}'"]
STR_POOL = ["", "abc", "Hello World", "it's", "a\"q", "ünï", "x\ny", "  sp  ", "<i>&amp;</i>", "CamelCase", "a,b,c", "10", "3.5",
            "<!-- c --><p>&notin; &eacute;t&eacute;&#x41;&#128;</p>"]
INT_POOL = [0, 1, 2, 3, -4, 7, 10, 42, -100, 2**53 + 7, 10**20]
FLOAT_POOL = [0.5, 2.0, -1.25, 1e-05, 3.14, 1e16, 100.0, -0.0, 0.1]

STR_FILTERS = ["upper", "lower", "title", "capitalize", "trim", "replace('a', 'X')", "truncate(9)", "truncate(5, true, '~')", "center(9)",
               "indent(2)", "indent(2, true)", "wordwrap(5)", "wordwrap(6, wrapstring='|')", "string", "e", "striptags", "urlencode",
               "tojson", "pprint", "reverse", "default('dflt')", "trim('a')", "format(1)", "wordcount|string", "length|string",
               "list|join('.')", "first", "last", "forceescape", "safe", "urlize", "filesizeformat", "replace('l', '', 1)",
               "center(width=7)", "capitalize|trim"]
STR_METHODS = ["upper()", "lower()", "strip()", "title()", "capitalize()", "swapcase()", "replace('a', '-')", "zfill(6)", "center(8, '*')",
               "ljust(6, '.')", "rjust(6)", "lstrip()", "rstrip('c')", "split()|join('+')", "split(',')|join('/')", "partition(' ')|join('|')",
               "casefold()", "expandtabs(2)", "strip('a')", "removeprefix('a')", "format(1, 'x')", "join(['1', '2'])", "encode()|length|string"]
LIST_FILTERS = ["sort", "sort(reverse=true)", "unique|list", "map('string')|list", "select|list", "reject|list", "batch(2)|list",
                "slice(2)|list", "reverse|list", "list", "sort(case_sensitive=true)", "map('upper')|list", "select('odd')|list",
                "reject('none')|list", "batch(3, 0)|list", "unique(true)|list", "rejectattr('real')|list", "map('default', 0)|list"]
TESTS = ["odd", "even", "defined", "undefined", "none", "string", "number", "integer", "float", "sequence", "mapping", "iterable",
         "lower", "upper", "true", "false", "boolean", "callable", "divisibleby 3", "divisibleby(2)", "in [1, 'abc', none]", "eq 1",
         "gt 2", "lt(0)", "ge 1", "le 10", "ne 'x'", "sameas none", "escaped", "equalto(1)", "greaterthan 0"]
COMPARE = ["==", "!=", "<", "<=", ">", ">="]
INT_OPS = ["+", "-", "*", "//", "%"]
LOOP_ATTRS = ["index", "index0", "revindex", "revindex0", "length", "depth"]
LOOP_OTHER = ["first", "last", "previtem", "nextitem", "cycle('x', 'y')", "changed(1)"]


class Grammar:
    def __init__(self, rng):
        self.r = rng

    def chance(self, p):
        return self.r.random() < p

    def pick(self, items):
        return self.r.choice(items)

    # ---------- values for the context ----------
    def value(self, kind, depth=0):
        r = self.r
        if kind == "int":
            return r.choice(INT_POOL)
        if kind == "float":
            return r.choice(FLOAT_POOL)
        if kind == "str":
            return r.choice(STR_POOL)
        if kind == "list":
            return [self.value(r.choice(["int", "int", "str", "float"]), depth + 1) for _ in range(r.randint(0, 4))]
        if kind == "dict":
            keys = r.sample(["a", "b", "name", "items", "k1", "Z"], r.randint(0, 4))
            d = {k: self.value(r.choice(["int", "str", "list"]) if depth < 1 else "int", depth + 1) for k in keys}
            if self.chance(0.2):
                d[r.choice([1, 2.5, None, (1, 2)])] = "non-str key"
            return d
        if kind == "users":
            return [{"name": r.choice(["ann", "Bob", "cid", "dee"]), "age": r.choice([20, 30, 30, 41])} for _ in range(r.randint(1, 4))]
        if kind == "tuple":
            return tuple(self.value(r.choice(["int", "str"])) for _ in range(r.randint(0, 3)))
        if kind == "bool":
            return r.random() < 0.5
        return None

    CONTEXT = {"n": "int", "m": "int", "f": "float", "s": "str", "t": "str", "l": "list", "ls": "list", "d": "dict", "users": "users",
               "tup": "tuple", "b": "bool", "nothing": "none"}

    def context(self):
        ctx = {name: self.value(kind) for name, kind in self.CONTEXT.items()}
        ctx["ls"] = [self.value("str") for _ in range(self.r.randint(0, 4))]
        ctx["m"] = self.r.randint(0, 5)
        return ctx

    # ---------- expressions ----------
    def var(self, scope, kind):
        names = [n for n, k in scope.items() if k == kind]
        if not names:
            return None
        return E("var", self.pick(names))

    def paren(self, node):
        """An operand of a binary operator: parentheses only sometimes, so that precedence is exercised."""
        return seq("(", node, ")") if self.chance(0.6) else node

    @staticmethod
    def atom(node):
        """The subject of a filter, test, subscript, attribute or call: filters bind tighter than operators."""
        return node if node.kind in ("expr:var",) or node.kind.startswith("expr:lit") else seq("(", node, ")")

    def expr(self, scope, kind=None, depth=0):
        if kind is None:
            kind = self.pick(["int", "int", "float", "str", "str", "list", "bool", "dict", "any"])
        if kind == "any":
            kind = self.pick(["int", "float", "str", "str", "list", "bool", "dict", "none"] if self.chance(0.95) else ["undefined", "complex"])
        if depth >= 3 or self.chance(0.3 + 0.2 * depth):
            return self.leaf(scope, kind)
        maker = getattr(self, "expr_" + kind, None)
        node = maker(scope, depth + 1) if maker else self.leaf(scope, kind)
        if self.chance(0.06):
            node = E("cond", "(", node, " if ", self.expr(scope, "bool", depth + 1), " else ", self.expr(scope, kind, depth + 1), ")")
        return node

    def leaf(self, scope, kind):
        if kind in ("int", "float", "str", "list", "dict", "bool") and self.chance(0.5):
            v = self.var(scope, kind if kind != "list" else self.pick(["list", "list", "tuple"]))
            if v is not None:
                return v
        if kind == "int":
            return E("lit-int", self.pick(INT_LITS))
        if kind == "float":
            return E("lit-float", self.pick(FLOAT_LITS))
        if kind == "str":
            return E("lit-str", self.pick(STR_LITS))
        if kind == "bool":
            return E("lit-bool", self.pick(["true", "false", "True", "False"]))
        if kind == "list":
            return self.pick([E("lit-list", "[1, 2, 3]"), E("lit-list", "['b', 'a', 'C']"), E("lit-list", "[]"), E("lit-tuple", "(1, 'x')"),
                              E("lit-tuple", "('a',)"), E("lit-list", "[3, 1.5, -2]"), E("lit-tuple", "()")])
        if kind == "dict":
            return self.pick([E("lit-dict", "{'a': 1, 'b': 2}"), E("lit-dict", "{}"), E("lit-dict", "{1: 'x', 'k': [1]}")])
        if kind == "undefined":
            return E("undefined", self.pick(["nope", "d.missing", "l[99]", "s.nomethod"]))
        if kind == "complex":
            return E("complex", "(", self.pick(["(-4)", "(-2.25)", "(-1.0)", "f", "(-n)"]), " ** ", self.pick(["0.5", "1.5", "-0.5"]), ")")
        return E("lit-none", self.pick(["none", "None"]))

    def expr_int(self, scope, depth):
        c = self.r.randrange(13)
        x = lambda k="int": self.atom(self.expr(scope, k, depth))  # noqa: E731
        if c == 0:
            op = self.pick(INT_OPS)
            return E("op" + op, x(), f" {op} ", x())
        if c == 1:
            # A variable exponent keeps a folded negative base from folding: jinja2 then runs `(-2 ** m)`.
            exponent = E("var", "m") if self.chance(0.3) else E("lit-int", self.pick(["0", "2", "3", "-1"]))
            return E("op**", x(), " ** ", exponent)
        if c == 2:
            return E("op-neg", "-", x())
        if c == 3:
            return E("filter-length", x(self.pick(["list", "str", "dict"])), "|", self.pick(["length", "count"]))
        if c == 4:
            return E("filter-int", x(self.pick(["str", "float", "bool"])), "|int")
        if c == 5:
            return E("filter-sum", self.pick(["[1, 2, 3]", "range(4)", "l|select('number')"]), "|sum")
        if c == 6:
            return E("filter-abs", x(), "|abs")
        if c == 7:
            return E("method-str.count", x("str"), ".count(", self.expr(scope, "str", depth), ")")
        if c == 8:
            return E("filter-round", x("float"), "|round|int")
        if c == 9 and "loop" in scope:
            return E("loop-attr", "loop." + self.pick(LOOP_ATTRS))
        if c == 10:
            return E("method-str.find", x("str"), ".find(", self.expr(scope, "str", depth), ")")
        if c == 11:
            return E("global-range", "range(", self.expr(scope, "int", depth), ")|length")
        return E("getitem", x("list"), "[", E("lit-int", self.pick(["0", "-1", "1"])), "]")

    def expr_float(self, scope, depth):
        c = self.r.randrange(6)
        if c == 0:
            return E("op/", self.paren(self.expr(scope, "int", depth)), " / ", self.paren(self.expr(scope, "int", depth)))
        if c == 1:
            op = self.pick(["+", "-", "*", "//", "%"])
            return E("op" + op, self.paren(self.expr(scope, "float", depth)), f" {op} ", self.paren(self.expr(scope, "int", depth)))
        if c == 2:
            return E("filter-float", self.atom(self.expr(scope, self.pick(["str", "int"]), depth)), "|float")
        if c == 3:
            return E("filter-round", self.atom(self.expr(scope, "float", depth)), "|round(", self.pick(["1", "2", "0, 'floor'", "1, 'ceil'"]), ")")
        if c == 4:
            return E("op**", self.paren(self.expr(scope, "float", depth)), " ** ", self.pick(["2", "0.5", "-1"]))
        return E("filter-sum", self.pick(["[1.5, 2]", "[0.1, 0.2]"]), "|sum")

    def expr_str(self, scope, depth):
        c = self.r.randrange(12)
        x = lambda k="str": self.atom(self.expr(scope, k, depth))  # noqa: E731
        if c == 0:
            return E("op~", x("any"), " ~ ", x("any"))
        if c == 1:
            return E("op+", x(), " + ", x())
        if c in (2, 3):
            f = self.pick(STR_FILTERS)
            return E("filter-" + f.split("(")[0].split("|")[0], x(self.pick(["str", "str", "any"])), "|" + f)
        if c in (4, 5):
            m = self.pick(STR_METHODS)
            return E("method-str." + m.split("(")[0], x(), "." + m)
        if c == 6:
            if self.chance(0.3):
                return E("op%", E("lit-str", "'%s-%d'"), " % ", seq("(", self.expr(scope, "any", depth), ", ", self.expr(scope, "int", depth), ")"))
            return E("op%", E("lit-str", self.pick(["'%s'", "'%d!'", "'%r'", "'%5.1f'", "'%x'", "'%05d'", "'%-4s|'"])), " % ",
                     x(self.pick(["int", "str", "float"])))
        if c == 7:
            return E("method-str.format", E("lit-str", self.pick(["'{}'", "'{!r}'", "'{:>5}'", "'{0}{0}'", "'{:.2f}'", "'{:,}'"])), ".format(", x("any"), ")")
        if c == 8:
            return E("slice", x(), self.pick(["[1:3]", "[::-1]", "[:2]", "[-2:]", "[::2]", "[0]", "[-1]"]))
        if c == 9:
            return E("filter-join", x("list"), "|join", self.pick(["", "(', ')", "('-')"]))
        if c == 10 and "loop" in scope:
            return E("loop-other", "loop." + self.pick(LOOP_OTHER))
        return E("filter-string", x("any"), self.pick(["|string", "|pprint", "|tojson", "|list|string"]))

    def expr_list(self, scope, depth):
        c = self.r.randrange(10)
        x = lambda k="list": self.atom(self.expr(scope, k, depth))  # noqa: E731
        if c == 0:
            return E("lit-list", "[", self.expr(scope, "any", depth), ", ", self.expr(scope, "any", depth), "]")
        if c == 1:
            return E("lit-tuple", "(", self.expr(scope, "any", depth), self.pick([",)", ", 2)"]))
        if c == 2:
            return E("op+", x(), " + ", x())
        if c == 3:
            return E("op*", x(), " * ", E("lit-int", self.pick(["0", "2"])))
        if c in (4, 5):
            f = self.pick(LIST_FILTERS)
            return E("filter-" + f.split("(")[0].split("|")[0], x(), "|" + f)
        if c == 6:
            return E("method-str.split", self.atom(self.expr(scope, "str", depth)), self.pick([".split()", ".split(',')", ".split(' ', 1)"]))
        if c == 7:
            return E("method-dict", self.atom(self.expr(scope, "dict", depth)), self.pick([".items()|list", ".keys()|list", ".values()|list", "|dictsort", "|list"]))
        if c == 8:
            return E("global-range", "range(", self.pick(["3", "1, 4", "5, 0, -2", "m"]), ")|list")
        return E("filter-users", E("var", "users"), self.pick(["|map(attribute='name')|list", "|selectattr('age', 'gt', 25)|list",
                                                               "|groupby('age')", "|sort(attribute='age')", "|map(attribute='age')|unique|list",
                                                               "|rejectattr('name', 'lower')|list", "|sum(attribute='age')|string|list"]))

    def expr_dict(self, scope, depth):
        c = self.r.randrange(3)
        if c == 0:
            return E("lit-dict", "{", self.expr(scope, "str", depth), ": ", self.expr(scope, "any", depth), "}")
        if c == 1:
            return E("global-dict", "dict(k=", self.expr(scope, "any", depth), ")")
        return E("lit-dict", "{'x': ", self.expr(scope, "any", depth), ", 1: ", self.expr(scope, "any", depth), "}")

    def expr_complex(self, scope, depth):
        """A negative float to a fractional power, then arithmetic, filters and formatting on it."""
        c = self.leaf(scope, "complex")
        k = self.r.randrange(4)
        if k == 0:
            op = self.pick(["+", "-", "*", "/", "**", "==", "//"])
            return E("op-complex", c, f" {op} ", self.paren(self.expr(scope, self.pick(["int", "float", "complex"]), depth)))
        if k == 1:
            return E("filter-complex", c, self.pick(["|abs", "|string", "|float", "|int", "|round", "|tojson", "|pprint"]))
        if k == 2:
            return E("format-complex", self.pick(["'{:.2f}'", "'{}'", "'{:.3}'", "'%s'"]), self.pick([".format(", " % ("]), c, ")")
        return E("attr-complex", c, self.pick([".real", ".imag", ".conjugate()", " is number", "|list"]))

    def expr_bool(self, scope, depth):
        c = self.r.randrange(7)
        if c in (0, 1):
            op = self.pick(COMPARE)
            k = self.pick(["int", "int", "str", "float"] if self.chance(0.9) else ["list", "any"])
            return E("cmp" + op, self.paren(self.expr(scope, k, depth)), f" {op} ", self.paren(self.expr(scope, k, depth)))
        if c == 2:
            return E("op-in", self.paren(self.expr(scope, "any", depth)), self.pick([" in ", " not in "]),
                     self.paren(self.expr(scope, self.pick(["list", "str", "dict"]), depth)))
        if c == 3:
            t = self.pick(TESTS)
            return E("test-" + t.split(" ")[0].split("(")[0], self.atom(self.expr(scope, "any", depth)), self.pick([" is ", " is not "]), t)
        if c == 4:
            op = self.pick(["and", "or"])
            return E("logic-" + op, self.paren(self.expr(scope, "any", depth)), f" {op} ", self.paren(self.expr(scope, "any", depth)))
        if c == 5:
            return E("logic-not", "not ", self.paren(self.expr(scope, "any", depth)))
        return E("cmp-chain", self.expr(scope, "int", depth), " < ", self.expr(scope, "int", depth), " <= ", self.expr(scope, "int", depth))

    # ---------- statements ----------
    def tag(self, body):
        return ("{%- " if self.chance(0.15) else "{% ") + body + (" -%}" if self.chance(0.15) else " %}")

    def body(self, scope, depth, count=None):
        n = count if count is not None else self.r.randint(1, 2)
        return seq(*[self.stmt(scope, depth) for _ in range(n)])

    def stmt(self, scope, depth=0):
        if depth >= 3 or self.chance(0.4):
            return self.pick([self.text, self.output, self.output])(scope)
        c = self.pick(["if", "if", "for", "for", "set", "set-tuple", "set-block", "namespace", "with", "macro", "call", "filter",
                       "raw", "comment", "cycler-joiner"] + ([] if NO_FILES in scope else ["include", "import"]))
        return getattr(self, "stmt_" + c.replace("-", "_"))(scope, depth + 1)

    def text(self, scope):
        return S("text", self.pick(["x", " ", "\n", "text ", "a\n  b", "-", ", ", "\n\n", "  ", "}", "#"]))

    def output(self, scope):
        lead, trail = ("{{- ", "{{ ")[not self.chance(0.1)], (" -}}", " }}")[not self.chance(0.1)]
        return S("output", lead, self.expr(scope), trail)

    def stmt_if(self, scope, depth):
        node = S("if", "{% if ", self.expr(scope, "any" if self.chance(0.3) else "bool"), " %}", self.body(scope, depth))
        for _ in range(self.r.choice([0, 0, 1, 2])):
            node.parts += ["{% elif ", self.expr(scope, "bool"), " %}", self.body(scope, depth)]
        if self.chance(0.5):
            node.parts += [self.tag("else"), self.body(scope, depth)]
        node.parts.append(self.tag("endif"))
        return node

    def stmt_for(self, scope, depth):
        inner = dict(scope, loop="loop")
        c = self.r.randrange(5)
        if c == 0:
            inner["k"], inner["v"] = "str", "any"
            head = seq("k, v in ", self.atom(self.expr(scope, "dict", depth)), ".items()")
        elif c == 1:
            inner["u"] = "dict"
            head = seq("u in users")
        elif c == 2:
            inner["x"] = "int"
            head = seq("x in ", self.pick(["range(", "range(1, "]), E("lit-int", self.pick(["3", "4", "0"])), ")")
        else:
            inner["x"] = self.pick(["int", "str", "any"])
            head = seq("x in ", self.expr(scope, "list" if self.chance(0.8) else "str", depth))
        node = S("for", "{% for ", head)
        if self.chance(0.25):
            node.parts += [" if ", self.expr(inner, "bool", depth)]
        if self.chance(0.1):
            node.parts.append(" recursive")
        node.parts += [" %}", self.body(inner, depth)]
        if self.chance(0.3):
            node.parts += [self.tag("else"), self.body(scope, depth)]
        node.parts.append(self.tag("endfor"))
        return node

    def fresh(self, scope, kind):
        name = "v%d" % self.r.randrange(4)
        scope[name] = kind
        return name

    def stmt_set(self, scope, depth):
        kind = self.pick(["int", "str", "list", "dict", "bool", "float"])
        value = self.expr(scope, kind, depth)
        return S("set", "{% set " + self.fresh(scope, kind) + " = ", value, " %}")

    def stmt_set_tuple(self, scope, depth):
        a, b = self.expr(scope, "int", depth), self.expr(scope, "str", depth)
        names = self.fresh(scope, "int") + ", " + self.fresh(scope, "str")
        return S("set-tuple", "{% set " + names + " = ", a, ", ", b, " %}")

    def stmt_set_block(self, scope, depth):
        f = self.pick(["", " | upper", " | trim", " | replace('a', 'b') | title", " | length | string"])
        body = self.body(scope, depth)
        return S("set-block", "{% set " + self.fresh(scope, "str") + f + " %}", body, "{% endset %}")

    def stmt_namespace(self, scope, depth):
        inner = dict(scope, loop="loop", x="int")
        return S("namespace", "{% set ns = namespace(total=", self.expr(scope, "int", depth), ", seen=[]) %}",
                 "{% for x in range(3) %}{% set ns.total = ns.total + ", self.expr(inner, "int", depth), " %}",
                 self.body(inner, depth, 1), "{% endfor %}{{ ns.total }}")

    def stmt_with(self, scope, depth):
        inner = dict(scope, w="any")
        return S("with", "{% with w = ", self.expr(scope, "any", depth), " %}", self.body(inner, depth), self.tag("endwith"))

    def macro_def(self, scope, depth, name, with_caller=False):
        params = {"a": "any", "b": "any"}
        body = self.body(dict(params, **{k: v for k, v in scope.items() if k in self.CONTEXT or k == NO_FILES}), depth)
        if with_caller:
            body = seq(body, "[", "{{ caller(", self.expr(params, "any", depth), ") }}", "]")
        extra = self.pick(["", "{{ varargs }}", "{{ kwargs }}", "{{ " + name + ".name }}"])
        return S("macro", "{% macro " + name + "(a, b=", self.expr({}, "any", depth), ") %}", body, extra, self.tag("endmacro"))

    def macro_args(self, scope, depth):
        return self.pick([
            seq(self.expr(scope, "any", depth)),
            seq(self.expr(scope, "any", depth), ", ", self.expr(scope, "any", depth)),
            seq(self.expr(scope, "any", depth), ", b=", self.expr(scope, "any", depth)),
            seq("b=", self.expr(scope, "any", depth), ", a=", self.expr(scope, "any", depth)),
        ] + ([seq(self.expr(scope, "any", depth), ", 1, 2"), seq(self.expr(scope, "any", depth), ", z=", self.expr(scope, "any", depth))]
             if self.chance(0.2) else []))

    def stmt_macro(self, scope, depth):
        definition = self.macro_def(scope, depth, "mac")
        calls = [S("macro-call", "{{ mac(", self.macro_args(scope, depth), ") }}") for _ in range(self.r.randint(1, 2))]
        return S("macro", definition, *calls)

    def stmt_call(self, scope, depth):
        definition = self.macro_def(scope, depth, "wrap", with_caller=True)
        inner = dict(scope, item="any")
        return S("call", definition, "{% call(item) wrap(", self.expr(scope, "any", depth), ") %}", self.body(inner, depth), "{% endcall %}")

    def stmt_filter(self, scope, depth):
        f = self.pick(["upper", "lower", "title", "trim", "replace('a', '_')", "center(12)", "indent(2)", "wordcount|string", "reverse", "e"])
        return S("filter", "{% filter " + f + " %}", self.body(scope, depth), self.tag("endfilter"))

    def stmt_include(self, scope, depth):
        form = self.pick(["'inc.j2'", "'inc.j2' without context", "'inc.j2' with context", "['nope.j2', 'inc.j2']",
                          "'nope.j2' ignore missing", "'inc.j2' ignore missing"])
        return S("include", "{% include " + form + " %}")

    def stmt_import(self, scope, depth):
        if self.chance(0.5):
            ctx = self.pick(["", " with context", " without context"])
            return S("import", "{% import 'lib.j2' as lib" + ctx + " %}{{ lib.lm(", self.macro_args(scope, depth), ") }}{{ lib.answer }}")
        ctx = self.pick(["", " with context"])
        return S("from-import", "{% from 'lib.j2' import lm as imported, answer" + ctx + " %}{{ imported(", self.macro_args(scope, depth), ") }}{{ answer }}")

    def stmt_raw(self, scope, depth):
        return S("raw", self.tag("raw"), self.pick(["{{ x }}", "{% if %}", " a {# b #} "]), self.tag("endraw"))

    def stmt_comment(self, scope, depth):
        return S("comment", self.pick(["{# c #}", "{#- c -#}", "{# {{ x }} #}", "{# multi\nline #}"]))

    def stmt_cycler_joiner(self, scope, depth):
        inner = dict(scope, loop="loop", x="int")
        if self.chance(0.5):
            return S("cycler", "{% set cy = cycler('a', 'b', 'c') %}{% for x in range(", E("lit-int", self.pick(["2", "4"])), ") %}{{ cy.next() }}",
                     self.body(inner, depth, 1), "{% endfor %}{{ cy.current }}")
        return S("joiner", "{% set jn = joiner(", E("lit-str", self.pick(["', '", "'|'"])), ") %}{% for x in ",
                 self.expr(scope, "list", depth), " %}{{ jn() }}", self.body(inner, depth, 1), "{% endfor %}")

    # ---------- a case: main template, its files, its context ----------
    def case(self):
        context = self.context()
        scope = dict(self.CONTEXT)
        leaf_file = dict(scope, **{NO_FILES: "-"})
        files = {}
        files["inc.j2"] = seq(self.body(dict(leaf_file), 1))
        files["lib.j2"] = seq(self.macro_def(leaf_file, 1, "lm"), "{% set answer = ", self.expr({}, "any", 2), " %}")
        if self.chance(0.15):
            blocks = ["b1", "b2"]
            files["base.j2"] = seq(*[seq(self.body(dict(scope), 2, 1), S("block", "{% block " + b + " %}", self.body(dict(scope), 2), "{% endblock %}"))
                                     for b in blocks])
            overrides = [S("block", "{% block " + b + " %}", self.pick(["", "{{ super() }}"]), self.body(dict(scope), 2), "{% endblock %}")
                         for b in blocks if self.chance(0.7)]
            main = seq(S("extends", "{% extends 'base.j2' %}"), *overrides)
        else:
            main = self.body(scope, 0, self.r.randint(1, 2))
        return main, files, context


def generate(seed, count):
    rng = random.Random(seed)
    g = Grammar(rng)
    for i in range(count):
        yield i, g.case()
