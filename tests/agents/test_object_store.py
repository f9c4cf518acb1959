"""One memory on S3-compatible object storage, shared by two `mnemo serve` processes that stand
for two machines (each its own HOME, token and caches; nothing shared but the bucket): both
write at once, the same external ids exist once, and each sees the other's changes live."""

import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import anyio
import httpx2
import pytest

from conftest import MNEMO

HERE = Path(__file__).resolve().parent
BUCKET = "mnemo-team"
ROUNDS = 12


@pytest.fixture
def s3():
    """moto's S3 on a free loopback port, with an empty bucket; yields its endpoint."""
    proc = subprocess.Popen([sys.executable, str(HERE / "moto_s3.py")], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    port = int(proc.stdout.readline())
    endpoint = f"http://127.0.0.1:{port}"
    import boto3  # moto's own dependency
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test",
                 aws_secret_access_key="test").create_bucket(Bucket=BUCKET)
    yield endpoint
    proc.kill()
    proc.wait()


def machine_home() -> str:
    """A fresh HOME for one "machine", removed when the tests end."""
    home = tempfile.mkdtemp(prefix="mnemo-machine-")
    atexit.register(shutil.rmtree, home, True)
    return home


def machine_env(home: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    return {**env, "HOME": home, "MNEMO_TOKEN_FILE": f"{home}/token", "RUST_LOG": "warn",
            "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_REGION": "us-east-1"}


def mnemo_args(endpoint: str) -> list:
    # The endpoint through the flag (credentials come from the environment, as on a team's laptops).
    return [MNEMO, "--db", f"s3://{BUCKET}/memory", "--storage-option", f"aws_endpoint={endpoint}",
            "--storage-option", "allow_http=true"]


class Machine:
    def __init__(self, endpoint: str):
        self.home = machine_home()
        self.proc = subprocess.Popen(mnemo_args(endpoint) + ["serve", "--port", "0"], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, env=machine_env(self.home))
        line = self.proc.stdout.readline().strip()
        if not line.startswith("http://127.0.0.1:"):
            self.proc.kill()
            raise AssertionError(f"serve on S3 did not start: {line!r} {self.proc.stderr.read()[-2000:]}")
        u = urlparse(line)
        self.origin = f"{u.scheme}://{u.netloc}"
        self.token = parse_qs(u.query)["token"][0]

    def client(self):
        return httpx2.AsyncClient(base_url=self.origin, headers={"Authorization": f"Bearer {self.token}"},
                                  timeout=120)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=60)


def test_the_usual_mistakes_get_a_plain_error(s3):
    env = machine_env(machine_home())
    r = subprocess.run([MNEMO, "--db", f"s3://{BUCKET}/memory", "--storage-option", "aws_endpoint", "stats"],
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode != 0
    assert "KEY=VALUE" in r.stderr, r.stderr
    absent = mnemo_args(s3)
    absent[2] = "s3://no-such-bucket/memory"
    r = subprocess.run(absent + ["stats"], capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode != 0
    assert "the bucket no-such-bucket does not exist; create it first" in r.stderr, r.stderr


def test_two_machines_share_one_memory_on_object_storage(s3):
    first = Machine(s3)
    try:
        second = Machine(s3)
        try:
            anyio.run(lambda: _share(first, second))
        finally:
            second.stop()
    finally:
        first.stop()


async def _share(first: Machine, second: Machine):
    async with first.client() as a, second.client() as b:
        ids = await both_write_at_once(a, b)
        await each_sees_the_others(a, b, ids)
        await one_memory_in_both(a, b)
        await recall_finds_the_others_memory(a, b)


async def post(client, path, body):
    r = await client.post(path, json=body)
    assert r.status_code == 200, f"{path}: {r.status_code} {r.text}"
    return r.json()


async def both_write_at_once(a, b) -> dict:
    """Each machine adds its own memories and, at the same instant, the same external ids."""
    ids = {"a": [], "b": [], "same": {}}

    async def add(client, who, i):
        m = await post(client, "/api/v1/memories", {"text": f"Machine {who} wrote note {i} about the harbour"})
        ids[who].append(m["id"])
        m = await post(client, "/api/v1/memories", {"text": f"Shared item {i}, written by {who}",
                                                    "external_id": f"shared-{i}"})
        ids["same"].setdefault(i, set()).add(m["id"])

    for i in range(ROUNDS):
        async with anyio.create_task_group() as tg:
            tg.start_soon(add, a, "a", i)
            tg.start_soon(add, b, "b", i)
    for i, got in ids["same"].items():
        assert len(got) == 1, f"shared-{i}: both machines must answer the one memory, got {got}"
    return ids


async def each_sees_the_others(a, b, ids):
    """Without a restart: every memory one machine wrote, the other serves within seconds."""
    deadline = time.monotonic() + 30
    missing = [(a, i) for i in ids["b"]] + [(b, i) for i in ids["a"]]
    while missing and time.monotonic() < deadline:
        await anyio.sleep(0.5)
        missing = [(c, i) for c, i in missing if (await c.get(f"/api/v1/memories/{i}")).status_code != 200]
    assert not missing, f"{len(missing)} of {2 * ROUNDS} memories not seen by the other machine"


async def one_memory_in_both(a, b):
    views = []
    for c in (a, b):
        snap = (await c.get("/api/v1/snapshot")).json()
        live = [m for m in snap["memories"] if m["status"] == "active"]
        views.append(sorted(m["id"] for m in live))
        shared = [m["external_id"] for m in live if (m.get("external_id") or "").startswith("shared-")]
        assert len(shared) == ROUNDS == len(set(shared)), f"{len(shared)} stored for {ROUNDS} external ids"
    assert views[0] == views[1], "both machines serve the same memories"


async def recall_finds_the_others_memory(a, b):
    m = await post(a, "/api/v1/memories", {"text": "The lighthouse keeper logs the ferry's arrival at dawn"})
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        r = await post(b, "/api/v1/recall", {"query": {"text": "when does the ferry arrive", "limit": 5}})
        if m["id"] in [hit["memory"]["id"] for hit in r["results"]]:
            return
        await anyio.sleep(0.5)
    raise AssertionError("a recall on the second machine never found the first one's new memory")


def test_a_writer_killed_mid_import_leaves_a_whole_store_that_another_machine_takes_over(s3, tmp_path):
    """SIGKILL in the middle of an import's change on the bucket (its journal is there): its lease
    expires, the next writer (another machine) rolls back or finishes what it left, and the store
    holds whole changes only."""
    lines = tmp_path / "many.jsonl"
    lines.write_text("".join(f'{{"text": "Imported line {i} about the tide tables", "external_id": "line-{i}"}}\n'
                             for i in range(3000)))
    env = machine_env(machine_home())
    importer = subprocess.Popen(mnemo_args(s3) + ["import", str(lines)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=env)
    bucket = S3(s3)
    assert bucket.wait_for("memory/_mnemo/journal.json", timeout=300), "the import never began its change"
    importer.kill()
    importer.wait()
    killed = time.monotonic()
    assert bucket.lease()["holder"], "a killed writer's lease stays until it expires"

    other = Machine(s3)  # opening waits for the lease, then recovers the change
    try:
        anyio.run(lambda: _write_after_kill(other))
    finally:
        other.stop()
    took = time.monotonic() - killed
    assert 10 <= took < 60, f"the next machine wrote {took:.0f} s after the kill (the lease lasts 10 s)"
    assert not bucket.exists("memory/_mnemo/journal.json"), "the cut-short change was dealt with"

    r = subprocess.run(mnemo_args(s3) + ["doctor", "--json"], capture_output=True, text=True, env=env,
                       timeout=300)
    answer = json.loads(r.stdout)
    report = answer["store"]
    assert report["dangling_edges"] == [] and report["unlogged_memories"] == [], report
    assert report["duplicates"] == [], report
    errors = [c for c in answer["checks"] if c["level"] == "error"]
    assert errors == [], errors


async def _write_after_kill(machine: Machine):
    async with machine.client() as c:
        m = await post(c, "/api/v1/memories", {"text": "Written after the importer was killed"})
        assert (await c.get(f"/api/v1/memories/{m['id']}")).status_code == 200
        snap = (await c.get("/api/v1/snapshot")).json()
        imported = [x for x in snap["memories"] if (x.get("external_id") or "").startswith("line-")]
        assert len(imported) in (0, 3000), f"an import is one change, whole or absent: {len(imported)} lines"


class S3:
    """The test's own look into the bucket."""

    def __init__(self, endpoint: str):
        import boto3
        self.client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                                   aws_access_key_id="test", aws_secret_access_key="test")

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=BUCKET, Key=key)
            return True
        except self.client.exceptions.ClientError:
            return False

    def wait_for(self, key: str, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while not self.exists(key):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)
        return True

    def lease(self) -> dict:
        body = self.client.get_object(Bucket=BUCKET, Key="memory/_mnemo/lease.json")["Body"].read()
        return json.loads(body)
