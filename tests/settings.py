"""The test suite's settings: production's own (carres.settings, DEBUG off), given the
secrets and address that production must provide (tests.servers.LOCAL_PRODUCTION_ENV: public
values, plain HTTP). Set in this process's environment, so the workers, gunicorn and
`manage.py` processes the tests start inherit them. Also the benchmarks' settings."""

import os

from tests.servers import local_production_env

os.environ.update(local_production_env())

from carres.settings import *  # noqa: F403
