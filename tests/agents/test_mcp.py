"""The official MCP Python SDK against `mnemo mcp` (stdio) and `/mcp` (streamable HTTP):
initialize, list the tools, remember three linked memories, recall them, read the trace back."""

import json
import urllib.request
from contextlib import asynccontextmanager

import anyio
import httpx2
import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp_types import Implementation

from conftest import MNEMO, env_for

CLIENT = Implementation(name="pytest-agent", version="1.0")
TOOLS = {"remember", "recall", "get_memory", "update_memory", "forget", "relate", "unrelate", "neighborhood", "list_spaces", "get_trace", "merge", "supersede"}


@asynccontextmanager
async def stdio_session(store):
    params = StdioServerParameters(command=MNEMO, args=["--db", store, "mcp"], env=env_for(store))
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write, client_info=CLIENT) as session:
            yield session


@asynccontextmanager
async def http_session(served):
    headers = {"Authorization": f"Bearer {served.token}"}
    async with httpx2.AsyncClient(headers=headers, timeout=60) as client:
        async with streamable_http_client(f"{served.origin}/mcp", http_client=client) as (read, write, *_):
            async with ClientSession(read, write, client_info=CLIENT) as session:
                yield session


async def call(session, tool, args):
    result = await session.call_tool(tool, args)
    assert not result.is_error, f"{tool} failed: {result.content}"
    data = result.structured_content
    assert isinstance(data, dict), f"{tool} returned no structured content: {result}"
    return data


async def agent_session_flow(session):
    init = await session.initialize()
    assert init.server_info.name, "the server names itself"
    tools = {t.name: t for t in (await session.list_tools()).tools}
    assert TOOLS <= set(tools), f"missing tools: {TOOLS - set(tools)}"
    for name in TOOLS:
        assert tools[name].description, f"{name} has no description"
        assert tools[name].input_schema.get("type") == "object", f"{name} has no JSON schema"
    assert "query" in tools["recall"].input_schema["properties"]
    assert "text" in tools["remember"].input_schema["required"]

    space = "agent-test"
    a = await call(session, "remember", {
        "text": "Ada Lovelace wrote the first published program, for Babbage's Analytical Engine.",
        "title": "First program", "entities": ["Ada Lovelace"], "space": space, "external_id": "ada", "tags": ["history"],
    })
    b = await call(session, "remember", {
        "text": "The Analytical Engine was a mechanical general-purpose computer designed by Charles Babbage.",
        "space": space, "links": [{"to": "ada", "relation": "context_for"}], "external_id": "engine",
    })
    c = await call(session, "remember", {
        "text": "Babbage never finished building the Analytical Engine; funding ran out.",
        "space": space, "links": [{"to": b["id"], "relation": "continues"}],
    })
    for m in (a, b, c):
        assert m["source"] == "agent:pytest-agent", "writes record the agent from MCP initialization"
        assert m["space"] == space
    rel = await call(session, "relate", {"from": a["id"], "to": c["id"], "relation": "see_also"})
    assert rel["from"] == a["id"] and rel["to"] == c["id"]

    recalled = await call(session, "recall", {"query": "Who wrote the first program for the Analytical Engine?", "space": space, "limit": 5})
    ids = [r["id"] for r in recalled["results"]]
    assert ids and ids[0] == a["id"], f"the first program's memory comes first: {recalled['results']}"
    assert {b["id"], c["id"]} & set(ids), "the linked memories are recalled too"
    assert all(isinstance(r["score"], (int, float)) for r in recalled["results"])

    trace = None
    trace = await call(session, "get_trace", {"trace_id": recalled["trace_id"]})
    assert trace["id"] == recalled["trace_id"]
    assert trace["actor"] == "agent:pytest-agent"
    assert [s["kind"] for s in trace["stages"]][:2] == ["embed", "vector"] or "vector" in [s["kind"] for s in trace["stages"]]
    assert [r["id"] for r in trace["results"]] == ids

    detail = await call(session, "get_memory", {"id": b["id"]})
    assert detail["memory"]["id"] == b["id"]
    hood = await call(session, "neighborhood", {"id": a["id"], "hops": 2})
    assert {b["id"], c["id"]} <= {m["id"] for m in hood["memories"]}

    spaces = await call(session, "list_spaces", {})
    assert space in [s["name"] for s in spaces["spaces"]]

    missing = await session.call_tool("get_memory", {"id": "no-such-memory"})
    assert missing.is_error and "not_found" in missing.content[0].text

    forgotten = await call(session, "forget", {"id": c["id"]})
    assert forgotten["status"] == "forgotten"

    # The agent corrects itself: a fact replaced by a new one, and two copies merged into one.
    wrong = await call(session, "remember", {"text": "The launch is on May 3.", "kind": "fact", "space": space})
    fixed = await call(session, "supersede", {"id": wrong["id"], "new": {"text": "The launch moved to June 7.", "kind": "fact", "space": space}})
    assert fixed["old"]["status"] == "superseded" and fixed["old"]["valid_until"] == fixed["new"]["valid_from"]
    assert fixed["new"]["source"] == "agent:pytest-agent" and fixed["edge"]["kind"] == "supersedes"
    one = await call(session, "remember", {"text": "Priya prefers tea.", "space": space, "external_id": "tea-1"})
    two = await call(session, "remember", {"text": "Priya likes tea.", "space": space, "external_id": "tea-2"})
    survivor = await call(session, "merge", {"ids": [two["id"], one["id"]], "keep": one["id"]})
    assert survivor["id"] == one["id"] and survivor["aliases"] == ["tea-2"] and survivor["merged_from"] == [two["id"]]
    gone = await call(session, "get_memory", {"id": two["id"]})
    assert gone["memory"]["status"] == "merged" and gone["memory"]["merged_into"] == one["id"]
    bad = await session.call_tool("merge", {"ids": [one["id"]]})
    assert bad.is_error and "invalid_input" in bad.content[0].text
    return a, b, c


def test_stdio(store):
    anyio.run(lambda: _stdio(store))


async def _stdio(store):
    async with stdio_session(store) as session:
        a, _, _ = await agent_session_flow(session)
        # The log names the transport and the connection: this client's own `mnemo mcp` process.
        history = await call(session, "get_memory", {"id": a["id"]})
        assert any(o["via"].startswith("mcp-stdio pid ") for o in history["operations"]), history["operations"]


def test_streamable_http(served):
    a, b, c = anyio.run(lambda: _http(served))
    # The REST API sees the agent's writes, with the agent as actor.
    req = urllib.request.Request(f"{served.origin}/api/v1/operations?limit=50", headers={"Authorization": f"Bearer {served.token}"})
    ops = json.load(urllib.request.urlopen(req))
    assert {a["id"], b["id"]} <= {o["target"] for o in ops if o["actor"] == "agent:pytest-agent"}


async def _http(served):
    async with http_session(served) as session:
        return await agent_session_flow(session)


def test_http_needs_the_token(served):
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "ping"}).encode()
    for headers, want in [({}, 401), ({"Authorization": "Bearer wrong"}, 401), ({"Authorization": f"Bearer {served.token}", "Origin": "https://evil.example"}, 403)]:
        req = urllib.request.Request(f"{served.origin}/mcp", data=body, headers={"Content-Type": "application/json", **headers}, method="POST")
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(req)
        assert e.value.code == want, f"{headers}: {e.value.code}"
