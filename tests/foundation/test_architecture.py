"""The allowed arrows between the project's parts, checked on every import statement.

Shared parts (`carres`, `accounts`) import no feature app: a feature plugs in by
registering (carres.kinds, carres.personal_data, carres.registry). A feature app imports
another only along the arrows below. No import circle goes through a models module (a
circle between a service and the task it queues, imported inside the function, is allowed:
the task module needs the service at run time, the service needs the task only to queue it).

Every `import` counts, at module level or inside a function: a lazy import is still an arrow.
Read with Python's `ast` (no import is executed): import-linter/grimp would add a pinned
dependency and a venv of its own for what is a 60-line graph walk here.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ("carres", "accounts")
FEATURES = ("companies", "ip_filings", "chambers", "trainings")
ALLOWED_FEATURE_ARROWS = {
    ("ip_filings", "companies"),  # a trademark or patent is filed for one's company
    ("trainings", "chambers"),  # sessions are given by a chamber, in its venues
    # A company's head office is a chambers.City in a chambers.Region (foreign keys in
    # companies.models): the territory is reference data the chambers app holds.
    ("companies", "chambers"),
}


def project_modules(root=ROOT):
    """{dotted module name: path} of the apps' modules, migrations left out."""
    modules = {}
    for package in (*SHARED, *FEATURES):
        for path in (root / package).rglob("*.py"):
            relative = path.relative_to(root)
            if "migrations" in relative.parts:
                continue
            parts = list(relative.with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def _imported_names(node, module, is_package):
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:  # relative: from . import x / from ..y import z
        package = module.split(".") if is_package else module.split(".")[:-1]
        package = package[: len(package) - (node.level - 1)]
        base = ".".join([*package, base] if base else package)
    return [f"{base}.{alias.name}" for alias in node.names]


def import_graph(root=ROOT):
    """{module: {imported project module: first line number}}, every import statement."""
    modules = project_modules(root)

    def resolve(name):
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name

    graph = {}
    for module, path in modules.items():
        arrows = graph.setdefault(module, {})
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for name in _imported_names(node, module, path.name == "__init__.py"):
                target = resolve(name)
                if target and target != module:
                    arrows.setdefault(target, node.lineno)
    return graph


def forbidden_arrows(graph):
    """["a.b:12 -> c.d"] for every import from a shared part to a feature, or between
    features outside ALLOWED_FEATURE_ARROWS."""
    found = []
    for module, arrows in sorted(graph.items()):
        source = module.split(".")[0]
        for target, line in sorted(arrows.items()):
            destination = target.split(".")[0]
            if destination == source or destination not in FEATURES:
                continue
            if source in SHARED or (source, destination) not in ALLOWED_FEATURE_ARROWS:
                found.append(f"{module}:{line} -> {target}")
    return found


def import_circles(graph):
    """Strongly connected groups of modules (Tarjan), each a sorted list of 2 or more."""
    index, low, stack, on_stack, circles = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in graph.get(module, ()):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return circles


def is_models_module(module):
    return "models" in module.split(".")[1:]


def test_no_forbidden_arrow():
    assert forbidden_arrows(import_graph()) == []


def test_no_import_circle_goes_through_a_models_module():
    circles = import_circles(import_graph())
    assert [group for group in circles if any(map(is_models_module, group))] == []


def test_the_check_sees_lazy_relative_and_package_imports(tmp_path):
    """The check itself: an arrow inside a function, a relative import and a models
    package are all seen (a check that cannot fail proves nothing)."""
    for package in (*SHARED, *FEATURES):
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "companies" / "models").mkdir()
    (tmp_path / "companies" / "models" / "__init__.py").write_text("from .dossier import X\n")
    (tmp_path / "companies" / "models" / "dossier.py").write_text(
        "def errors():\n    from companies.rules import check\n"
    )
    (tmp_path / "companies" / "rules.py").write_text("from companies.models import dossier\n")
    (tmp_path / "carres" / "admin.py").write_text("def f():\n    from chambers import models\n")
    (tmp_path / "chambers" / "models.py").write_text("")
    (tmp_path / "chambers" / "views.py").write_text("import trainings\n")
    (tmp_path / "trainings" / "views.py").write_text("from chambers.models import Region\n")

    graph = import_graph(tmp_path)

    assert forbidden_arrows(graph) == [
        "carres.admin:2 -> chambers.models",
        "chambers.views:1 -> trainings",
    ]
    assert import_circles(graph) == [["companies.models.dossier", "companies.rules"]]
    assert is_models_module("companies.models.dossier") and not is_models_module("carres.pdf")


MAX_MODULE_LINES = 450


def test_no_module_is_longer_than_a_reader_can_hold():
    """A module past ~400 lines becomes a package, one module per subject (conventions.md);
    migrations are written by Django and left out."""
    long = {}
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in {".venv", "node_modules", "var"} or "migrations" in relative.parts:
            continue
        count = len(path.read_text(encoding="utf-8").splitlines())
        if count > MAX_MODULE_LINES:
            long[str(relative)] = count
    assert long == {}
