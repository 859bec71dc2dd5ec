"""Sphinx configuration: the REST API documentation, with the OpenAPI files at the site root."""

import json
import shutil
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

project = "Flowcept provenance API"
author = "Flowcept provenance API developers"
copyright = "2026, Flowcept provenance API developers"
extensions: list[str] = []
exclude_patterns = ["_build", "_generated", "openapi/scripts", "architecture.md"]
html_theme = "alabaster"
# Copies docs/openapi/* to the root of the built site, as they are published on Read the Docs.
html_extra_path = ["openapi"]


def _endpoint_table() -> str:
    """The endpoint list, generated from the committed OpenAPI document so it never drifts."""
    spec = json.loads((HERE / "openapi" / "flowcept-openapi.json").read_text(encoding="utf-8"))
    lines = [
        ".. list-table::",
        "   :header-rows: 1",
        "   :widths: 10 45 45",
        "",
        "   * - Method",
        "     - Path",
        "     - What",
    ]
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            lines += [
                f"   * - ``{method.upper()}``",
                f"     - ``{path}``",
                f"     - {operation['summary']}",
            ]
    return "\n".join(lines) + "\n"


(HERE / "_generated").mkdir(exist_ok=True)
(HERE / "_generated" / "endpoints.rst").write_text(_endpoint_table(), encoding="utf-8")


def _drop_generator_script(app: Any, exception: Exception | None) -> None:
    # html_extra_path copies docs/openapi whole; only the two spec files belong on the site.
    shutil.rmtree(Path(app.outdir) / "scripts", ignore_errors=True)


def setup(app: Any) -> None:
    app.connect("build-finished", _drop_generator_script)
