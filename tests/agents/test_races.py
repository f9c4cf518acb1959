"""Two processes on one store at the same instant, as the desktop app (`mnemo serve`) and an
agent's `mnemo mcp` run: the same external ids and the same new entity names added through both
exist once; two edits made against one version: one wins, the other gets `conflict`; a process
suspended with SIGSTOP sees every write made meanwhile once it continues."""

import os
import signal
import time

import anyio
import httpx2

from test_mcp import stdio_session

# `npm test` runs 50 rounds; MNEMO_RACE_ROUNDS=200 for the full check.
ROUNDS = int(os.environ.get("MNEMO_RACE_ROUNDS", "50"))
PAUSE_S = float(os.environ.get("MNEMO_RACE_PAUSE_S", "5"))


async def rest(client, method, path, body=None):
    r = await client.request(method, path, json=body)
    return r.status_code, r.json()


async def tool(session, name, args):
    result = await session.call_tool(name, args)
    return result.is_error, (result.structured_content if not result.is_error else result.content[0].text)


def test_two_processes_race_on_one_store(store, served):
    anyio.run(lambda: _race(store, served))


async def _race(store, served):
    headers = {"Authorization": f"Bearer {served.token}"}
    async with httpx2.AsyncClient(base_url=served.origin, headers=headers, timeout=120) as client:
        async with stdio_session(store) as session:
            await session.initialize()
            await same_ids_and_entities(client, session)
            await concurrent_edits(client, session)
            await suspended_follower(client, session)


async def same_ids_and_entities(client, session):
    answers = {}

    async def via_rest(i):
        st, m = await rest(client, "POST", "/api/v1/memories", {
            "text": f"Race {i}: the app's copy", "external_id": f"race-{i}", "entities": [f"Entity {i}"]})
        assert st == 200, m
        answers.setdefault(i, []).append(m["id"])

    async def via_mcp(i):
        err, m = await tool(session, "remember", {
            "text": f"Race {i}: the agent's copy", "external_id": f"race-{i}", "entities": [f"entity {i}"]})
        assert not err, m
        answers.setdefault(i, []).append(m["id"])

    for i in range(ROUNDS):
        async with anyio.create_task_group() as tg:
            tg.start_soon(via_rest, i)
            tg.start_soon(via_mcp, i)
    for i, ids in answers.items():
        assert len(set(ids)) == 1, f"race-{i}: both processes must answer the one memory, got {ids}"

    st, snap = await rest(client, "GET", "/api/v1/snapshot")
    assert st == 200
    externals = [m["external_id"] for m in snap["memories"] if (m.get("external_id") or "").startswith("race-")]
    assert len(externals) == ROUNDS == len(set(externals)), f"{len(externals)} stored for {ROUNDS} external ids"
    entities = [m["title"].lower() for m in snap["memories"] if m["kind"] == "entity" and m["title"].lower().startswith("entity ")]
    assert len(entities) == ROUNDS == len(set(entities)), f"{len(entities)} entities stored for {ROUNDS} names"


async def concurrent_edits(client, session):
    # Written by the agent: it may edit its own memory (one the person wrote it could not touch).
    err, m = await tool(session, "remember", {"text": "Edited from two places at once"})
    assert not err, m
    outcomes = []

    # Each round's titles are new: an edit to what the memory already holds writes nothing.
    async def edit_rest(n):
        st, body = await rest(client, "PATCH", f"/api/v1/memories/{m['id']}",
                              {"title": f"The app's title {n}", "expected_version": m["version"]})
        outcomes.append(("rest", st, body))

    async def edit_mcp(n):
        err, body = await tool(session, "update_memory", {
            "id": m["id"], "patch": {"title": f"The agent's title {n}", "expected_version": m["version"]}})
        outcomes.append(("mcp", 409 if err and "conflict" in body else (200 if not err else 500), body))

    for n in range(20):
        st, cur = await rest(client, "GET", f"/api/v1/memories/{m['id']}")
        m = cur["memory"]
        outcomes.clear()
        async with anyio.create_task_group() as tg:
            tg.start_soon(edit_rest, n)
            tg.start_soon(edit_mcp, n)
        codes = sorted(o[1] for o in outcomes)
        assert codes == [200, 409], f"one edit wins, the other is refused with conflict: {outcomes}"
        loser = next(o for o in outcomes if o[1] == 409)
        text = loser[2]["message"] if isinstance(loser[2], dict) else loser[2]
        assert m["id"] in text, f"the conflict names the memory: {text}"
        winner = next(o for o in outcomes if o[1] == 200)
        assert winner[2]["version"] == m["version"] + 1


async def suspended_follower(client, session):
    """`mnemo mcp` is stopped (SIGSTOP) while the server writes; after SIGCONT it sees them all."""
    pid = await mcp_pid(session)
    os.kill(pid, signal.SIGSTOP)
    try:
        ids = []
        for i in range(10):
            st, m = await rest(client, "POST", "/api/v1/memories", {"text": f"Written while the agent slept, {i}"})
            assert st == 200
            ids.append(m["id"])
        time.sleep(PAUSE_S)
    finally:
        os.kill(pid, signal.SIGCONT)
    deadline = time.monotonic() + 30
    missing = ids
    while missing and time.monotonic() < deadline:
        await anyio.sleep(0.5)
        missing = [i for i in missing if (await tool(session, "get_memory", {"id": i}))[0]]
    assert not missing, f"the resumed process does not see {len(missing)} of 10 writes"


async def mcp_pid(session):
    """The `mnemo mcp` child of this test process (the SDK does not expose it)."""
    me = os.getpid()
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{d}/cmdline", "rb") as f:
                cmd = f.read().split(b"\0")
        except OSError:
            continue
        if int(fields[1]) == me and b"mcp" in cmd:
            return int(d)
    raise AssertionError("no mnemo mcp child found")
