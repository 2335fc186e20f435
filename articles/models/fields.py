from django.db import models

from articles.text.blocks import ensure_blocks
from articles.text.housestyle import house_rules_html
from articles.text.sanitize import sanitize_html


class SanitizedHTMLField(models.TextField):
    """A TextField whose HTML is cleaned every time it is written to the database.

    Cleaning at the field means every path that saves an article (admin, commands,
    imports, each translation column) stores only the allowed markup, in paragraphs
    (text without block markup is wrapped), with the house rules applied to its text.
    """

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if value:
            value = sanitize_html(ensure_blocks(house_rules_html(value)))
        setattr(model_instance, self.attname, value)
        return value
