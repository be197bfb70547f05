#!/usr/bin/env bash
# Conformance of `drawbridge emulator` with the official Python kubernetes client and Kopf.
#
#   conformance/run.sh                 # builds .build/debug/drawbridge first
#   DRAWBRIDGE_BIN=/path/to/drawbridge conformance/run.sh [pytest args...]
#
# Exits non-zero when the build, the install or any test fails.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

python="${PYTHON:-python3}"
"$python" -m pip install --quiet --disable-pip-version-check -r conformance/python/requirements.txt

if [[ -z "${DRAWBRIDGE_BIN:-}" ]]; then
    swift build --product drawbridge
    DRAWBRIDGE_BIN="$(swift build --show-bin-path)/drawbridge"
fi
export DRAWBRIDGE_BIN

exec "$python" -m pytest -q -p no:cacheprovider conformance/python "$@"
