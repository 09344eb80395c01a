from django.db import migrations

# Only PostgreSQL has these index kinds; on SQLite the folded columns use the plain B-tree indexes.
POSTGRES_INDEXES = [
    ("orgunit_path_prefix_idx", "CREATE INDEX IF NOT EXISTS orgunit_path_prefix_idx "
     "ON unions_orgunit (path varchar_pattern_ops)"),
    ("orgunit_name_trgm_idx", "CREATE INDEX IF NOT EXISTS orgunit_name_trgm_idx "
     "ON unions_orgunit USING gin (name_search gin_trgm_ops)"),
    ("member_name_trgm_idx", "CREATE INDEX IF NOT EXISTS member_name_trgm_idx "
     "ON unions_member USING gin (name_search gin_trgm_ops)"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for _name, sql in POSTGRES_INDEXES:
            schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, _sql in POSTGRES_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("unions", "0001_initial"),
        ("unionsite", "0002_extensions_and_heartbeat_schedule"),
    ]

    operations = [migrations.RunPython(create, drop)]
