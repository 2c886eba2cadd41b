"""The knowledge base (知识库): short answers an agent reads out to answer on the spot."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hotline import clock


class Article(models.Model):
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(pgettext_lazy("knowledge article", "answer"))
    category = models.ForeignKey(
        "catalog.Category", verbose_name=_("category"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    keywords = models.CharField(
        _("keywords"), max_length=255, blank=True,
        help_text=_("Words callers use for this matter, separated by commas or spaces."),
    )
    source = models.CharField(_("source"), max_length=200, blank=True,
                              help_text=_("The policy or department the answer comes from."))
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated at"), default=clock.now)

    class Meta:
        verbose_name = _("knowledge article")
        verbose_name_plural = _("knowledge articles")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.updated_at = clock.now()
        super().save(*args, **kwargs)
