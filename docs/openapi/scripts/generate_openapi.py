"""Write the OpenAPI document to docs/openapi/flowcept-openapi.{json,yaml}.

Run from anywhere: python docs/openapi/scripts/generate_openapi.py [--out DIR]
The committed files must equal what this writes; the test suite checks it.
"""

import argparse
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from flowcept.http.app import ROUTES  # noqa: E402
from flowcept.http.openapi import build_openapi  # noqa: E402

NAME = "flowcept-openapi"


def write(directory: Path) -> list[Path]:
    """Write both files into `directory`; return their paths."""
    document = json.loads(json.dumps(build_openapi(ROUTES)))  # plain JSON types for YAML
    directory.mkdir(parents=True, exist_ok=True)
    as_json = directory / f"{NAME}.json"
    as_yaml = directory / f"{NAME}.yaml"
    as_json.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    as_yaml.write_text(
        yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8"
    )
    return [as_json, as_yaml]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "openapi")
    for path in write(parser.parse_args().out):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
