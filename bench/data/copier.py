"""COPY into tables with explicit ids: the bulk writer of the data set, and its tables.

Rows are made consistent by construction (every id is taken from its table here), so the
load runs with triggers off: pghistory's (the loaded rows have no history to tell) and the
foreign-key checks.
"""

from contextlib import contextmanager


class Copier:
    """COPY rows into tables with explicit ids, keeping the next id of each table."""

    def __init__(self, connection):
        self.connection = connection
        self.next_ids = {}
        self.written = {}

    def next_id(self, table):
        if table not in self.next_ids:
            with self.connection.cursor() as cursor:
                cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")  # noqa: S608
                self.next_ids[table] = cursor.fetchone()[0]
        value = self.next_ids[table]
        self.next_ids[table] += 1
        return value

    def copy(self, table, columns, rows):
        with self.connection.cursor() as cursor:
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                written = 0
                for row in rows:
                    copy.write_row(row)
                    written += 1
        self.written[table] = self.written.get(table, 0) + written
        return written

    def reset_sequences(self):
        with self.connection.cursor() as cursor:
            for table in self.written:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT coalesce(max(id), 1) FROM {table}))",  # noqa: S608
                    [table],
                )


# Columns every dossier table has, in the order Dossiers.common() gives their values.
COMMON_COLUMNS = [
    "id",
    "status",
    "reference",
    "office",
    "submitted_at",
    "decided_at",
    "verification_code",
    "lock_version",
    "created_at",
    "updated_at",
    "assigned_examiner_id",
    "owner_id",
]
TABLES = [
    (
        "accounts_user",
        "id password is_superuser email first_name last_name phone preferred_language "
        "role office is_active date_joined notice_version notice_accepted_at optional_emails "
        "notification_digest",
        "user",
    ),
    ("account_emailaddress", 'id email verified "primary" user_id', "email"),
    (
        "companies_companydossier",
        " ".join(COMMON_COLUMNS) + " legal_form_id name_1 name_2 name_3 name_keys activity capital "
        "head_office_region_id head_office_city_id head_office_address domiciled "
        "domiciliation_company wizard_step",
        "company",
    ),
    (
        "companies_companydossier_activity_codes",
        "id companydossier_id activitycode_id",
        "codes",
    ),
    (
        "companies_associate",
        "id dossier_id kind full_name identifier contribution position",
        "associate",
    ),
    ("companies_manager", "id dossier_id role full_name identifier position", "manager"),
    (
        "ip_filings_trademarkfiling",
        " ".join(COMMON_COLUMNS)
        + " mark_type mark_text transliteration applicant_kind applicant_name "
        "applicant_address",
        "trademark",
    ),
    ("ip_filings_filingclass", "id filing_id number terms", "filingclass"),
    (
        "ip_filings_patentfiling",
        " ".join(COMMON_COLUMNS) + " kind_id invention_title technical_field abstract description",
        "patent",
    ),
    ("ip_filings_patentclaim", "id filing_id number text refers_to", "claim"),
    ("ip_filings_patentinventor", 'id filing_id name "order"', "inventor"),
    ("ip_filings_patentapplicant", 'id filing_id name "order"', "applicant"),
    (
        "carres_dossierevent",
        "id content_type_id object_id actor_id action from_status to_status comment "
        "internal created_at",
        "event",
    ),
    (
        "carres_generateddocument",
        "id content_type_id object_id kind state language file sha256 size created_at updated_at",
        "document",
    ),
    (
        "carres_notification",
        "id key verb content_type_id object_id recipient_id read_at created_at",
        "notification",
    ),
    (
        "trainings_registration",
        "id session_id user_id status queued_at certificate_code",
        "registration",
    ),
    (
        "chambers_supportrequest",
        "id entrepreneur_id topic region_id language message chamber_id created_at "
        "first_answer_due",
        "support",
    ),
]


# Columns with a model default but no database default: given one for the load.
COLUMN_DEFAULTS = {
    "companies_companydossier": {},
    "ip_filings_trademarkfiling": {
        "logo": "''",
        "logo_mime": "''",
        "logo_name": "''",
        "logo_size": "0",
        "colours": "''",
        "applicant_email": "''",
        "representative_name": "''",
        "representative_address": "''",
        "priority_country": "''",
        "priority_number": "''",
        "fee_snapshot": "'{}'::jsonb",
        "prior_search": "'[]'::jsonb",
    },
    "ip_filings_patentfiling": {
        "priority_country": "''",
        "priority_number": "''",
        "programme": "''",
    },
    "ip_filings_patentinventor": {"address": "''", "mention": "true"},
    "ip_filings_patentapplicant": {"profile": "'individual'", "share": "100"},
    "chambers_supportrequest": {
        "dossier_reference": "''",
        "chamber_chosen_by_entrepreneur": "false",
        "status": "'new'",
        "outcome": "''",
    },
}


@contextmanager
def bulk_session(connection):
    """This session's triggers off and COLUMN_DEFAULTS set, for the time of a COPY load."""
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        for table, values in COLUMN_DEFAULTS.items():
            for column, value in values.items():
                cursor.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET DEFAULT {value}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for table, values in COLUMN_DEFAULTS.items():
                for column in values:
                    cursor.execute(f"ALTER TABLE {table} ALTER COLUMN {column} DROP DEFAULT")
            cursor.execute("SET session_replication_role = DEFAULT")
