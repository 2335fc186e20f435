"""Thin receivers (connected in ``PagesConfig.ready``). Every change of a page goes through
``pages.publishing``, which invalidates what it touched; a page deleted outside it (a
superuser's shell, a data migration) must still leave every footer and the sitemap."""

from core.invalidation import invalidate

from . import revisions
from .keys import keys_touched


def page_deleted(sender, instance, **kwargs) -> None:
    invalidate(*keys_touched(instance.pk, revisions.snapshot(instance), {}))
