#!/usr/bin/env bash
# Installs what Causeway needs, builds it, and starts the workbench on the bundled demo model.
# Without a display (or before the GUI is built) it runs the bundled causal-trace example with
# causeway-cli instead and prints where the results are.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"
if [ -x build/bin/causeway ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
  exec build/bin/causeway "$@"
fi
example=$(ls resources/experiments/*trace*.json 2>/dev/null | head -n 1 || true)
if [ -n "$example" ]; then
  build/bin/causeway-cli run "$example" --out build/demo-trace
  echo "Results: build/demo-trace/results.json and the CSV files beside it."
else
  build/bin/causeway-cli info tests/data/models/gpt2-tiny
fi
