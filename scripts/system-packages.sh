#!/usr/bin/env bash
# Install the Debian packages the project needs, only those that are missing.
#   gettext   : msgfmt / xgettext for the translation catalogues
#   pango     : WeasyPrint renders PDFs through Pango and HarfBuzz (Arabic shaping)
#   chromium  : the browser for the end-to-end tests (Playwright drives /usr/bin/chromium)
#   clamav-daemon : clamd, which the upload tests start on their own socket with a test
#               signature (`make run` works without it; production points CLAMD_* at one)
#   wrk       : raw HTTP throughput in `make bench` (bench/load.py)
# Options: --with-browser (the tools only the test suite needs: chromium, clamd),
# --with-bench (wrk); both may be given.
set -euo pipefail
need=()
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
ldconfig -p | grep -q 'libpango-1.0.so.0' || need+=(libpango-1.0-0)
ldconfig -p | grep -q 'libpangoft2-1.0.so.0' || need+=(libpangoft2-1.0-0)
ldconfig -p | grep -q 'libharfbuzz-subset.so.0' || need+=(libharfbuzz-subset0)
for option in "$@"; do
  case "$option" in
    --with-browser)
      [ -x /usr/bin/chromium ] || need+=(chromium)
      [ -x /usr/sbin/clamd ] || need+=(clamav-daemon)
      ;;
    --with-bench) command -v wrk >/dev/null 2>&1 || need+=(wrk) ;;
  esac
done
[ ${#need[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${need[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
