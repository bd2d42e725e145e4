"""Sessions logged in through Django's ModelBackend now name claims.auth.RoleBackend, which
replaced it in AUTHENTICATION_BACKENDS (it reads the user's roles with the user, one statement
fewer on every request). Django drops a session whose backend is no longer configured, so
without this every user would be logged out by the upgrade."""

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import migrations
from django.utils import timezone

OLD = "django.contrib.auth.backends.ModelBackend"
NEW = "claims.auth.RoleBackend"


def _rename(apps, schema_editor, old: str, new: str) -> None:
    session_model = apps.get_model("sessions", "Session")
    store = SessionStore()
    live = session_model.objects.filter(expire_date__gt=timezone.now())
    for session in live.iterator(chunk_size=500):
        # A session signed with another key decodes to {}: left as it is, as Django would.
        data = store.decode(session.session_data)
        if data.get(BACKEND_SESSION_KEY) == old:
            data[BACKEND_SESSION_KEY] = new
            session.session_data = store.encode(data)
            session.save(update_fields=["session_data"])


def forwards(apps, schema_editor) -> None:
    _rename(apps, schema_editor, OLD, NEW)


def backwards(apps, schema_editor) -> None:
    _rename(apps, schema_editor, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0016_queue_speaker_index"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
