#!/usr/bin/env bash
# Makes sure the system programs the tests need are there: Debian's chromium, postgresql, redis-server, slapd and
# ldap-utils (the directory tests), gcc for Hydra's cgo build, and a Japanese font. As root on Debian it installs
# what is missing; otherwise it says exactly what to run.
set -euo pipefail

need=()
command -v chromium >/dev/null || [[ -n "${CHROMIUM_PATH:-}" ]] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v redis-server >/dev/null || need+=(redis-server)
command -v psql >/dev/null || need+=(postgresql-client)
[[ -x /usr/sbin/slapd ]] || command -v slapd >/dev/null || need+=(slapd)
command -v ldapadd >/dev/null || need+=(ldap-utils)
[[ -n "${HYDRA_BIN:-}" ]] || command -v gcc >/dev/null || need+=(gcc)
# Japanese pages in Chromium (screenshots, the language menu's "日本語") need a font with its glyphs.
fc-list 2>/dev/null | grep -qi "IPAGothic" || need+=(fonts-ipafont-gothic)
((${#need[@]} == 0)) && exit 0

if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  echo "Installing ${need[*]} from Debian..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  exit 0
fi
echo "Missing system packages: ${need[*]}" >&2
echo "On Debian or Ubuntu run: sudo apt-get install -y ${need[*]}" >&2
exit 1
