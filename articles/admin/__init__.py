"""The articles app's admin. Importing the package registers every model admin, as
Django's autodiscovery expects: the article (``article``: its list, form, bulk actions and
desk views each in a module of their own), sections, tags and authors, the media library
and the audit trail."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import article, audit, media, taxonomy  # noqa: F401 - they register their model admins

admin.site.site_header = _("Newsroom")
admin.site.site_title = _("Newsroom administration")
admin.site.index_title = _("Newsroom administration")
