#!/usr/bin/env bash
# The PDF tools: LibreOffice Writer and Calc without their GUI (turn the generated DOCX and XLSX into PDF),
# Liberation 2 fonts
# (Times New Roman's metrics with every Vietnamese letter) and poppler (pdftotext, pdftoppm: what the tests
# and docs/rendered/ read the PDFs with), all from Debian's packages, installed with apt when missing.
# Usage: deploy/local/office/office.sh   (idempotent; safe to run from several test workers at once)
set -euo pipefail
say() { printf '[office] %s\n' "$*"; }
LOCK=${TMPDIR:-/tmp}/emutrack-office.lock

missing() {
  command -v soffice >/dev/null 2>&1 || return 0
  [ -e /usr/lib/libreoffice/program/libsclo.so ] || return 0  # Calc
  command -v pdftotext >/dev/null 2>&1 || return 0
  [ -d /usr/share/fonts/truetype/liberation2 ] || return 0
  return 1
}

if missing; then
  exec 9>"$LOCK"
  flock 9  # one apt at a time: the others wait, then find everything installed
  if missing; then
    say "installing LibreOffice Writer and Calc (no GUI), Liberation 2 fonts and poppler with apt..."
    if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
    $SUDO apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
      libreoffice-writer-nogui libreoffice-calc-nogui fonts-liberation2 poppler-utils >/dev/null
  fi
fi
say "soffice: $(command -v soffice); pdftotext: $(command -v pdftotext)"
