"""The agent console's "place found" panel: what `intake.territory` reads in the address
and text as the agent types, with the candidates to pick from when it is ambiguous."""

from __future__ import annotations

from django.shortcuts import render

from hotline.intake.territory import locate

from .agent import AGENT_ROLES
from .common import roles_required


@roles_required(*AGENT_ROLES)
def place(request):
    data = request.GET
    found = locate(address=data.get("address", "")[:255],
                   text=f"{data.get('title', '')[:200]}\n{data.get('content', '')[:5000]}")
    picked = any((data.get(k) or "").strip() for k in ("district", "street", "community"))
    return render(request, "console/_place_found.html", {"found": found, "picked": picked})
