#!/usr/bin/env python3
"""Differential fuzzer: random templates (tools/jinja/grammar.py, seeded)
rendered by Python jinja2 3.1 as process-templates.py renders and by tht
(one node process for the whole run, tools/jinja/tht-serve.mjs), compared as
test/jinja-conformance.test.ts compares, except that an object address
(`<generator object ... at 0x7f...>`) printed by both at the same place
counts as equal: no engine can print CPython's addresses. Prints the figures
per case and per top-level statement (each rendered on its own, with the
case's files and context), agreement per statement/expression kind, tht
crashes and hangs, and the disagreements, each minimised by delta debugging
on the template tree. Run through tools/jinja-fuzz.sh; see its header.
"""
import argparse
import collections
import json
import os
import re
import signal
import subprocess
import sys
import threading

sys.dont_write_bytecode = True  # no __pycache__ in the worktree
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from grammar import generate, reductions, replaced  # noqa: E402
from reference import encode, render  # noqa: E402


class ReferenceTimeout(BaseException):
    """Raised by the alarm: a BaseException, so that jinja2 and reference.render do not catch it."""


def _alarm(signum, frame):
    raise ReferenceTimeout()


def render_reference(case, seconds):
    """jinja2's result for a case, or None when jinja2 itself takes too long."""
    main, files, context = case
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return render(main.text(), context, {name: tree.text() for name, tree in files.items()})
    except ReferenceTimeout:
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def as_json_case(case, result, ident):
    main, files, context = case
    c = {"id": ident, "template": main.text(), "files": {n: t.text() for n, t in files.items()},
         "context": {name: encode(v) for name, v in context.items()}}
    c.update(result)
    return c


ADDRESS = re.compile(r" at 0x[0-9a-f]+>")


def agrees(result):
    """The conformance suite's verdict, with CPython's object addresses taken as equal where both sides print one."""
    if result["agree"]:
        return True
    expected, actual = result["expected"], result["actual"]
    if "output" not in expected or "output" not in (actual or {}):
        return False
    theirs, ours = expected["output"], actual["output"]
    return ADDRESS.search(theirs) is not None and ADDRESS.sub(" at 0x>", theirs) == ADDRESS.sub(" at 0x>", ours)


class Tht:
    """The node process: one case a line in, one result a line out."""

    def __init__(self, timeout_ms):
        cmd = ["node", os.path.join(HERE, "tht-serve.mjs"), "--timeout", str(timeout_ms)]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8", bufsize=1)
        ready = self.proc.stdout.readline()
        if not ready:
            sys.exit("jinja-fuzz: tht-serve.mjs did not start (did `npm ci` run?)")

    def batch(self, cases):
        """Results for many cases: a writer thread feeds the pipe while this one reads."""
        def feed():
            for c in cases:
                self.proc.stdin.write(json.dumps(c, ensure_ascii=False) + "\n")
            self.proc.stdin.flush()
        writer = threading.Thread(target=feed)
        writer.start()
        results = [json.loads(self.proc.stdout.readline()) for _ in cases]
        writer.join()
        return results

    def one(self, case):
        return self.batch([case])[0]

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


def outcome_kind(observed):
    if observed is None:
        return "?"
    if "output" in observed:
        return "output"
    if "error" in observed:
        return observed["error"]["kind"]
    return "hang" if "hang" in observed else "crash"


def signature(result):
    """How a case disagrees: jinja2's outcome kind against tht's."""
    return (outcome_kind(result["expected"]), outcome_kind(result["actual"]))


def fault(result, reference):
    """What the minimiser must keep: the signature, plus jinja2's error and tht's message
    (without the `path:line:` prefix), so that a smaller case shows the same fault, not another one."""
    error = reference.get("error")
    theirs = (error["class"], error["message"]) if error else None
    ours = (result.get("message") or result["actual"].get("crash") or "").split(": ", 1)[-1]
    return signature(result), theirs, ours


def kinds_of(case):
    main, files, _ = case
    trees = [main] + list(files.values())
    return {n.kind for tree in trees for n in tree.walk() if n.kind != "seq"}


class Minimiser:
    def __init__(self, tht, seconds, budget):
        self.tht, self.seconds, self.budget = tht, seconds, budget

    def candidates(self, case):
        main, files, context = case
        for target, new in reductions(main):
            yield (replaced(main, target, new), files, context)
        for name, tree in files.items():
            yield (main, {n: t for n, t in files.items() if n != name}, context)
            for target, new in reductions(tree):
                yield (main, dict(files, **{name: replaced(tree, target, new)}), context)
        for name in context:
            yield (main, files, {n: v for n, v in context.items() if n != name})

    def still_fails(self, case, sig):
        reference = render_reference(case, self.seconds)
        if reference is None:
            return None
        result = self.tht.one(as_json_case(case, reference, "min"))
        return result if not agrees(result) and fault(result, reference) == sig else None

    def minimise(self, case, result, reference):
        """Greedy hierarchical delta debugging: take the first smaller variant that disagrees the same way, until none does."""
        sig, tests, improved = fault(result, reference), 0, True
        budget = self.budget if "hang" not in result["actual"] else min(self.budget, 30)  # each hang test costs a timeout
        while improved and tests < budget:
            improved = False
            for cand in self.candidates(case):
                tests += 1
                r = self.still_fails(cand, sig)
                if r is not None:
                    case, result, improved = cand, r, True
                    break
                if tests >= budget:
                    break
        return case, result


# Kinds that carry any fault (an output tag, a placeholder leaf, a variable): not counted as culprits.
CARRIERS = {"stmt:output", "expr:leaf", "expr:var"}


def tht_message(result):
    """tht's side of a disagreement in a few words: its error message without path, line and quoted values."""
    actual = result["actual"]
    if "output" in actual:
        return "different output"
    if "hang" in actual:
        return "hang"
    text = actual.get("crash") or (result.get("message") or "").split(": ", 1)[-1].split("Jinja ", 1)[-1]
    return re.sub(r"'[^']*'|`[^`]*`|\"[^\"]*\"|\d+", "_", text)[:90]


def statements(case):
    """The case's top-level statements, each as a case of its own (same files and context)."""
    main, files, context = case
    parts = main.children() if main.kind == "seq" else [main]
    return [(part, files, context) for part in parts]


def size(case):
    main, files, _ = case
    return len(main.text()) + sum(len(t.text()) for t in files.values())


def show(case, result, reference, out):
    main, files, context = case
    used = {n.parts[0] for tree in [main] + list(files.values()) for n in tree.walk() if n.kind == "expr:var"}
    out.write(f"  template: {main.text()!r}\n")
    for name, tree in files.items():
        out.write(f"  {name}: {tree.text()!r}\n")
    shown = {k: v for k, v in context.items() if k in used}
    if shown:
        out.write(f"  context: {shown!r}\n")
    out.write(f"  jinja2:  {json.dumps(reference, ensure_ascii=False)}\n")
    out.write(f"  tht:     {json.dumps(result['actual'], ensure_ascii=False)}")
    if result.get("message"):
        out.write(f"  ({result['message']})")
    out.write("\n")


def main():
    parser = argparse.ArgumentParser(prog="tools/jinja-fuzz.sh", description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--timeout", type=int, default=3000, help="ms a tht case may take before it counts as a hang")
    parser.add_argument("--minimise", type=int, default=20, help="how many disagreements to minimise and print (0: none)")
    parser.add_argument("--budget", type=int, default=400, help="renders the minimiser may spend on one disagreement")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args()
    seconds = 5.0

    cases = [case for _, case in generate(args.seed, args.count)]
    references = [render_reference(c, seconds) for c in cases]
    runnable = [(c, r) for c, r in zip(cases, references) if r is not None]
    tht = Tht(args.timeout)
    results = tht.batch([as_json_case(c, r, str(i)) for i, (c, r) in enumerate(runnable)])

    per_kind = collections.defaultdict(lambda: [0, 0])
    sigs = collections.Counter()
    crashes, hangs, agree = 0, 0, 0
    for (case, _), result in zip(runnable, results):
        ok = agrees(result)
        agree += ok
        actual = outcome_kind(result["actual"])
        crashes += actual == "crash"
        hangs += actual == "hang"
        if not ok:
            sigs[signature(result)] += 1
        for kind in kinds_of(case):
            per_kind[kind][0] += 1
            per_kind[kind][1] += ok

    # Per top-level statement: a case of one statement is its own figure; the others render each statement alone.
    stmt_total, stmt_agree, stmt_crashes, stmt_hangs, stmt_skipped = 0, 0, 0, 0, 0
    split = []
    for (case, _), result in zip(runnable, results):
        parts = statements(case)
        if len(parts) == 1:
            stmt_total += 1
            stmt_agree += agrees(result)
            stmt_crashes += outcome_kind(result["actual"]) == "crash"
            stmt_hangs += outcome_kind(result["actual"]) == "hang"
        else:
            split += parts
    split_refs = [render_reference(c, seconds) for c in split]
    stmt_skipped += sum(r is None for r in split_refs)
    split_run = [(c, r) for c, r in zip(split, split_refs) if r is not None]
    split_results = tht.batch([as_json_case(c, r, f"s{i}") for i, (c, r) in enumerate(split_run)])
    for result in split_results:
        stmt_total += 1
        stmt_agree += agrees(result)
        stmt_crashes += outcome_kind(result["actual"]) == "crash"
        stmt_hangs += outcome_kind(result["actual"]) == "hang"
    errors = sum("error" in r for _, r in runnable)
    n = len(runnable)
    out = sys.stdout
    out.write(f"jinja-fuzz seed {args.seed}: {n} cases ({len(cases) - n} skipped: jinja2 took over {seconds:.0f} s), "
              f"{errors} of them jinja2 errors\n")
    out.write(f"agreement: {agree}/{n} = {100 * agree / max(n, 1):.1f}%   tht crashes: {crashes}   hangs (> {args.timeout} ms): {hangs}\n")
    out.write(f"statements: {stmt_agree}/{stmt_total} = {100 * stmt_agree / max(stmt_total, 1):.2f}% agree   tht crashes: {stmt_crashes}   "
              f"hangs: {stmt_hangs}" + (f"   ({stmt_skipped} skipped: jinja2 took over {seconds:.0f} s)" if stmt_skipped else "") + "\n")
    out.write("disagreements (jinja2 -> tht): " + ", ".join(f"{a} -> {b}: {k}" for (a, b), k in sigs.most_common()) + "\n")
    messages = collections.Counter(tht_message(r) for r in results if not agrees(r))
    out.write("\nmost common disagreements, by what tht did:\n")
    for message, k in messages.most_common(15):
        out.write(f"  {k:5}  {message}\n")
    out.write("\nagreement per kind (cases containing it):\n")
    for kind, (total, ok) in sorted(per_kind.items(), key=lambda kv: (kv[1][1] / kv[1][0], kv[0])):
        out.write(f"  {kind:32} {100 * ok / total:5.1f}%  of {total}\n")

    culprits = collections.Counter()
    if args.minimise:
        minimiser = Minimiser(tht, seconds, args.budget)
        failing = [(c, r, ref) for (c, ref), r in zip(runnable + split_run, results + split_results) if not agrees(r)]
        # Smallest first, and one per signature-and-kind-set, so the list shows distinct faults.
        failing.sort(key=lambda cr: (outcome_kind(cr[1]["actual"]) not in ("crash", "hang"), size(cr[0])))
        seen, seen_before = set(), set()
        out.write(f"\nminimised disagreements (up to {args.minimise}, one per fault):\n")
        shown = 0
        for case, result, reference in failing:
            if shown >= args.minimise:
                break
            before = (signature(result), tht_message(result))
            if before in seen_before and before[1] != "different output":
                continue  # the same tht error as one already shown
            seen_before.add(before)
            small, small_result = minimiser.minimise(case, result, reference)
            key = (signature(small_result), tht_message(small_result), frozenset(kinds_of(small) - CARRIERS))
            if key in seen:
                continue
            seen.add(key)
            shown += 1
            kinds = sorted(kinds_of(small))
            culprits.update(k for k in kinds if k not in CARRIERS)
            out.write(f"\n#{shown} {signature(small_result)[0]} -> {signature(small_result)[1]}; kinds: {', '.join(kinds)}\n")
            show(small, small_result, render_reference(small, seconds), out)
        out.write("\nkinds in minimised disagreements: " + ", ".join(f"{k} {v}" for k, v in culprits.most_common(15)) + "\n")
    tht.close()
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"seed": args.seed, "cases": n, "agree": agree, "crashes": crashes, "hangs": hangs,
                       "statements": stmt_total, "statements_agree": stmt_agree, "statement_crashes": stmt_crashes, "statement_hangs": stmt_hangs,
                       "signatures": {f"{a} -> {b}": k for (a, b), k in sigs.items()},
                       "per_kind": {k: {"cases": t, "agree": o} for k, (t, o) in per_kind.items()},
                       "tht_messages": dict(messages.most_common(30)), "minimised_kinds": dict(culprits)}, f, indent=1)


if __name__ == "__main__":
    main()
