"""The reference side of tht's Jinja measurements: Python jinja2 3.1 run the
way THT's tools/process-templates.py runs it, and the typed JSON that carries
Python values to the TypeScript side without losing what JSON cannot say.

process-templates.py builds a default `jinja2.Environment(loader=...)`
(autoescape off, keep_trailing_newline False, lenient Undefined), compiles the
template with `from_string` and calls `render(**data)`. A case's extra files
are served by a loader that resolves names as FileSystemLoader does.

Typed JSON (decoded by test/helpers/jinja.ts into src/yaml/python.ts):
    None, bool, str, list      -> JSON null, boolean, string, array
    int                        -> a JSON integer inside +-(2**53 - 1), else {"int": "<digits>"}
    float                      -> {"float": repr(x)}   ('1.0', '-0.0', 'inf', 'nan', '1e+20')
    tuple                      -> {"tuple": [...]}
    dict                       -> {"dict": [[key, value], ...]}   (key types and order kept)
    datetime.date / .datetime  -> {"date": "2020-01-02"} / {"datetime": isoformat()}
    bytes                      -> {"bytes": [byte, ...]}
    set                        -> {"set": [...]}   (in this process's iteration order)
"""
import copy
import datetime
import sys

import jinja2
from jinja2.loaders import split_template_path

SAFE_INT = 2**53 - 1


def encode(value):
    """A Python value as typed JSON (see the module docstring)."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value if -SAFE_INT <= value <= SAFE_INT else {"int": str(value)}
    if isinstance(value, float):
        return {"float": repr(value)}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, tuple):
        return {"tuple": [encode(v) for v in value]}
    if isinstance(value, dict):
        return {"dict": [[encode(k), encode(v)] for k, v in value.items()]}
    if isinstance(value, datetime.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    if isinstance(value, bytes):
        return {"bytes": list(value)}
    if isinstance(value, set):
        return {"set": [encode(v) for v in value]}
    raise TypeError(f"no typed JSON for {type(value).__name__}")


class FilesLoader(jinja2.BaseLoader):
    """A case's extra files, resolved as FileSystemLoader resolves names
    (`./` segments dropped, `..` refused). The filename of each is its name,
    so the traceback tells which template an error is in."""

    def __init__(self, files):
        self.files = files

    def get_source(self, environment, template):
        name = "/".join(split_template_path(template))
        if name not in self.files:
            raise jinja2.TemplateNotFound(template)
        return self.files[name], name, lambda: True


MAIN = "<template>"  # the filename jinja2 gives a from_string template


def _error_location(exc, files):
    """(template name or None for the main template, line) of the innermost
    template frame of the traceback jinja2 rewrote, or (None, None)."""
    where = (None, None)
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename == MAIN:
            where = (None, tb.tb_lineno)
        elif filename in files:
            where = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return where


def render(template, context=None, files=None):
    """Render as process-templates.py does: {"output": text} or
    {"error": {"class", "message", "template", "lineno"}} where template is
    None for the main template and lineno None when jinja2 gives none.

    The template renders a deep copy of `context`: a template that mutates
    its data (`l.pop()`, `d.update(...)`) must leave the caller's values as
    they were, since the caller records them as the case's context (and may
    share them between cases, or render them again while minimising)."""
    files = files or {}
    env = jinja2.Environment(loader=FilesLoader(files))
    try:
        return {"output": env.from_string(template).render(**copy.deepcopy(context or {}))}
    except jinja2.TemplateSyntaxError as exc:
        return {"error": {"class": type(exc).__name__, "message": exc.message, "template": exc.name, "lineno": exc.lineno}}
    except RecursionError as exc:
        # The traceback is thousands of frames deep: its first template frame will do.
        return {"error": {"class": type(exc).__name__, "message": str(exc), "template": None, "lineno": None}}
    except Exception as exc:  # every error a template can raise is a case outcome
        name, lineno = _error_location(exc, files)
        return {"error": {"class": type(exc).__name__, "message": str(exc), "template": name, "lineno": lineno}}


def jinja2_version():
    return jinja2.__version__


if __name__ == "__main__":
    sys.exit("reference.py is a module for tools/jinja/cases.py and tools/jinja/fuzz.py")
