from django.db import models

from .sanitize import sanitize_html


class SanitizedHTMLField(models.TextField):
    """A TextField whose HTML is cleaned every time it is written to the database.

    Cleaning at the field means every path that saves an article (admin, commands,
    imports, each translation column) stores only the allowed markup.
    """

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value
