#!/bin/sh
# Installs Debian's chromium for the dashboard browser test (driven by playwright-core, which
# ships no browser). Idempotent: does nothing when /usr/bin/chromium exists. Needs root (or sudo)
# and the Debian package mirrors; the test calls it from its beforeAll.
set -eu
CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
    echo "install-browser: $CHROMIUM is missing and this user cannot apt-get install it (run as root: apt-get install -y chromium)" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
echo "install-browser: installing chromium with apt-get (once per machine)..." >&2
# A fresh machine has no package lists yet; refresh them only when chromium is not installable.
if ! apt-cache policy chromium 2>/dev/null | grep -q 'Candidate: [0-9]'; then
  $SUDO apt-get update -qq >/dev/null
fi
$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
if [ ! -x "$CHROMIUM" ]; then
  echo "install-browser: apt-get finished but $CHROMIUM is still missing" >&2
  exit 1
fi
echo "install-browser: $($CHROMIUM --version 2>/dev/null || echo chromium) installed" >&2
