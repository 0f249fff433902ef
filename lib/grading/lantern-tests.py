# The grader's tests interpreter (server only; lib/grading/sandbox-child.mjs, role "tests"). It runs staff assert
# tests and never runs student code: the names of the student's module are plain values (built here from JSON that
# the host decoded strictly) or proxies of the student's objects. Every use of a proxy (call, attribute, len, str,
# iteration, indexing) is a request to the host, answered by the student's own interpreter in another process,
# and comes back as plain data or another proxy. A proxy never delegates comparison (==, <, in, hash) to the
# student's code, so an object whose __eq__ always says True compares equal only to itself.
# The verdict is whether the test function returned: the student's code has no way into this interpreter.
import builtins
import io
import json
import sys
import traceback

_rpc = _host_rpc  # noqa: F821 — a placeholder in the snapshot; the host binds the real channel after restoring it
_STREAMS = (sys.stdin, sys.stdout, sys.stderr)
_BUILTINS = dict(builtins.__dict__)
_BASE_MODULES = frozenset(sys.modules)
_OUTPUT_LIMIT = 64 * 1024


class StudentCodeError(Exception):
    """The student's code raised an exception whose type is not a built-in one."""


class ProgramStopped(BaseException):
    """The student's process is gone (it exited or was stopped); no further calls are possible."""


def _exception(error):
    """An exception of the student's, rebuilt here by type name: a built-in type if it is one, else StudentCodeError."""
    name = str(error.get("type", "Exception"))
    message = str(error.get("message", ""))
    cls = _BUILTINS.get(name)
    if isinstance(cls, type) and issubclass(cls, Exception) and cls.__module__ == "builtins":
        try:
            return cls(message)
        except Exception:
            pass
    exc = StudentCodeError("%s: %s" % (name, message))
    exc.type_name = name
    return exc


def _from_wire(w):
    t = w["t"]
    v = w.get("v")
    if t == "none":
        return None
    if t == "bool":
        return v is True
    if t == "int":
        return int(v)
    if t == "float":
        return float(v if not isinstance(v, str) else {"-0": "-0.0"}.get(v, v))
    if t == "str":
        return str(v)
    if t == "bytes":
        import base64

        return base64.b64decode(v)
    if t == "list":
        return [_from_wire(x) for x in v]
    if t == "tuple":
        return tuple(_from_wire(x) for x in v)
    if t == "set":
        return {_from_wire(x) for x in v}
    if t == "dict":
        return {_from_wire(k): _from_wire(x) for k, x in v}
    raise ValueError("unknown wire value")


def _to_wire(value, depth=0):
    if depth > 100:
        raise ValueError("value nested too deeply to pass to the student's code")
    t = type(value)
    if value is None:
        return {"t": "none"}
    if t is bool:
        return {"t": "bool", "v": value}
    if t is int:
        return {"t": "int", "v": str(value)}
    if t is float:
        if value != value:
            return {"t": "float", "v": "nan"}
        if value in (float("inf"), float("-inf")):
            return {"t": "float", "v": "inf" if value > 0 else "-inf"}
        return {"t": "float", "v": "-0" if value == 0 and str(value).startswith("-") else value}
    if t is str:
        return {"t": "str", "v": value}
    if t is bytes:
        import base64

        return {"t": "bytes", "v": base64.b64encode(value).decode("ascii")}
    if t in (list, tuple, set, frozenset):
        name = {list: "list", tuple: "tuple", set: "set", frozenset: "set"}[t]
        return {"t": name, "v": [_to_wire(x, depth + 1) for x in value]}
    if t is dict:
        return {"t": "dict", "v": [[_to_wire(k, depth + 1), _to_wire(x, depth + 1)] for k, x in value.items()]}
    if t is Remote:
        return {"t": "handle", "id": object.__getattribute__(value, "_handle")}
    raise TypeError("only plain values (numbers, strings, lists, dicts, ...) can be passed to the student's code, not %s" % t.__name__)


def _result(reply):
    kind = reply.get("type")
    if kind == "value":
        return _from_wire(reply["value"])
    if kind == "object":
        return Remote(reply["handle"], reply["typeName"])
    if kind == "items":
        return [_result(item) for item in reply["items"]]
    if kind == "raised":
        raise _exception(reply["error"])
    raise ProgramStopped(str(reply.get("message", "The program stopped.")))


def _op(request):
    return _result(json.loads(_rpc(json.dumps(request))))


class Remote:
    """An object of the student's (a function, class, instance, module) living in the student's interpreter."""

    __slots__ = ("_handle", "_type")

    def __init__(self, handle, type_name):
        object.__setattr__(self, "_handle", handle)
        object.__setattr__(self, "_type", type_name)

    def _ask(self, op, **extra):
        return _op({"op": op, "handle": object.__getattribute__(self, "_handle"), **extra})

    def __call__(self, *args, **kwargs):
        return self._ask(
            "call", args=[_to_wire(a) for a in args], kwargs=[[str(k), _to_wire(v)] for k, v in kwargs.items()]
        )

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return self._ask("getattr", name=name)

    def __setattr__(self, name, value):
        raise TypeError("tests cannot set attributes on the student's objects")

    def __getitem__(self, key):
        return self._ask("getitem", key=_to_wire(key))

    def __len__(self):
        n = self._ask("len")
        if type(n) is not int:
            raise TypeError("len() of the student's object did not return an int")
        return n

    def __str__(self):
        s = self._ask("str")
        if type(s) is not str:
            raise TypeError("str() of the student's object did not return a str")
        return s

    def __repr__(self):
        s = self._ask("repr")
        if type(s) is not str:
            raise TypeError("repr() of the student's object did not return a str")
        return s

    def __bool__(self):
        b = self._ask("bool")
        if type(b) is not bool:
            raise TypeError("bool() of the student's object did not return a bool")
        return b

    def __iter__(self):
        return iter(self._ask("iter"))


class _Capture(io.TextIOBase):
    def __init__(self):
        self.size = 0

    def writable(self):
        return True

    def write(self, s):
        self.size += len(s)
        return len(s)


def _reset():
    for name in list(sys.modules):
        if name not in _BASE_MODULES:
            del sys.modules[name]
    for key in list(builtins.__dict__):
        if key not in _BUILTINS:
            del builtins.__dict__[key]
    builtins.__dict__.update(_BUILTINS)


def _describe(exc):
    lines = traceback.format_exception(type(exc), exc, exc.__traceback__)
    text = "".join(line for line in lines if "lantern-tests" not in line)
    return text[-4000:]


def _register_student_module(module, names):
    """Makes `from main import total` / `import main` in a staff test find the student's names, as in the browser
    (where the student's module really is imported). The module holds the same stand-ins as the test's globals; it is
    dropped by _reset before the next test. A name the runtime itself uses is never replaced."""
    if not isinstance(module, str) or not module.isidentifier():
        return
    if module in _BASE_MODULES or module in sys.builtin_module_names:
        return
    import types

    student = types.ModuleType(module)
    student.__dict__.update(names)
    sys.modules[module] = student


def run_test(request_json):
    """Runs one staff test; `names` are the student's module's names (wire values or handles)."""
    request = json.loads(request_json)
    _reset()
    namespace = {}
    for entry in request["names"]:
        name, value = str(entry["name"]), entry["value"]
        # A student's name never shadows a built-in here (`len = lambda x: 3` would answer for the test's own
        # len()), and a module of theirs is replaced by the real one, never a proxy they could have patched.
        if name in _BUILTINS or name.startswith("__"):
            continue
        try:
            if value.get("type") == "object" and value.get("typeName") == "module":
                import importlib

                namespace[name] = importlib.import_module(name)
            else:
                namespace[name] = _result(value)
        except BaseException:
            pass
    _register_student_module(request.get("module"), namespace)
    namespace.update(__name__="lantern_test", __builtins__=builtins)
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(""), _Capture(), _Capture()
    try:
        exec(compile(request["code"], "<test>", "exec"), namespace)
        namespace[request["name"]]()
        return json.dumps({"kind": "assert", "status": "passed", "message": ""})
    except AssertionError as e:
        return json.dumps({"kind": "assert", "status": "failed", "message": str(e)})
    except ProgramStopped as e:
        return json.dumps({"kind": "assert", "status": "error", "phase": "run", "message": str(e)})
    except StudentCodeError as e:
        return json.dumps({"kind": "assert", "status": "error", "phase": "run", "message": str(e)[-4000:]})
    except BaseException as e:
        return json.dumps({"kind": "assert", "status": "error", "phase": "run", "message": _describe(e)})
    finally:
        sys.stdin, sys.stdout, sys.stderr = _STREAMS
