#!/usr/bin/env bash
# Started by `make run` once the database and Redis are up: prepare the data, then serve.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export DEBUG="${DEBUG:-true}"
# The web process serves on PORT (honcho hands it to Procfile.dev's first line). Links in
# e-mails, PDFs, QR codes and calendar files are built on SITE_URL: this address unless set.
export PORT="${PORT:-8000}"
export SITE_URL="${SITE_URL:-http://127.0.0.1:$PORT}"
$BIN/python manage.py migrate --noinput -v0
# SEED_DEMO=false: no demo accounts (public password) in a database of your own.
if [ "${SEED_DEMO:-true}" != false ]; then
    $BIN/python manage.py seed_demo
fi
cat <<MSG

  Carrés des innovateurs is starting on  http://127.0.0.1:$PORT/   (links: $SITE_URL)

  Demo logins (password: demo-Carres-2026)
    entrepreneur@demo.ma      entrepreneur (French)
    rachid@demo.ma            entrepreneur (Arabic)
    advisor@demo.ma           chamber advisor
    examiner.ompic@demo.ma    OMPIC examiner
    examiner.inpi@demo.ma     INPI examiner
    admin@demo.ma             administrator
  Staff accounts ask for a two-factor code: run  DEBUG=true .venv/bin/python manage.py totp_code
  E-mails are printed in this terminal. Stop everything with Ctrl-C.

MSG
# Arguments name the processes to start (default: all of Procfile.dev), e.g. `web`.
exec $BIN/honcho -f Procfile.dev start "$@"
