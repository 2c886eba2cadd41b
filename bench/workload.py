"""Realistic new cases for the benches: real citizen messages from ../shared/data, the
matter the demo's keyword matcher gives them, a random community of the city (its street
and district follow), a citizen's name and phone. Deterministic for a seed."""

from __future__ import annotations

import random
import uuid


class NewCases:
    def __init__(self, seed: int = 7, pool: int = 2000):
        from hotline.catalog.models import Category
        from hotline.demo import messages as demo_messages
        from hotline.orgs.choices import UnitKind
        from hotline.orgs.models import Unit

        self.rng = random.Random(seed)
        self.citizen = demo_messages.citizen
        open_pool, replied, mailbox = demo_messages.load_messages()
        texts = [(m.title, m.content) for m in open_pool + replied + mailbox]
        texts = random.Random(seed).sample(texts, min(pool, len(texts)))
        cats = list(Category.objects.filter(is_active=True))
        by_id = {c.pk: c for c in cats}
        tree = {tuple(by_id[i].name for i in c.ancestor_ids()): c for c in cats}
        classifier = demo_messages.Classifier(tree)
        leaves = [c for c in cats if c.level == 3] or cats
        self.texts = []
        for title, content in texts:
            cat = classifier.category(title, content) or self.rng.choice(leaves)
            self.texts.append((title[:200], content[:2000], cat.pk))
        self.communities = list(Unit.objects.filter(kind=UnitKind.COMMUNITY, is_active=True).values_list("pk", flat=True))
        self.types = ["complaint"] * 30 + ["help"] * 28 + ["consultation"] * 22 + ["report"] * 12 + ["suggestion"] * 8

    def payload(self) -> dict:
        title, content, category = self.rng.choice(self.texts)
        name, phone = self.citizen(self.rng)
        return {
            "channel": "phone", "case_type": self.rng.choice(self.types), "urgency": "normal",
            "category": category, "title": title, "content": content,
            "community": self.rng.choice(self.communities),
            "citizen": {"name": name, "phone": phone},
        }

    def public_payload(self) -> dict:
        p = self.payload()
        return {k: p[k] for k in ("case_type", "category", "title", "content", "community", "citizen")}

    def draft(self):
        from hotline.intake.services import Draft

        p = self.payload()
        return Draft(channel=p["channel"], case_type=p["case_type"], urgency=p["urgency"],
                     title=p["title"], content=p["content"], category_id=p["category"],
                     community_id=p["community"], citizen_name=p["citizen"]["name"],
                     citizen_phone=p["citizen"]["phone"])

    @staticmethod
    def key() -> str:
        return uuid.uuid4().hex
