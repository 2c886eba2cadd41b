"""Every example in docs/interfaces.md, run in order against a live test server.

A shell block runs in bash (curl, openssl) with the documented variables set; a block of
`hotline …` lines runs as management commands on the test database. The HTML comment
`<!-- expect: … -->` before each block says what its output must contain.
"""

from __future__ import annotations

import io
import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from hotline.open311.models import OpenApiKey, ServiceRequest
from hotline.orgs.models import ApiToken
from hotline.testing import new_case

DOC = settings.PROJECT_DIR / "docs" / "interfaces.md"
BLOCK = re.compile(r"<!-- expect: (?P<expect>.+?) -->\n```sh\n(?P<code>.*?)\n```", re.S)
ANY_BLOCK = re.compile(r"```sh\n")


def examples() -> list[tuple[str, str]]:
    text = DOC.read_text(encoding="utf-8")
    found = [(m["expect"], m["code"]) for m in BLOCK.finditer(text)]
    assert len(found) == len(ANY_BLOCK.findall(text)), "every example needs an <!-- expect: … --> line"
    return found


def run_commands(code: str, env: dict[str, str], tmp: Path) -> str:
    out = io.StringIO()
    for line in code.splitlines():
        line = re.sub(r"\$(\w+)", lambda m: env[m.group(1)], line)
        line = line.replace("../shared/data/", f"{settings.SHARED_DATA_DIR}/").replace("var/", f"{tmp}/")
        name, *args = shlex.split(line)[1:]
        call_command(name, *args, stdout=out)
    return out.getvalue().replace(f"{tmp}/", "var/")


@pytest.mark.django_db(transaction=True)
def test_every_documented_example_runs(city, live_server, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"  # the attachment examples store files
    case = new_case(city, category=city.cat_lights, street=city.s11, dispatch=False)
    seed = new_case(city, category=city.cat_lights, street=city.s11, channel="open311")
    request_token = ServiceRequest.objects.create(case=seed, token="doc-token-1", service_code=str(city.cat_lights.pk)).token
    env = {
        "BASE": live_server.url, "API_KEY": OpenApiKey.issue("docs")[1], "SERVICE": str(city.cat_lights.pk),
        "CASE": case.number, "REQUEST_TOKEN": request_token, "TOKEN": ApiToken.issue(city.dispatcher),
        "PEER_KEY": "a-key-shared-by-both-platforms",
    }
    failures = []
    for index, (expect, code) in enumerate(examples(), start=1):
        if code.startswith("hotline "):
            output = run_commands(code, env, tmp_path)
        else:
            done = subprocess.run(  # noqa: S603 - the documented example
                ["/bin/bash", "-c", code], env={**os.environ, **env}, capture_output=True, text=True, timeout=30,
                check=False)
            output = done.stdout + done.stderr
        if expect not in output:
            failures.append(f"example {index}: expected {expect!r} in:\n{output[:800]}")
    assert failures == []
