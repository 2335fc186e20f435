"""A trigram index for the admin's folded search on PostgreSQL.

The search looks for words anywhere in ``search_text`` (``LIKE '%word%'``); without an
index that reads every article's text. pg_trgm's GIN index answers it from the index.
Other databases search without one.
"""

from django.db import migrations

INDEX = "article_desk_search_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_article USING gin (search_text gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_desk_search_text")]

    operations = [migrations.RunPython(create_index, drop_index)]
