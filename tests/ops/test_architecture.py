"""The apps' import arrows run one way (docs/architecture.md): the domain apps know
nothing of ingest or of the site, and the site composes them all."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: What each app may import, besides itself, Django and the libraries.
MAY_IMPORT = {
    "entities": set(),
    "statements": {"entities"},
    "ingest": {"entities", "statements"},
    # The site includes the API's URLs by name ("api.urls"), without importing it.
    "api": {"entities", "statements"},
    "shandong": {"entities", "statements", "ingest"},
    "perf": {"entities", "statements", "ingest", "shandong"},
}


def imports(path, root):
    """The modules `path` imports, absolute (relative imports resolved)."""
    package = path.relative_to(root).with_suffix("").parts[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else ()
            module = ".".join([*base, *([node.module] if node.module else [])])
            if node.module is None:  # from . import models
                yield from (f"{module}.{alias.name}" for alias in node.names)
            else:
                yield module


def wrong_imports(root, app):
    wrong = []
    for path in sorted((root / app).rglob("*.py")):
        name = path.relative_to(root)
        for module in imports(path, root):
            top = module.split(".")[0]
            if top in MAY_IMPORT and top != app and top not in MAY_IMPORT[app]:
                wrong.append(f"{name} imports {module}")
            if app in {"entities", "statements"} and ".management.commands" in module:
                wrong.append(f"{name} imports a command: {module}")
    return wrong


@pytest.mark.parametrize("app", sorted(MAY_IMPORT))
def test_each_app_imports_only_what_it_may(app):
    assert wrong_imports(ROOT, app) == []


def test_the_check_sees_arrows_the_wrong_way(tmp_path):
    (tmp_path / "statements" / "views").mkdir(parents=True)
    (tmp_path / "statements" / "views" / "lists.py").write_text(
        "from statements.models import Statement\n"
        "from shandong import cache\n"
        "from ..management.commands.seed import Command\n"
        "from ingest.services import ingest\n"
    )
    assert wrong_imports(tmp_path, "statements") == [
        "statements/views/lists.py imports shandong",
        "statements/views/lists.py imports a command: statements.management.commands.seed",
        "statements/views/lists.py imports ingest.services",
    ]


@pytest.mark.subprocess
def test_a_worker_serving_pages_loads_no_library_only_one_page_needs():
    """followthemoney (its schema: 2.5-5 s and about 120 MB) and pypinyin (55 MB) are
    imported when the FollowTheMoney export or the duplicate finder first needs them."""
    import os
    import subprocess
    import sys

    code = (
        "import sys, django; django.setup();"
        "from django.test import Client;"
        "assert Client().get('/about/', secure=True).status_code == 200;"
        "print(sorted({'followthemoney', 'pypinyin'} & set(sys.modules)))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "shandong.settings",
        "DJANGO_SECRET_KEY": "x",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_PAGE_CACHE_SECONDS": "0",
        "DJANGO_DEBUG": "true",  # plain static files: no collectstatic in a fresh clone
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
