"""Real rows of the shared replies (teddy2020/replies.csv), read from the shared data."""

from __future__ import annotations

import csv
import functools

from hotline.replies import calibration


@functools.cache
def replies_by_number() -> dict[str, dict[str, str]]:
    with calibration.default_source().open(encoding="utf-8", newline="") as handle:
        return {row["留言编号"]: row for row in csv.DictReader(handle)}


def row(number: str) -> dict[str, str]:
    return replies_by_number()[number]


# 2557: a consultation on the talent housing subsidy, answered with the policy's article.
# 2555: kindergarten teachers' pay, answered citing the city's implementing opinions.
# 6556: a question on rabies vaccine reimbursement answered "已收悉" and nothing else.
GOOD, GOOD_TOO, RECEIPT_ONLY = "2557", "2555", "6556"
