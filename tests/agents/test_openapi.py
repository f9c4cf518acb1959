"""schemathesis against /api/v1/openapi.json on a live `mnemo serve`: generated requests for every
operation, and not one 5xx."""

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

EXAMPLES = os.environ.get("MNEMO_SCHEMATHESIS_EXAMPLES", "100")
# "A few minutes": the whole run's time budget.
SECONDS = os.environ.get("MNEMO_SCHEMATHESIS_SECONDS", "150")


def test_openapi_document_matches_the_routes(served):
    req = urllib.request.Request(f"{served.origin}/api/v1/openapi.json", headers={"Authorization": f"Bearer {served.token}"})
    doc = json.load(urllib.request.urlopen(req))
    assert doc["openapi"].startswith("3.")
    paths = set(doc["paths"])
    assert {"/memories", "/memories/{id}", "/recall", "/spaces", "/traces/{id}", "/edges", "/import", "/snapshot"} <= paths
    assert "Memory" in doc["components"]["schemas"]
    # Every documented GET without parameters answers 200 (no path is documented but missing).
    for path, item in doc["paths"].items():
        if "get" in item and "{" not in path and path != "/events":
            r = urllib.request.urlopen(urllib.request.Request(f"{served.origin}/api/v1{path}", headers={"Authorization": f"Bearer {served.token}"}))
            assert r.status == 200, path


def test_schemathesis_finds_no_server_error(served):
    st = Path(sys.executable).parent / "schemathesis"
    cmd = [
        str(st), "run", f"{served.origin}/api/v1/openapi.json",
        "--url", f"{served.origin}/api/v1",
        "-H", f"Authorization: Bearer {served.token}",
        "--exclude-path", "/events",
        "--checks", "not_a_server_error",
        "--max-examples", EXAMPLES,
        "--max-time", SECONDS,
        "--request-timeout", "30",
        "--no-color",
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
    print(out.stdout[-6000:])
    assert out.returncode == 0, out.stdout[-6000:] + out.stderr[-3000:]
