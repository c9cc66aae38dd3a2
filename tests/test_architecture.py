"""The apps' import structure (docs/architecture.md): layers, no cycles between apps or between an app's modules.

Read from the source with ast, so every import counts, including those inside functions; .importlinter states
the same layers for `lint-imports`.
"""

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Each app's layer: an app may import apps of lower layers only; apps on one layer do not import each other.
LAYERS = {
    "cms": 4,
    "members": 3,
    "syndication": 3,
    "search": 2,
    "home": 2,
    "knowledge": 1,
    "core": 0,
    "japanese_search": 0,
}


def module_name(path):
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules():
    """{module name: path} of every module of the project's apps (migrations aside)."""
    modules = {}
    for app in LAYERS:
        for path in (ROOT / app).rglob("*.py") if (ROOT / app).is_dir() else ():
            if "migrations" not in path.parts:
                modules[module_name(path)] = path
    return modules


def imported_modules(name, path, known):
    """The project modules a module imports, anywhere in it (functions included)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            # `from package import module` imports that module; `from module import name` the module itself.
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph():
    known = project_modules()
    return {name: imported_modules(name, path, known) for name, path in known.items()}


def cycles(graph):
    """The strongly connected components with more than one member (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def app_of(module):
    return module.split(".")[0]


def app_edges(graph):
    edges = defaultdict(set)
    for source, targets in graph.items():
        for target in targets:
            if app_of(source) != app_of(target):
                edges[app_of(source)].add(target)
    return edges


def test_the_graph_is_read():
    graph = import_graph()
    assert "knowledge.listing" in graph["knowledge.models.index_pages"]
    assert "core.visibility" in graph["core.cache"]
    assert "core.cache" in graph["core.apps"]  # an import inside a function counts


def test_no_cycle_between_apps():
    edges = app_edges(import_graph())
    graph = {app: {app_of(target) for target in targets} for app, targets in edges.items()}
    assert cycles(graph) == []


def test_apps_import_only_lower_layers():
    wrong = sorted(
        f"{source} imports {target}"
        for source, targets in import_graph().items()
        for target in targets
        if app_of(source) != app_of(target) and LAYERS[app_of(target)] >= LAYERS[app_of(source)]
    )
    assert wrong == []


def test_core_imports_no_other_app():
    graph = import_graph()
    assert (
        sorted(
            {target for source, targets in graph.items() if app_of(source) == "core" for target in targets}
            - {name for name in graph if app_of(name) == "core"}
        )
        == []
    )


def test_no_cycle_between_the_modules_of_an_app():
    graph = import_graph()
    within = {source: {t for t in targets if app_of(t) == app_of(source)} for source, targets in graph.items()}
    assert cycles(within) == []
