"""The floors of docs/architecture.md, enforced: a module of opensend imports from its own floor
(never another app's views) and the floors below it, never from above. A new app needs a floor
here (and in the architecture notes) before it passes."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

OPENSEND = Path(__file__).resolve().parents[1] / "opensend"

GROUND, ENTITIES, ACCESS, FEATURES, ASSEMBLY = 1, 2, 3, 4, 5
FLOORS = {
    "core": GROUND,
    "audit": GROUND,
    "schools": ENTITIES,
    "accounts": ENTITIES,
    "pupils": ENTITIES,
    "access": ACCESS,
    "notifications": ACCESS,
    "register": FEATURES,
    "identification": FEATURES,
    "assessments": FEATURES,
    "plans": FEATURES,
    "passports": FEATURES,
    "provision": FEATURES,
    "deadlines": FEATURES,
    "ehc": FEATURES,
    "casework": FEATURES,
    "family": FEATURES,
    "lac": FEATURES,
    "funding": FEATURES,
    "dashboards": ASSEMBLY,
    "dataprotection": ASSEMBLY,
    "demo": ASSEMBLY,
}
# A page starts from the access policy on its first line, so the modules that serve pages may use
# opensend.access whatever floor their app is on: views, URLs, forms, template tags, app configs,
# management commands, and the two modules that build a page's rows from a person's access (the
# pupil list's queries and the identity bar's badges). Nothing above the access floor.
PAGE_MODULES = {"views", "import_views", "urls", "forms", "apps", "templatetags", "management", "badges"}
PAGE_FILES = {"pupils/selectors.py"}


def _modules() -> list[Path]:
    return sorted(path for path in OPENSEND.rglob("*.py") if "migrations" not in path.parts)


def _app(path: Path) -> str:
    return path.relative_to(OPENSEND).parts[0]


def _imported(path: Path, source: str | None = None) -> list[tuple[int, str]]:
    """(line, absolute module name) for each import in the file, relative imports resolved."""
    package = list(path.relative_to(OPENSEND.parent).parts[:-1])
    found = []
    for node in ast.walk(ast.parse(path.read_text() if source is None else source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            if node.module:
                found.append((node.lineno, ".".join([*base, node.module])))
            else:
                found += [(node.lineno, ".".join([*base, alias.name])) for alias in node.names]
    return found


def _highest_floor_importable(path: Path) -> int:
    relative = path.relative_to(OPENSEND)
    floor = FLOORS[relative.parts[0]]
    serves_pages = relative.stem in PAGE_MODULES or bool(PAGE_MODULES & set(relative.parts[1:-1]))
    if serves_pages or relative.as_posix() in PAGE_FILES:
        return max(floor, ACCESS)
    return floor


def _wrong_imports(path: Path, source: str | None = None) -> list[str]:
    app = path.relative_to(OPENSEND).parts[0]
    highest = _highest_floor_importable(path)
    wrong = []
    for line, module in _imported(path, source):
        parts = module.split(".")
        if parts[0] != "opensend" or len(parts) < 2 or parts[1] == app:
            continue
        if FLOORS.get(parts[1], ASSEMBLY + 1) > highest:
            wrong.append(f"line {line} imports {module} (floor {FLOORS.get(parts[1], '?')})")
        elif len(parts) > 2 and parts[2] == "views":
            wrong.append(f"line {line} imports another app's views, {module}")
    return wrong


def test_every_app_has_a_floor():
    apps = {path.relative_to(OPENSEND).parts[0] for path in _modules() if len(path.relative_to(OPENSEND).parts) > 1}
    assert not apps - FLOORS.keys(), f"give these apps a floor in tests/test_floors.py: {apps - FLOORS.keys()}"


@pytest.mark.parametrize("path", _modules(), ids=lambda path: path.relative_to(OPENSEND).as_posix())
def test_a_module_imports_only_its_own_app_and_the_floors_below(path):
    if len(path.relative_to(OPENSEND).parts) == 1:
        return
    app = path.relative_to(OPENSEND).parts[0]
    wrong = _wrong_imports(path)
    assert not wrong, f"{app} is on floor {FLOORS[app]}: " + "; ".join(wrong)


def test_an_entity_reaching_up_into_a_feature_is_caught():
    selectors = OPENSEND / "schools" / "selectors.py"
    source = "def f():\n    from opensend.register.aggregates import register_aggregates\n"
    assert _wrong_imports(selectors, source) == ["line 2 imports opensend.register.aggregates (floor 4)"]


def test_a_relative_import_is_resolved_before_it_is_judged():
    writing = OPENSEND / "pupils" / "mis_import" / "writing.py"
    assert _imported(writing, "from ..models import Pupil\nfrom ...register import codes\n") == [
        (1, "opensend.pupils.models"),
        (2, "opensend.register"),
    ]
    assert _wrong_imports(writing, "from ...register import codes\n") == ["line 1 imports opensend.register (floor 4)"]


def test_a_feature_may_use_another_features_models_but_not_its_views():
    plans = OPENSEND / "plans" / "services.py"
    assert _wrong_imports(plans, "from opensend.register.models import SenStatus\n") == []
    assert _wrong_imports(plans, "from opensend.register.views import register\n") == [
        "line 1 imports another app's views, opensend.register.views"
    ]


def test_a_page_may_use_the_access_policy_but_an_entitys_model_may_not():
    assert _wrong_imports(OPENSEND / "pupils" / "views.py", "from opensend.access import policy\n") == []
    assert _wrong_imports(OPENSEND / "pupils" / "models.py", "from opensend.access import policy\n") == [
        "line 1 imports opensend.access (floor 3)"
    ]
