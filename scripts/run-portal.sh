#!/usr/bin/env bash
# Started by `make run` once the database and Redis are up: prepare the data, then serve.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export DEBUG="${DEBUG:-true}"
$BIN/python manage.py migrate --noinput -v0
$BIN/python manage.py seed_demo
cat <<MSG

  Carrés des innovateurs is starting on  http://127.0.0.1:8000/

  Demo logins (password: demo-Carres-2026)
    entrepreneur@demo.ma      entrepreneur (French)
    rachid@demo.ma            entrepreneur (Arabic)
    advisor@demo.ma           chamber advisor
    examiner.ompic@demo.ma    OMPIC examiner
    examiner.inpi@demo.ma     INPI examiner
    admin@demo.ma             administrator
  Staff accounts ask for a two-factor code: run  .venv/bin/python manage.py totp_code
  E-mails are printed in this terminal. Stop everything with Ctrl-C.

MSG
exec $BIN/honcho -f Procfile.dev start
