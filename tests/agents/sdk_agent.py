"""One agent, one action, from the command line: the official MCP Python SDK over streamable HTTP
with a named token, for tests in other languages (tests/e2e/sdk-approval.test.mjs).

    python sdk_agent.py ORIGIN SECRET CLIENT_NAME remember TEXT   # prints the tool's result as JSON
    python sdk_agent.py ORIGIN SECRET CLIENT_NAME recall QUERY    # prints the ids recalled as JSON

A failed tool call exits with status 1 and its content on stderr."""

import json
import sys

import anyio
import httpx2
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp_types import Implementation


async def run(origin, secret, client_name, action, arg):
    headers = {"Authorization": f"Bearer {secret}"}
    async with httpx2.AsyncClient(headers=headers, timeout=60) as client:
        async with streamable_http_client(f"{origin}/mcp", http_client=client) as (read, write, *_):
            info = Implementation(name=client_name, version="1.0")
            async with ClientSession(read, write, client_info=info) as session:
                await session.initialize()
                if action == "remember":
                    result = await session.call_tool("remember", {"text": arg})
                else:
                    result = await session.call_tool("recall", {"query": arg, "limit": 20})
                if result.is_error:
                    sys.exit(f"{action} failed: {result.content}")
                answer = result.structured_content
                if action == "recall":
                    answer = [r["id"] for r in answer["results"]]
                print(json.dumps(answer))


if __name__ == "__main__":
    if len(sys.argv) != 6 or sys.argv[4] not in ("remember", "recall"):
        sys.exit(__doc__)
    anyio.run(run, *sys.argv[1:])
