from django.db import migrations

# Member search matches words (unionsite.text.words_q): on PostgreSQL a GIN index over the folded name's
# words serves it. SQLite matches the words with LIKE on the plain column.
CREATE = (
    "CREATE INDEX IF NOT EXISTS member_name_words_idx "
    "ON unions_member USING gin (to_tsvector('simple'::regconfig, name_search))"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS member_name_words_idx")


class Migration(migrations.Migration):
    dependencies = [("unions", "0006_username_unique_ignoring_case")]

    operations = [migrations.RunPython(create, drop)]
