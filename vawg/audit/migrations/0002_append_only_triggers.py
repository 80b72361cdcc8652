"""Database triggers that refuse UPDATE and DELETE on the audit table (and TRUNCATE on PostgreSQL).

The SQL is written out here (not imported) so this migration stays as it was
when it ran; vawg/audit/triggers.py holds the same statements for runtime use.
"""

from django.db import migrations

TABLE = "audit_auditentry"
MESSAGE = "audit entries are append-only"

FORWARD = {
    "sqlite": [
        f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
        f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_delete BEFORE DELETE ON {TABLE} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    ],
    "postgresql": [
        f"""CREATE OR REPLACE FUNCTION {TABLE}_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
END;
$$;""",
        f"CREATE OR REPLACE TRIGGER {TABLE}_no_update_delete BEFORE UPDATE OR DELETE ON {TABLE} "
        f"FOR EACH ROW EXECUTE FUNCTION {TABLE}_refuse_change();",
        f"CREATE OR REPLACE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_refuse_change();",
    ],
}
BACKWARD = {
    "sqlite": [
        f"DROP TRIGGER IF EXISTS {TABLE}_no_update;",
        f"DROP TRIGGER IF EXISTS {TABLE}_no_delete;",
    ],
    "postgresql": [
        f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE};",
        f"DROP TRIGGER IF EXISTS {TABLE}_no_update_delete ON {TABLE};",
        f"DROP FUNCTION IF EXISTS {TABLE}_refuse_change();",
    ],
}


def _run(statements):
    def operation(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in statements:
            raise NotImplementedError(f"No append-only audit triggers for the {vendor} database.")
        for sql in statements[vendor]:
            schema_editor.execute(sql, params=None)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False),
    ]
