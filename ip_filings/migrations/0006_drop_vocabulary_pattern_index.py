"""Drop the text_pattern_ops index Django adds to a text primary key.

It serves `LIKE 'prefix%'`, which nothing asks of the vocabulary (words are looked up
by equality, through the primary key, and by trigram similarity, through the GIN
index), and it weighed 24 MB at 1M marks and 90 MB at 5M, with every import paying to
keep it. Django's PostgreSQL schema editor drops such an index with IF EXISTS when a
field changes, so later migrations are not disturbed by its absence.
"""

from django.db import migrations

INDEX = "ip_filings_markvocabulary_word_8425e8a3_like"


class Migration(migrations.Migration):
    dependencies = [
        ("ip_filings", "0005_mark_words"),
    ]

    operations = [
        migrations.RunSQL(
            f"DROP INDEX IF EXISTS {INDEX}",
            reverse_sql=(
                f"CREATE INDEX IF NOT EXISTS {INDEX} "
                "ON ip_filings_markvocabulary (word text_pattern_ops)"
            ),
        ),
    ]
