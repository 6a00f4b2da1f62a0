#!/usr/bin/env bash
# The review-page test drives Debian's headless Chromium (never a browser download).
set -euo pipefail
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
else
  echo "note: install Debian's chromium and chromium-driver to run the browser test" >&2
fi
