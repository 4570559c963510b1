"""The query parameters the views read, found in their source.

Each `request.GET` of the apps' code is resolved to the keys it reads: a literal key, a module
constant, a parameter of a helper whose callers pass literal keys, or the fields of a form built
from `request.GET` (its declared fields and the ones its __init__ adds by a literal name). The keys
belong to the function of the module that reads them; a view is sent the keys of the functions of
its module it calls, directly or through others. A read this module cannot resolve is reported, so
a new way of reading the query string makes `test_every_query_key_the_code_reads_is_fuzzed` fail
until the fuzzer learns it.
"""

import ast
import importlib
import inspect
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

APPS = ("agencies", "inspections", "findings", "reports", "los")
# Every page is also sent what list pages and sign-in commonly read.
USUAL_KEYS = {"page", "sida", "sort", "q", "next"}


@dataclass
class ModuleReads:
    keys: set = field(default_factory=set)
    unresolved: list = field(default_factory=list)  # "path:line: source" of reads not understood
    count: int = 0  # how many `request.GET` the module's source spells out
    by_function: dict = field(default_factory=dict)  # top-level function (or class) → keys it reads
    calls: dict = field(default_factory=dict)  # top-level function → the module's functions it calls

    def keys_reached_from(self, function):
        """The keys `function` reads itself or through the functions of its module it calls."""
        keys, todo, done = set(self.by_function.get("", set())), [function], set()
        while todo:
            name = todo.pop()
            if name not in done:
                done.add(name)
                keys |= self.by_function.get(name, set())
                todo.extend(self.calls.get(name, ()))
        return keys, done


def _is_request_get(node):
    return isinstance(node, ast.Attribute) and node.attr == "GET"


def _contains_request_get(node):
    return any(_is_request_get(inner) for inner in ast.walk(node))


def _is_self_fields(node):
    return isinstance(node, ast.Attribute) and node.attr == "fields" and getattr(node.value, "id", "") == "self"


def _assigned_field_names(tree):
    """Names of `self.fields["name"] = ...` and the literal keys of `self.fields = {...}`."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assign):
            continue
        for target in node.targets:
            if isinstance(target, ast.Subscript) and _is_self_fields(target.value):
                if isinstance(target.slice, ast.Constant):
                    yield target.slice.value
            elif _is_self_fields(target) and isinstance(node.value, ast.Dict):
                yield from (key.value for key in node.value.keys if isinstance(key, ast.Constant))


def _form_keys(form_class):
    """A form's declared fields and those its own __init__ adds under a literal name."""
    keys = set(getattr(form_class, "base_fields", {}))
    for klass in inspect.getmro(form_class):
        if klass.__module__.startswith(APPS):
            keys.update(_assigned_field_names(ast.parse(textwrap.dedent(inspect.getsource(klass)))))
    return keys


class SourceReader(ast.NodeVisitor):
    """Walks one module, keeping the function it is in, to resolve what each `request.GET` reads."""

    def __init__(self, module, tree, path):
        self.module = module
        self.tree = tree
        self.path = path
        self.reads = ModuleReads()
        self.parents = {}
        for parent in ast.walk(tree):
            for child in ast.iter_child_nodes(parent):
                self.parents[child] = parent

    def run(self):
        top_level = {n.name for n in self.tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
        for definition in self.tree.body:
            if isinstance(definition, (ast.FunctionDef, ast.ClassDef)):
                called = {getattr(n.func, "id", None) for n in ast.walk(definition) if isinstance(n, ast.Call)}
                self.reads.calls[definition.name] = called & top_level
        for node in ast.walk(self.tree):
            if _is_request_get(node):
                self.reads.count += 1
                self._resolve(node)
        return self.reads

    def _add(self, keys, node):
        """Keys read at `node`, booked to the top-level function (or class) it is in."""
        while self.parents.get(node) is not None and self.parents.get(node) is not self.tree:
            node = self.parents[node]
        owner = node.name if isinstance(node, (ast.FunctionDef, ast.ClassDef)) else ""
        self.reads.keys |= keys
        self.reads.by_function.setdefault(owner, set()).update(keys)

    def _unresolved(self, node):
        self.reads.unresolved.append(f"{self.path}:{node.lineno}: {ast.unparse(self.parents.get(node, node))}")

    def _resolve(self, node):
        parent = self.parents.get(node)
        # (request.POST if ... else request.GET).get(...): climb to the expression that is used.
        while isinstance(parent, (ast.IfExp, ast.BoolOp)):
            node, parent = parent, self.parents.get(parent)
        if isinstance(parent, ast.Attribute) and parent.attr in ("get", "getlist"):
            call = self.parents.get(parent)
            if isinstance(call, ast.Call) and call.args:
                self._key(call.args[0], node)
                return
        elif isinstance(parent, ast.Subscript):
            self._key(parent.slice, node)
            return
        elif isinstance(parent, ast.Call) and any(_contains_request_get(arg) for arg in parent.args):
            form_class = getattr(self.module, getattr(parent.func, "id", ""), None)
            if inspect.isclass(form_class) and hasattr(form_class, "base_fields"):
                self._add(_form_keys(form_class), node)
                return
        self._unresolved(node)

    def _key(self, expression, node):
        if isinstance(expression, ast.Constant) and isinstance(expression.value, str):
            self._add({expression.value}, node)
        elif isinstance(expression, ast.Name) and isinstance(getattr(self.module, expression.id, None), str):
            self._add({getattr(self.module, expression.id)}, node)
        elif isinstance(expression, ast.Name) and self._helper_keys(expression, node) is not None:
            self._add(self._helper_keys(expression, node), node)
        else:
            self._unresolved(node)

    def _helper_keys(self, name, node):
        """`request.GET.get(parameter)` in a helper: the literal keys its callers in this module pass."""
        function = node
        while function is not None and not isinstance(function, ast.FunctionDef):
            function = self.parents.get(function)
        if function is None:
            return None
        names = [argument.arg for argument in function.args.args]
        if name.id not in names:
            return None
        position = names.index(name.id)
        keys = set()
        for call in ast.walk(self.tree):
            if isinstance(call, ast.Call) and getattr(call.func, "id", None) == function.name:
                argument = call.args[position] if len(call.args) > position else None
                if not (isinstance(argument, ast.Constant) and isinstance(argument.value, str)):
                    return None
                keys.add(argument.value)
        return keys or None


def _source_files():
    root = Path(settings.BASE_DIR)
    for app in APPS:
        for path in sorted((root / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield root, path


def query_reads():
    """module name → ModuleReads, for every module of the apps that mentions `request.GET`."""
    found = {}
    for root, path in _source_files():
        source = path.read_text(encoding="utf-8")
        if ".GET" not in source and "QUERY_STRING" not in source:
            continue
        name = ".".join(path.relative_to(root).with_suffix("").parts)
        module = importlib.import_module(name)
        reads = SourceReader(module, ast.parse(source), path.relative_to(root)).run()
        if "QUERY_STRING" in source:
            # The raw query string is read by hand: its keys cannot be known from here.
            reads.unresolved.append(f"{path.relative_to(root)}: reads QUERY_STRING")
        found[name] = reads
    return found


def query_keys_of(view, reads):
    """The keys the fuzzer sends to a page whose view is `view` (module, function name): what the
    view reads itself or through its module's functions, and the usual ones."""
    module_reads = reads.get(view[0])
    return USUAL_KEYS | (module_reads.keys_reached_from(view[1])[0] if module_reads else set())
