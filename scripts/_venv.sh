# Sourced by scripts/demo and scripts/test: make .venv (Python >= 3.11) and install the project into it.
# Usage: . scripts/_venv.sh [EXTRAS]   e.g. ". scripts/_venv.sh test"
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PYTHON:-python3}"
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "kamergraaf needs Python 3.11 or newer; '$PY' is $("$PY" --version 2>&1). Set PYTHON=/path/to/python3.11." >&2
    exit 2
fi
if [ ! -x "$ROOT/.venv/bin/python" ]; then
    "$PY" -m venv "$ROOT/.venv"
fi
VENV="$ROOT/.venv"
extras="${1:-}"
spec="$ROOT"
[ -n "$extras" ] && spec="$ROOT[$extras]"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$spec"
