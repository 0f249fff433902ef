# Lantern's harness on the student's side, loaded into Pyodide by the browser worker (Run/Check) and by each
# grading process on the server. It runs the student's program and functions and reports what happened as plain
# data: output, exit codes, errors, and returned values as CPython marshal bytes (exact types only; an object of
# the student's own classes becomes an opaque handle). It decides no verdict: I/O output and call results are
# compared outside this interpreter, and assert tests run in another interpreter that never runs student code
# (lantern-tests.py), reaching the student's objects only through `op` below.
#
# The host keeps references to these functions taken before any student code runs. Every function returns JSON.
import base64
import builtins
import importlib
import io
import json
import marshal
import os
import sys
import traceback

_WORKDIR = "/home/pyodide/work"
_BASE_MODULES = frozenset(sys.modules)
_BUILTINS = dict(builtins.__dict__)
_SYS_PATH = list(sys.path)
_RECURSION_LIMIT = sys.getrecursionlimit()
_STREAMS = (sys.stdin, sys.stdout, sys.stderr)
# Student code may rebind builtins and patch modules; the harness keeps its own references.
_list, _len, _str, _isinstance, _int, _open, _compile, _exec, _type, _dict, _tuple = list, len, str, isinstance, int, open, compile, exec, type, dict, tuple
_getattr, _setattr, _iter, _next, _repr, _callable, _float, _bytes, _set = getattr, setattr, iter, next, repr, callable, float, bytes, set
_hasattr = hasattr
_dumps, _loads = json.dumps, json.loads
_marshal = marshal.dumps
_b64encode, _b64decode = base64.b64encode, base64.b64decode
_type_name = type.__dict__["__name__"].__get__
_MAX_VALUE_BYTES = 1_000_000
_MAX_NAMES = 1000
_MAX_ITEMS = 100_000
_bool = bool


class OutputLimitExceeded(BaseException):
    """Raised inside the student's program when it prints more than the limit (stops runaway printing)."""


class _Capture(io.TextIOBase):
    def __init__(self, limit, emit=None, stream="stdout"):
        self.parts = []
        self.size = 0
        self.limit = limit
        self.truncated = False
        self.emit = emit
        self.stream = stream

    def writable(self):
        return True

    def write(self, s):
        s = _str(s)
        if self.size + _len(s) > self.limit:
            rest = s[: max(0, self.limit - self.size)]
            self.parts.append(rest)
            if self.emit is not None and rest:
                self.emit(self.stream, rest)
            self.size = self.limit
            self.truncated = True
            raise OutputLimitExceeded("Output limit exceeded: the program printed more than %d characters." % self.limit)
        self.parts.append(s)
        self.size += _len(s)
        if self.emit is not None:
            self.emit(self.stream, s)
        return _len(s)

    def getvalue(self):
        return "".join(self.parts)


def _rmtree(path):
    if not os.path.isdir(path):
        return
    for entry in os.listdir(path):
        full = os.path.join(path, entry)
        if os.path.isdir(full) and not os.path.islink(full):
            _rmtree(full)
        else:
            os.remove(full)
    os.rmdir(path)


def _restore_builtins():
    """Puts back the built-ins the student's code replaced, so reporting the run does not run the student's code."""
    builtins.__dict__.update(_BUILTINS)


def _invalidate_finders():
    """importlib.invalidate_caches() for the path finders, so files written since the last run are found.

    Not importlib.invalidate_caches() itself: its last step imports importlib.metadata to clear that module's caches,
    and load() has just dropped that module with the run's others, so every load re-imported it (about 40 ms of CPU,
    a third of a grading process's work after start-up). A fresh import starts with empty caches anyway; the student's
    namespace packages are dropped too, so the namespace epoch needs no bump either."""
    for name, finder in _list(sys.path_importer_cache.items()):
        if finder is None or not name.startswith("/"):
            del sys.path_importer_cache[name]
        elif _hasattr(finder, "invalidate_caches"):
            finder.invalidate_caches()


def load(files_json):
    """Forgets what a previous run in this interpreter left behind (the browser reuses it), then writes the files."""
    for name in _list(sys.modules):
        if name not in _BASE_MODULES:
            del sys.modules[name]
    for key in _list(builtins.__dict__):
        if key not in _BUILTINS:
            del builtins.__dict__[key]
    builtins.__dict__.update(_BUILTINS)
    sys.stdin, sys.stdout, sys.stderr = _STREAMS
    sys.path[:] = [_WORKDIR] + _SYS_PATH
    sys.setrecursionlimit(_RECURSION_LIMIT)
    os.chdir("/")
    for scratch in ("/tmp", "/home/pyodide"):
        for entry in os.listdir(scratch):
            full = os.path.join(scratch, entry)
            _rmtree(full) if os.path.isdir(full) else os.remove(full)
    os.makedirs(_WORKDIR)
    for f in _loads(files_json):
        with _open(os.path.join(_WORKDIR, f["name"]), "w", encoding="utf-8") as fh:
            fh.write(f["content"])
    os.chdir(_WORKDIR)
    _invalidate_finders()
    _handles.clear()
    return "{}"


def _describe(exc):
    lines = traceback.format_exception(_type(exc), exc, exc.__traceback__)
    # Drop the harness's own frames so students see only their code.
    text = "".join(line for line in lines if "lantern-harness" not in line and "<exec>" not in line)
    return text[-4000:]


def _error(exc, phase="run"):
    return {"type": _type_name(_type(exc)), "phase": phase, "message": _describe(exc)}


def run_main(main_file, stdin_text, out_limit, emit=None):
    """Runs the main file as __main__ with the given stdin; returns stdout, stderr, exit code and any error."""
    out = _Capture(out_limit, emit, "stdout")
    err = _Capture(out_limit, emit, "stderr")
    result = {"error": None, "exitCode": 0}
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(stdin_text), out, err
    try:
        path = os.path.join(_WORKDIR, main_file)
        with _open(path, encoding="utf-8") as fh:
            source = fh.read()
        try:
            code = _compile(source, main_file, "exec")
        except SyntaxError as e:
            result["error"] = _error(e, "compile")
        else:
            _exec(code, {"__name__": "__main__", "__file__": path, "__builtins__": builtins})
    except SystemExit as e:
        code = e.code
        result["exitCode"] = code if _isinstance(code, _int) else (0 if code is None else 1)
        if code is not None and not _isinstance(code, _int):
            err.parts.append(_str(code) + "\n")
    except OutputLimitExceeded as e:
        result["error"] = {"type": "OutputLimitExceeded", "phase": "run", "message": _str(e)}
    except BaseException as e:
        result["error"] = _error(e)
    finally:
        sys.stdin, sys.stdout, sys.stderr = _STREAMS
        _restore_builtins()
    result.update(stdout=out.getvalue(), stderr=err.getvalue(), truncated=out.truncated or err.truncated)
    return _dumps(result)


class _Quiet:
    """Captures what the student's code prints while imported or called (shown with the test's result)."""

    def __init__(self, limit, emit=None):
        self.out = _Capture(limit, emit, "stdout")

    def __enter__(self):
        sys.stdin, sys.stdout, sys.stderr = io.StringIO(""), self.out, self.out
        return self.out

    def __exit__(self, *exc):
        sys.stdin, sys.stdout, sys.stderr = _STREAMS
        _restore_builtins()
        return False


def _import(module_name):
    """Imports the student's module once; the error (as plain data) if that fails."""
    try:
        importlib.import_module(module_name)
        return None
    except SyntaxError as e:
        return _error(e, "compile")
    except SystemExit:
        return {"type": "SystemExit", "phase": "run", "message": "Your code called sys.exit() while being imported."}
    except OutputLimitExceeded as e:
        return {"type": "OutputLimitExceeded", "phase": "run", "message": _str(e)}
    except BaseException as e:
        return {"type": _type_name(_type(e)), "phase": "run", "message": "Your code raised an error when imported:\n" + _describe(e)}


def import_main(module_name, out_limit, emit=None):
    """Imports the student's main module (its top-level code runs here, before any test) and lists its names."""
    with _Quiet(out_limit, emit) as out:
        error = _import(module_name)
    names = []
    module = sys.modules.get(module_name)
    if error is None and module is not None:
        for key, value in _list(_dict(module.__dict__).items())[:_MAX_NAMES]:
            if _isinstance(key, _str) and not key.startswith("__"):
                names.append({"name": key, "value": _encode(value)})
    return _dumps({"error": error, "stdout": out.getvalue(), "names": names})


# Objects of the student's that are not plain data stay here; the other side sees only their number.
_handles = {}


def _encode(value):
    """A returned value: marshal bytes when it is plain data (C code, exact types), else an opaque handle."""
    try:
        data = _marshal(value, 2)
    except (ValueError, RecursionError):
        data = None
    if data is not None and _len(data) <= _MAX_VALUE_BYTES:
        return {"type": "value", "marshal": _b64encode(data).decode("ascii")}
    if data is not None:
        return {"type": "raised", "error": {"type": "ValueTooLarge", "phase": "run", "message": "The returned value is larger than 1 MB."}}
    handle = _len(_handles) + 1
    _handles[handle] = value
    return {"type": "object", "typeName": _type_name(_type(value)), "handle": handle}


def _from_wire(w):
    t = w["t"]
    v = w.get("v")
    if t == "none":
        return None
    if t == "bool":
        return v is True
    if t == "int":
        return _int(v)
    if t == "float":
        return _float(v if not _isinstance(v, _str) else {"-0": "-0.0"}.get(v, v))
    if t == "str":
        return _str(v)
    if t == "bytes":
        return _b64decode(v)
    if t == "list":
        return [_from_wire(x) for x in v]
    if t == "tuple":
        return _tuple(_from_wire(x) for x in v)
    if t == "set":
        return _set(_from_wire(x) for x in v)
    if t == "dict":
        return {_from_wire(k): _from_wire(x) for k, x in v}
    if t == "handle":
        return _handles[w["id"]]
    raise ValueError("unknown wire value")


def call(module_name, function, args_json, out_limit, emit=None):
    """Calls a function of the student's module with plain arguments; reports what it returned or raised."""
    with _Quiet(out_limit, emit) as out:
        error = _import(module_name)
        if error is not None:
            return _dumps({"result": {"type": "raised", "error": error}, "stdout": out.getvalue()})
        module = sys.modules.get(module_name)
        target = module.__dict__.get(function) if module is not None else None
        if target is None or not _callable(target):
            missing = {"type": "NameError", "phase": "run", "message": "Your code has no function named %s." % function}
            return _dumps({"result": {"type": "raised", "error": missing}, "stdout": out.getvalue()})
        try:
            value = target(*[_from_wire(a) for a in _loads(args_json)])
        except OutputLimitExceeded as e:
            result = {"type": "raised", "error": {"type": "OutputLimitExceeded", "phase": "run", "message": _str(e)}}
        except SystemExit:
            result = {"type": "raised", "error": {"type": "SystemExit", "phase": "run", "message": "Your function called sys.exit()."}}
        except BaseException as e:
            result = {"type": "raised", "error": _error(e)}
        else:
            result = _encode(value)
    return _dumps({"result": result, "stdout": out.getvalue()})


def op(request_json, out_limit):
    """One operation on an object of the student's, asked for by a staff test running in the tests interpreter."""
    request = _loads(request_json)
    with _Quiet(out_limit) as out:
        try:
            target = _handles[request["handle"]]
            kind = request["op"]
            if kind == "call":
                kwargs = {k: _from_wire(v) for k, v in request["kwargs"]}
                value = target(*[_from_wire(a) for a in request["args"]], **kwargs)
            elif kind == "getattr":
                value = _getattr(target, request["name"])
            elif kind == "getitem":
                value = target[_from_wire(request["key"])]
            elif kind == "len":
                value = _len(target)
            elif kind == "str":
                value = _str(target)
            elif kind == "repr":
                value = _repr(target)
            elif kind == "bool":
                value = _bool(target)
            elif kind == "iter":
                items = []
                for item in target:
                    if _len(items) >= _MAX_ITEMS:
                        raise ValueError("more than %d items" % _MAX_ITEMS)
                    items.append(_encode(item))
                result = {"type": "items", "items": items}
            else:
                raise ValueError("unknown operation")
            if kind != "iter":
                result = _encode(value)
        except OutputLimitExceeded as e:
            result = {"type": "raised", "error": {"type": "OutputLimitExceeded", "phase": "run", "message": _str(e)}}
        except SystemExit:
            result = {"type": "raised", "error": {"type": "SystemExit", "phase": "run", "message": "Your code called sys.exit()."}}
        except BaseException as e:
            result = {"type": "raised", "error": _error(e)}
    return _dumps({"result": result, "stdout": out.getvalue()})

