#!/usr/bin/env bash
# Builds the libFuzzer targets of this package and runs them on their committed corpora, then replays
# every input in FailCases/. Exits non-zero when a target crashes, leaks, hangs (-timeout) or a fail
# case crashes again. See README.md.
#
#   Fuzz/run.sh                       build, replay FailCases/, run every target for 30 s
#   Fuzz/run.sh FuzzNDJSON FuzzCSV    only these targets
#   Fuzz/run.sh --seconds 600         a longer run per target
#   Fuzz/run.sh --runs 10000000       a campaign: 10^7 executions per target (no time limit)
#   Fuzz/run.sh --seed 1              the same mutations every time (CI: a run repeats what it found)
#   Fuzz/run.sh --replay              only build and replay FailCases/
#   Fuzz/run.sh --no-build            use the binaries already in .build/release
#
# Every run is single-process (-workers=1 -jobs=1) under `nice -n 19`. New corpus entries go to
# .build/fuzz-corpus/<Target>/ (not committed); crashes to .build/fuzz-artifacts/<Target>/.
# The final stats of each target (executions, exec/s, cov, ft, corpus, peak RSS) are printed at the end.
set -uo pipefail
cd "$(dirname "$0")"

targets_all=(FuzzGzip FuzzFraming FuzzNDJSON FuzzCSV FuzzAccessLog FuzzTimestamp FuzzConfig FuzzGate FuzzReport)
seconds=30
runs=""
seed=""
build=1
replay_only=0
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --replay) replay_only=1; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    Fuzz*) targets+=("$1"); shift ;;
    *) echo "run.sh: unknown argument '$1' (see --help)" >&2; exit 1 ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=("${targets_all[@]}")

# The largest input each target is given (bytes), and its dictionary.
max_len() {
  case "$1" in
    FuzzGzip) echo 16384 ;; FuzzTimestamp) echo 128 ;; FuzzGate) echo 512 ;; FuzzReport) echo 8192 ;; *) echo 4096 ;;
  esac
}
dict() {
  case "$1" in
    FuzzGzip) echo gzip ;; FuzzFraming) echo framing ;; FuzzNDJSON) echo json ;; FuzzCSV) echo csv ;;
    FuzzAccessLog) echo accesslog ;; FuzzTimestamp) echo timestamp ;; FuzzConfig) echo config ;; FuzzGate) echo gate ;;
    FuzzReport) echo report ;;
  esac
}

if [ "$build" = 1 ]; then
  echo "run.sh: building (release, -sanitize=fuzzer,address)"
  start=$(date +%s)
  nice -n 19 swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library || exit 1
  echo "run.sh: built in $(( $(date +%s) - start )) s"
fi
bin=.build/release

# LeakSanitizer on; a report names the input that made it.
# quarantine_size_mb=16 (ASan's default is 256): inputs are at most 16 KiB, and LeakSanitizer's scans
# after each input that ends with more mallocs than frees walk every chunk, quarantined ones too —
# with the default, FuzzReport ran 77 exec/s, with 16 MiB 114–119/s (60 s from the seeds, same -seed).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1:quarantine_size_mb=16}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/lsan.supp:print_suppressions=0}"
# Swift's backtracer would run after libFuzzer's report and trip ASan itself: off.
export SWIFT_BACKTRACE=enable=no
status=0
summary=()

# Replay every fail case, one process per file (so every failing one is named): each must pass.
for target in "${targets[@]}"; do
  cases=(FailCases/"$target"/*)
  [ -e "${cases[0]}" ] || continue
  echo "run.sh: replaying ${#cases[@]} fail case(s) of $target"
  for case in "${cases[@]}"; do
    if ! nice -n 19 "$bin/$target" "$case" > ".build/$target-replay.log" 2>&1; then
      echo "run.sh: FAIL: Fuzz/$case crashes $target again:" >&2
      grep -E 'fuzz invariant|ERROR|Fatal error|SUMMARY' ".build/$target-replay.log" | head -n 5 >&2
      status=1
    fi
  done
done
[ "$replay_only" = 1 ] && exit $status

here=$PWD
for target in "${targets[@]}"; do
  work="$here/.build/fuzz-corpus/$target"
  artifacts=".build/fuzz-artifacts/$target/"
  mkdir -p "$work" "$artifacts" ".build/fuzz-jobs/$target"
  limit=(-max_total_time="$seconds")
  [ -n "$runs" ] && limit=(-runs="$runs")
  [ -n "$seed" ] && limit+=(-seed="$seed")
  log=".build/$target.log"
  echo "run.sh: $target ${limit[*]} (log: Fuzz/$log)"
  # -jobs=1 -workers=1: one fuzzing process, run as a child that logs to fuzz-0.log in the working
  # directory (hence the cd); the parent copies that log to its output when the job ends.
  (cd ".build/fuzz-jobs/$target" && nice -n 19 "$here/$bin/$target" "$work" "$here/Corpus/$target" \
    -dict="$here/Dictionaries/$(dict "$target").dict" -max_len="$(max_len "$target")" -timeout=10 \
    -rss_limit_mb=2048 -workers=1 -jobs=1 -print_final_stats=1 -artifact_prefix="$here/$artifacts" \
    "${limit[@]}") > "$log" 2>&1
  code=$?
  done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1)
  execs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
  rate=$(grep -E '^stat::average_exec_per_sec' "$log" | awk '{print $2}')
  rss=$(grep -E '^stat::peak_rss_mb' "$log" | awk '{print $2}')
  if [ $code -ne 0 ]; then
    echo "run.sh: FAIL: $target exited with $code; the input is in Fuzz/$artifacts:" >&2
    grep -E 'ERROR|fuzz invariant|Fatal error|SUMMARY|Test unit written' "$log" | head -n 10 >&2
    status=1
  fi
  verdict=ok
  [ $code -eq 0 ] || verdict=FAIL
  printf -v line '%-14s %-4s execs=%-10s exec/s=%-7s peak_rss_mb=%-5s %s' "$target" "$verdict" \
    "${execs:-?}" "${rate:-?}" "${rss:-?}" "${done_line#*DONE }"
  summary+=("$line")
done

echo "run.sh: final stats"
printf '  %s\n' "${summary[@]}"
exit $status
