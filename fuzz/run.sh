#!/usr/bin/env bash
# Runs fuzz targets for RUNS executions each (default 10 million) on a corpus seeded from
# the bundled sample and the test fixtures, two targets at a time. Needs a nightly
# toolchain and cargo-fuzz:
#   rustup toolchain install nightly && cargo install cargo-fuzz
#   fuzz/run.sh [RUNS] [TARGET...]          (targets: import load compare export)
# Built without AddressSanitizer (plandraft has no unsafe code) and with debug assertions,
# so an integer overflow is a find too. The export and compare targets are built without
# tracing comparisons (in target/no-cmp): two thirds of their time went to tracing them,
# mostly in the libraries that deflate, subset fonts, detect encodings and diff, and the
# structure of their inputs is what the import and load targets explore with it.
# Logs go to fuzz/logs/TARGET.log; a find is saved in fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")"
runs=${1:-10000000}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(import load compare export)
flags=(--release --sanitizer none --debug-assertions)
flags_of() {
  if [ "$1" = export ] || [ "$1" = compare ]; then
    echo "${flags[@]}" --no-trace-compares --target-dir target/no-cmp
  else
    echo "${flags[@]}"
  fi
}
for t in "${targets[@]}"; do
  # shellcheck disable=SC2046
  cargo +nightly fuzz build $(flags_of "$t") "$t"
done
mkdir -p logs
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  find ../samples ../tests/fixtures -type f -exec cp {} "corpus/$t/" \;
done
run_one() {
  # shellcheck disable=SC2046
  nice -n 19 cargo +nightly fuzz run $(flags_of "$1") "$1" "corpus/$1" -- \
    -runs="$runs" -max_len=4096 -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
    > "logs/$1.log" 2>&1 || echo "$1: stopped with a find (see logs/$1.log)"
  grep -E "^stat::number_of_executed_units|^Done" "logs/$1.log" | sed "s/^/$1: /" || true
}
i=0
for t in "${targets[@]}"; do
  run_one "$t" &
  i=$((i + 1))
  if [ $((i % 2)) -eq 0 ]; then wait; fi
done
wait
