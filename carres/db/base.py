"""PostgreSQL backend whose test database is always created with a UTF-8 locale.

Under the C locale pg_trgm treats every non-ASCII letter as a separator, so
Arabic names would never match in similarity searches. Django's own backend
only sets the encoding; this one also sets LC_COLLATE / LC_CTYPE.
"""

from django.db.backends.postgresql import base, creation


class DatabaseCreation(creation.DatabaseCreation):
    def sql_table_creation_suffix(self):
        test_settings = self.connection.settings_dict["TEST"]
        locale = test_settings.get("LOCALE") or "C.UTF-8"
        return (
            self._get_database_create_suffix(
                encoding=test_settings.get("CHARSET") or "UTF8",
                template=test_settings.get("TEMPLATE") or "template0",
            )
            + f" LC_COLLATE '{locale}' LC_CTYPE '{locale}'"
        )


class DatabaseWrapper(base.DatabaseWrapper):
    creation_class = DatabaseCreation
