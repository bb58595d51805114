#!/usr/bin/env bash
# The project's two commands. Each sets up whatever is missing, then works:
#
#   ./run.sh lecture [build.py render options]   render the lecture into output/
#   ./run.sh test    [pytest options]            run the test suite
#
# Set-up: Debian packages via apt-get (as root; otherwise the exact command is
# printed and the script stops), then a virtual environment in .venv with the
# Python packages pinned in pyproject.toml. A run with everything in place
# skips both in about a second.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

PYTHON=${PYTHON:-python3.11}
VENV=.venv

# What Manim needs to build and render: a compiler and headers for pycairo and
# ManimPango, ffmpeg, and the LaTeX subset (with dvisvgm) behind MathTex; chromium,
# which prints the handout of 'build.py slides'.
LECTURE_PACKAGES=(
  gcc python3-dev python3-venv pkg-config libcairo2-dev libpango1.0-dev
  ffmpeg dvisvgm texlive-latex-base texlive-latex-recommended texlive-latex-extra
  texlive-fonts-recommended fonts-dejavu-core chromium
)
# The shellcheck that actionlint runs on the workflows' scripts; libreoffice-impress, which opens
# the PowerPoint decks in the slide tests, and poppler-utils (pdfinfo, pdftotext), which read the PDFs.
# (The tests also drive the preview page and the decks in the chromium above.)
TEST_PACKAGES=(shellcheck libreoffice-impress poppler-utils)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

missing_debian_packages() {
  local package
  for package in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      printf '%s\n' "$package"
    fi
  done
}

install_debian_packages() {
  local missing
  mapfile -t missing < <(missing_debian_packages "$@")
  ((${#missing[@]} == 0)) && return 0
  if ((EUID != 0)); then
    say "Missing Debian packages: ${missing[*]}"
    echo "Install them as root, then run this again:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  say "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_python_packages() {
  local stamp="$VENV/.installed-from" wanted
  wanted=$(sha256sum pyproject.toml | cut -d' ' -f1)
  [[ -f $stamp && $(cat "$stamp") == "$wanted" ]] && return 0
  if ! command -v "$PYTHON" >/dev/null; then
    echo "No $PYTHON on PATH: this project needs Python 3.11 (Debian: apt-get install python3.11)." >&2
    exit 1
  fi
  say "Setting up the virtual environment in $VENV"
  [[ -x $VENV/bin/python ]] || "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  "$VENV/bin/python" -m pip install --quiet --editable ".[test]"
  echo "$wanted" >"$stamp"
}

command=${1:-}
shift || true
case "$command" in
  lecture)
    install_debian_packages "${LECTURE_PACKAGES[@]}"
    install_python_packages
    exec "$VENV/bin/python" build.py render "$@"
    ;;
  test)
    install_debian_packages "${LECTURE_PACKAGES[@]}" ${TEST_PACKAGES[@]+"${TEST_PACKAGES[@]}"}
    install_python_packages
    exec "$VENV/bin/python" -m pytest "$@"
    ;;
  *)
    echo "usage: ./run.sh lecture [render options] | ./run.sh test [pytest options]" >&2
    exit 2
    ;;
esac
