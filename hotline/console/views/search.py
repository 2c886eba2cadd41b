"""Staff case search (`/search/?q=`): a case number jumps to the case, else a page of hits."""

from __future__ import annotations

from django.shortcuts import redirect, render

from hotline.cases import search as case_search
from hotline.orgs.choices import Role
from hotline.privacy.reveal import masked

from .common import roles_required


@roles_required(*Role.values)
def search(request):
    raw_page = request.GET.get("page", "")
    results = case_search.search(request.user, request.GET.get("q", ""),
                                 page=int(raw_page) if raw_page.isdigit() else 1)
    if results.jump_to:
        return redirect("console:case", number=results.jump_to)
    rows = [{"case": c, "citizen": masked(c, request.user),
             "place": next((p.name for p in (c.street, c.district) if p), "")} for c in results.cases]
    return render(request, "console/search.html", {"results": results, "rows": rows})
