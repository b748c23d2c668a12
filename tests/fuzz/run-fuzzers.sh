#!/usr/bin/env bash
# Runs each libFuzzer target for SECONDS (default 60), one after another, and prints one line per
# target: executions and new coverage, or the input that failed. Build the targets first:
#   cmake --preset asan && ninja -C build-asan fuzzers
#   tests/fuzz/run-fuzzers.sh 600                 # ten minutes each
#   tests/fuzz/run-fuzzers.sh 60 fuzz_config      # only these targets
#   FUZZ_RUNS=20000 tests/fuzz/run-fuzzers.sh 120  # CI: 20000 inputs per target, 2 minutes at most
#   FUZZ_SEED=1 ...                                 # the mutations' seed (runs still drift apart)
# The seed corpus (tests/fuzz/corpus/<target>) is read, never written: what a run learns goes to
# $FUZZ_BUILD/fuzz-work/<target> (kept between runs), failing inputs to $FUZZ_BUILD/fuzz-work/findings.
# A finding is fixed in the parser and its input added to tests/data/fuzz-regressions (README.md
# there). Exit status 1 when any target found something.
set -uo pipefail

# All in one function, so that bash has read the whole script before it runs (editing it while a
# long run goes on cannot derail that run).
main() {
  cd "$(dirname "$0")/../.."
  local seconds=${1:-60}
  shift || true
  build=${FUZZ_BUILD:-build-asan}
  targets=("$@")
  if [ ${#targets[@]} -eq 0 ]; then
    targets=($(ls "$build/fuzz" 2>/dev/null | grep '^fuzz_' || true))
  fi
  if [ ${#targets[@]} -eq 0 ]; then
    echo "run-fuzzers.sh: no fuzz targets in $build/fuzz; build them first (cmake --preset asan && ninja -C build-asan fuzzers)." >&2
    exit 2
  fi
  work="$build/fuzz-work"
  mkdir -p "$work/findings"
  export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:suppressions=$PWD/tests/sanitizers/asan.supp}"
  export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0}"
  export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:suppressions=$PWD/tests/sanitizers/ubsan.supp}"
  export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE
  status=0
  for target in "${targets[@]}"; do
    mkdir -p "$work/$target"
    log="$work/$target.log"
    # -timeout: one input running 10 s is a hang; -rss_limit_mb: a parser must not balloon on a small file.
    dict=()
    [ -f "tests/fuzz/dict/$target.dict" ] && dict=(-dict="tests/fuzz/dict/$target.dict")
    # FUZZ_RUNS caps the inputs (SECONDS stays the time limit); FUZZ_SEED fixes the mutations'
    # random seed, which does not make two runs equal (coverage feedback differs between processes).
    limits=()
    [ -n "${FUZZ_SEED:-}" ] && limits=(-seed="$FUZZ_SEED")
    [ -n "${FUZZ_RUNS:-}" ] && limits+=(-runs="$FUZZ_RUNS")
    # LibTorch's zip reader leaks on most archives it refuses (tests/sanitizers/lsan.supp), and
    # recognising that leak needs full malloc stacks, which slow fuzzing 100-fold: fuzz_torch_save
    # looks for everything but leaks. fuzz_torch_pickle, which gives LibTorch only valid zips, checks
    # the unpickler's paths for leaks.
    asan="$ASAN_OPTIONS"
    [ "$target" = fuzz_torch_save ] && asan="$ASAN_OPTIONS:detect_leaks=0"
    ASAN_OPTIONS="$asan" "$build/fuzz/$target" "$work/$target" "tests/fuzz/corpus/$target" "${dict[@]}" "${limits[@]}" \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$work/findings/$target-" >"$log" 2>&1
    rc=$?
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
    if [ $rc -eq 0 ]; then
      took=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | grep -o 'in [0-9]*' | grep -o '[0-9]*')
      echo "$target: clean for ${took:-$seconds} s, ${execs:-?} executions, ${cov:-cov: ?}"
    else
      status=1
      echo "$target: FOUND after ${execs:-?} executions: $(grep -m1 -E 'ERROR|runtime error|Deadly|uncaught|timeout|out-of-memory' "$log") (log $log; input $(grep -o "Test unit written to .*" "$log" | sed 's/Test unit written to //'))"
    fi
  done
  exit $status
}
main "$@"
