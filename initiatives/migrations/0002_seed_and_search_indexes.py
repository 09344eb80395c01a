from django.db import migrations

# Only PostgreSQL has trigram indexes: likely duplicates and search use them there.
POSTGRES_INDEXES = [
    ("initiative_title_trgm_idx", "CREATE INDEX IF NOT EXISTS initiative_title_trgm_idx "
     "ON initiatives_initiative USING gin (title_search gin_trgm_ops)"),
    ("initiative_solution_trgm_idx", "CREATE INDEX IF NOT EXISTS initiative_solution_trgm_idx "
     "ON initiatives_initiative USING gin (solution_search gin_trgm_ops)"),
]


def create(apps, schema_editor):
    from initiatives.seed import seed

    seed(apps)
    if schema_editor.connection.vendor == "postgresql":
        for _name, sql in POSTGRES_INDEXES:
            schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, _sql in POSTGRES_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0001_initial"),
        ("unions", "0002_postgres_search_indexes"),
        ("unionsite", "0002_extensions_and_heartbeat_schedule"),
    ]

    operations = [migrations.RunPython(create, drop)]
