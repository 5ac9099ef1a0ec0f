"""Sessions in the database, as Django keeps them, read with a prepared query.

Every signed-in page reads its session first: `carres.prepared` spares it the building and
compiling of the same SQL each time (issue 23). Writing, expiry and clearing are Django's."""

import datetime

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from carres.prepared import PreparedQuery

_SESSION = PreparedQuery(
    lambda *, session_key, now: Session.objects.filter(
        session_key=session_key, expire_date__gt=now
    ),
    session_key=str,
    now=datetime.datetime,
)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        session = _SESSION.first(session_key=self.session_key, now=timezone.now())
        if session is None:
            self._session_key = None
        return session
