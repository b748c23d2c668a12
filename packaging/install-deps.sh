#!/usr/bin/env bash
# Installs every Debian bookworm package Causeway needs to build, test and run.
# Safe to run repeatedly; skips apt when everything is already present.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config
  libtorch-dev
  libopenblas0-pthread          # LibTorch's generic BLAS is ~40x slower without it
  libopenblas0-openmp           # the same on LibTorch's OpenMP threads: what our programs load (CMakeLists.txt)
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libqt6svg6-dev
  libqcustomplot-dev
  nlohmann-json3-dev
  libsentencepiece-dev
  libpcre2-dev
  xvfb xauth
  dpkg-dev desktop-file-utils appstream   # the .deb test: dpkg-shlibdeps, the two validators
  clang libclang-rt-14-dev llvm           # the asan/tsan presets and libFuzzer (llvm: llvm-symbolizer)
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
