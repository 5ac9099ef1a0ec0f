"""Word posting lists and vocabulary of the register, kept by triggers (see search.py).

Statement-level triggers with transition tables: a COPY or a bulk_create of 100,000
marks fills the posting lists with one INSERT ... SELECT, and the vocabulary counts
with one aggregated upsert, instead of one trigger call per row. Whatever writes the
register (save, bulk_create with update_conflicts, queryset update, COPY, raw SQL)
keeps both in step. TRUNCATE of the register alone does not (Django's flush truncates
all three tables together).
"""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.db import migrations, models

# Words of a mark: those of `normalized`, and for an Arabic mark those of `romanized`
# too, each with the length of the text it comes from (the shorter, the closer a mark
# containing the word is to a query made of it).
WORDS_FUNCTION = """
CREATE FUNCTION ip_filings_mark_words(normalized text, romanized text, script text)
RETURNS TABLE (word text, size smallint)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT w, least(min(s), 32767)::smallint
    FROM (
        SELECT w, char_length(normalized) AS s
        FROM regexp_split_to_table(normalized, ' ') AS w
        UNION ALL
        SELECT w, char_length(romanized)
        FROM regexp_split_to_table(romanized, ' ') AS w
        WHERE script = 'arabic'
    ) AS words
    WHERE w <> ''
    GROUP BY w
$$;
"""

TRIGGERS = """
CREATE FUNCTION ip_filings_markword_on_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ip_filings_markword (mark_id, word, size)
    SELECT n.id, w.word, w.size
    FROM new_marks AS n, ip_filings_mark_words(n.normalized, n.romanized, n.script) AS w;
    RETURN NULL;
END $$;

CREATE FUNCTION ip_filings_markword_on_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- only marks whose matching keys changed (a status change keeps its words)
    DELETE FROM ip_filings_markword AS p
    USING new_marks AS n JOIN old_marks AS o ON o.id = n.id
    WHERE p.mark_id = n.id
      AND (o.normalized, o.romanized, o.script) IS DISTINCT FROM (n.normalized, n.romanized, n.script);
    INSERT INTO ip_filings_markword (mark_id, word, size)
    SELECT n.id, w.word, w.size
    FROM new_marks AS n JOIN old_marks AS o ON o.id = n.id,
         ip_filings_mark_words(n.normalized, n.romanized, n.script) AS w
    WHERE (o.normalized, o.romanized, o.script) IS DISTINCT FROM (n.normalized, n.romanized, n.script);
    RETURN NULL;
END $$;

CREATE FUNCTION ip_filings_markword_on_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM ip_filings_markword AS p USING old_marks AS o WHERE p.mark_id = o.id;
    RETURN NULL;
END $$;

CREATE TRIGGER markword_insert AFTER INSERT ON ip_filings_registeredmark
REFERENCING NEW TABLE AS new_marks
FOR EACH STATEMENT EXECUTE FUNCTION ip_filings_markword_on_insert();

CREATE TRIGGER markword_update AFTER UPDATE ON ip_filings_registeredmark
REFERENCING OLD TABLE AS old_marks NEW TABLE AS new_marks
FOR EACH STATEMENT EXECUTE FUNCTION ip_filings_markword_on_update();

CREATE TRIGGER markword_delete AFTER DELETE ON ip_filings_registeredmark
REFERENCING OLD TABLE AS old_marks
FOR EACH STATEMENT EXECUTE FUNCTION ip_filings_markword_on_delete();

-- The vocabulary counts follow the posting lists. Words are taken in order so that
-- two transactions adding the same words lock their counters in the same order.
CREATE FUNCTION ip_filings_markvocab_on_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ip_filings_markvocabulary AS v (word, marks)
    SELECT word, count(*) FROM new_words GROUP BY word ORDER BY word
    ON CONFLICT (word) DO UPDATE SET marks = v.marks + EXCLUDED.marks;
    RETURN NULL;
END $$;

CREATE FUNCTION ip_filings_markvocab_on_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE ip_filings_markvocabulary AS v SET marks = v.marks - gone.marks
    FROM (SELECT word, count(*) AS marks FROM old_words GROUP BY word ORDER BY word) AS gone
    WHERE v.word = gone.word;
    DELETE FROM ip_filings_markvocabulary
    WHERE marks <= 0 AND word IN (SELECT word FROM old_words);
    RETURN NULL;
END $$;

CREATE TRIGGER markvocab_insert AFTER INSERT ON ip_filings_markword
REFERENCING NEW TABLE AS new_words
FOR EACH STATEMENT EXECUTE FUNCTION ip_filings_markvocab_on_insert();

CREATE TRIGGER markvocab_delete AFTER DELETE ON ip_filings_markword
REFERENCING OLD TABLE AS old_words
FOR EACH STATEMENT EXECUTE FUNCTION ip_filings_markvocab_on_delete();
"""

DROP_TRIGGERS = """
DROP TRIGGER markvocab_delete ON ip_filings_markword;
DROP TRIGGER markvocab_insert ON ip_filings_markword;
DROP TRIGGER markword_delete ON ip_filings_registeredmark;
DROP TRIGGER markword_update ON ip_filings_registeredmark;
DROP TRIGGER markword_insert ON ip_filings_registeredmark;
DROP FUNCTION ip_filings_markvocab_on_delete();
DROP FUNCTION ip_filings_markvocab_on_insert();
DROP FUNCTION ip_filings_markword_on_delete();
DROP FUNCTION ip_filings_markword_on_update();
DROP FUNCTION ip_filings_markword_on_insert();
"""

# Marks already in the register (the vocabulary trigger counts them).
BACKFILL = """
INSERT INTO ip_filings_markword (mark_id, word, size)
SELECT m.id, w.word, w.size
FROM ip_filings_registeredmark AS m,
     ip_filings_mark_words(m.normalized, m.romanized, m.script) AS w;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("ip_filings", "0004_classes_trigram_gin"),
    ]

    operations = [
        migrations.CreateModel(
            name="MarkVocabulary",
            fields=[
                ("word", models.TextField(primary_key=True, serialize=False)),
                ("marks", models.IntegerField()),
            ],
            options={
                "indexes": [
                    django.contrib.postgres.indexes.GinIndex(
                        django.contrib.postgres.indexes.OpClass("word", name="gin_trgm_ops"),
                        name="markvocab_word_trgm",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="MarkWord",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "mark_id",
                        "word",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("mark_id", models.BigIntegerField()),
                ("word", models.TextField()),
                ("size", models.SmallIntegerField()),
            ],
            options={
                "indexes": [
                    models.Index(fields=["word", "size", "mark_id"], name="markword_word_size")
                ],
            },
        ),
        migrations.AddIndex(
            model_name="registeredmark",
            index=django.contrib.postgres.indexes.GinIndex(
                models.Func(
                    "normalized",
                    models.Value(" "),
                    function="string_to_array",
                    output_field=django.contrib.postgres.fields.ArrayField(
                        base_field=models.TextField(), size=None
                    ),
                ),
                name="mark_words_gin",
            ),
        ),
        migrations.RunSQL(WORDS_FUNCTION, "DROP FUNCTION ip_filings_mark_words(text, text, text);"),
        migrations.RunSQL(TRIGGERS, DROP_TRIGGERS),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
    ]
