"""GIN indexes for reader search on PostgreSQL, one per language.

The indexed expression is built by the same function the search query uses, so the
planner can match it. Other databases search without an index.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

LANGUAGES = ("ar", "en")


def _index(language):
    from articles.reader.search import document_vector

    return GinIndex(document_vector(language), name=f"article_search_{language}")


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    article = apps.get_model("articles", "Article")
    for language in LANGUAGES:
        schema_editor.add_index(article, _index(language))


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    article = apps.get_model("articles", "Article")
    for language in LANGUAGES:
        schema_editor.remove_index(article, _index(language))


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_roles")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
