# Lantern's test harness, loaded into Pyodide by the browser worker (Run/Check) and the server sandbox (grading).
# It runs in a private namespace; the JavaScript side keeps references to `reset`, `run_main` and `run_test`
# taken before any student code runs. Every function returns a JSON string.
import builtins
import importlib
import io
import json
import os
import sys
import traceback

_WORKDIR = "/home/pyodide/work"
_BASE_MODULES = frozenset(sys.modules)
_BUILTINS = dict(builtins.__dict__)
_SYS_PATH = list(sys.path)
_RECURSION_LIMIT = sys.getrecursionlimit()
_STREAMS = (sys.stdin, sys.stdout, sys.stderr)
# Student code may rebind builtins; the harness keeps its own references.
_list, _len, _str, _isinstance, _int, _open, _compile, _exec, _type = list, len, str, isinstance, int, open, compile, exec, type
_dumps, _loads = json.dumps, json.loads


class OutputLimitExceeded(BaseException):
    """Raised inside the student's program when it prints more than the limit (stops runaway printing)."""


class _Capture(io.TextIOBase):
    def __init__(self, limit, on_write=None):
        self.parts = []
        self.size = 0
        self.limit = limit
        self.truncated = False
        self.on_write = on_write

    def writable(self):
        return True

    def write(self, s):
        s = _str(s)
        if self.size + _len(s) > self.limit:
            self.parts.append(s[: max(0, self.limit - self.size)])
            self.size = self.limit
            self.truncated = True
            raise OutputLimitExceeded("Output limit exceeded: the program printed more than %d characters." % self.limit)
        self.parts.append(s)
        self.size += _len(s)
        if self.on_write is not None:
            self.on_write(s)
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


def reset(files_json):
    """Forgets everything a previous run left behind, then writes this run's files into a fresh directory."""
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
    importlib.invalidate_caches()
    return "{}"


def _describe(exc, filename=None):
    lines = traceback.format_exception(_type(exc), exc, exc.__traceback__)
    # Drop the harness's own frames so students see only their code.
    text = "".join(line for line in lines if "lantern-harness" not in line and "<exec>" not in line)
    return text[-4000:]


def run_main(main_file, stdin_text, out_limit, stream=None):
    """Runs the main file as __main__ with the given stdin; returns stdout, stderr, exit code and any error."""
    out = _Capture(out_limit, stream and (lambda s: stream("stdout", s)))
    err = _Capture(out_limit, stream and (lambda s: stream("stderr", s)))
    result = {"error": None, "exitCode": 0}
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(stdin_text), out, err
    try:
        path = os.path.join(_WORKDIR, main_file)
        with _open(path, encoding="utf-8") as fh:
            source = fh.read()
        try:
            code = _compile(source, main_file, "exec")
        except SyntaxError as e:
            result["error"] = {"type": _type(e).__name__, "phase": "compile", "message": _describe(e)}
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
        result["error"] = {"type": _type(e).__name__, "phase": "run", "message": _describe(e)}
    finally:
        sys.stdin, sys.stdout, sys.stderr = _STREAMS
    result.update(stdout=out.getvalue(), stderr=err.getvalue(), truncated=out.truncated or err.truncated)
    return _dumps(result)


def run_test(module_name, test_name, test_code, out_limit):
    """Imports the student's module, defines one staff test function and calls it."""
    out = _Capture(out_limit)
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(""), out, out
    try:
        try:
            module = importlib.import_module(module_name)
        except SyntaxError as e:
            return _dumps({"status": "error", "phase": "compile", "message": _describe(e)})
        except SystemExit:
            return _dumps({"status": "error", "phase": "run", "message": "Your code called sys.exit() while being imported."})
        except BaseException as e:
            return _dumps({"status": "error", "phase": "run", "message": "Your code raised an error when imported:\n" + _describe(e)})
        namespace = {k: v for k, v in vars(module).items() if not k.startswith("__")}
        namespace.update(__name__="lantern_test", __builtins__=builtins)
        _exec(_compile(test_code, "<test>", "exec"), namespace)
        namespace[test_name]()
        return _dumps({"status": "passed", "message": ""})
    except AssertionError as e:
        return _dumps({"status": "failed", "message": _str(e)})
    except SystemExit:
        return _dumps({"status": "error", "phase": "run", "message": "Your code called sys.exit()."})
    except OutputLimitExceeded as e:
        return _dumps({"status": "error", "phase": "run", "message": _str(e)})
    except BaseException as e:
        return _dumps({"status": "error", "phase": "run", "message": _describe(e)})
    finally:
        sys.stdin, sys.stdout, sys.stderr = _STREAMS
