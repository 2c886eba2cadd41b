"""Rebuild `stopwords.txt` from the shared data:

    .venv/bin/python -m hotline.intake.classifier.stopwords_build

The segmented rows of `messages_labeled.csv` had a stop-word list applied that was not
published; the list is recovered as the words jieba finds in the raw messages of the same
source (unlabeled, hot and replied messages) that never occur in the segmented rows.
"""

from __future__ import annotations

import csv
import os


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotline.settings")
    os.environ.setdefault("HOTLINE_DEV", "1")
    import django

    django.setup()
    from . import data, text

    base = data.teddy_dir()
    with open(data.labeled_csv(), encoding="utf-8") as fh:
        segmented = [r["text"] for r in csv.DictReader(fh) if r["form"] == data.SEGMENTED]
    raw: list[str] = []
    for name in ("unlabeled_messages.csv", "hot_messages.csv", "replies.csv"):
        with open(base / name, encoding="utf-8") as fh:
            raw.extend(f"{r['留言主题']} {r['留言详情']}" for r in csv.DictReader(fh))
    words = text.derive_stopwords(segmented, raw)
    text.STOPWORDS_FILE.write_text("".join(f"{w}\n" for w in words), encoding="utf-8")
    print(f"{len(words)} stop words → {text.STOPWORDS_FILE}")


if __name__ == "__main__":
    main()
