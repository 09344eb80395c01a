from django.db import migrations

# "Lan" and "lan" are one login: the application refuses a taken name ignoring case, and this index
# keeps two accounts created at the same instant from both getting through (PostgreSQL and SQLite
# both index an expression).
CREATE = "CREATE UNIQUE INDEX IF NOT EXISTS auth_user_username_lower_uniq ON auth_user (lower(username))"
DROP = "DROP INDEX IF EXISTS auth_user_username_lower_uniq"


class Migration(migrations.Migration):
    dependencies = [
        ("unions", "0005_merge_counts_and_revoked_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
