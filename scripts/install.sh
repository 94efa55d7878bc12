#!/usr/bin/env bash
# Install everything audiobook needs on Debian/Ubuntu (run as root, or with sudo available):
# system packages (ffmpeg, the eSpeak NG library, players used by the tests),
# then the Python package with its extras into .venv/ beside this script's project.
#   bash scripts/install.sh            # the tool
#   bash scripts/install.sh --test     # the tool and the test dependencies
set -euo pipefail
cd "$(dirname "$0")/.."

extras="piper"
[[ "${1:-}" == "--test" ]] && extras="piper,test"

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
if command -v apt-get >/dev/null; then
  packages=(ffmpeg espeak-ng libespeak-ng1 python3-venv)
  [[ "${1:-}" == "--test" ]] && packages+=(mpv mediainfo)
  missing=()
  for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if ((${#missing[@]})); then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
else
  echo "no apt-get: install ffmpeg and libespeak-ng (eSpeak NG) with your system's package manager" >&2
fi

PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "audiobook needs Python 3.11 or newer; $PY is $("$PY" --version 2>&1)" >&2
  exit 1
fi
[[ -x .venv/bin/python ]] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".[$extras]"
echo "installed: $(.venv/bin/audiobook --help >/dev/null && echo .venv/bin/audiobook)"
