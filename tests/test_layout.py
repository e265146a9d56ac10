"""The test tree's own rule: helpers live in `support.py` modules, fixtures in `conftest.py`."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _imported_modules(path: Path) -> list[str]:
    """The absolute names of the modules `path` imports from."""
    package = ".".join(path.relative_to(TESTS.parent).parent.parts)
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            found.append(".".join(part for part in (base, node.module or "") if part))
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
    return found


def test_no_test_module_imports_another_test_module_or_a_conftest():
    """A helper two test files need goes into a support module, so no test file depends on
    another one and pytest never imports a conftest twice."""
    offending = [
        f"{path.relative_to(TESTS.parent)} imports {module}"
        for path in sorted(TESTS.rglob("*.py"))
        for module in _imported_modules(path)
        if module.startswith("tests.")
        and (module.rsplit(".", 1)[-1].startswith("test_") or module.endswith("conftest"))
    ]
    assert offending == []
