#!/usr/bin/env bash
# contrib/install-man.sh [PREFIX]: generates journey's man page from its argument parser
# (swift-argument-parser's generate-manual plugin: every subcommand, option and help text) and
# installs it as PREFIX/share/man/man1/journey.1 (PREFIX: /usr/local). Then `man journey`.
set -euo pipefail
prefix=${1:-/usr/local}
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
swift package generate-manual --configuration "${JOURNEY_MAN_CONFIGURATION:-release}" >&2
page=.build/plugins/GenerateManual/outputs/journey/journey.1
[ -s "$page" ] || { echo "install-man.sh: no $page" >&2; exit 1; }
install -d "$prefix/share/man/man1"
install -m 644 "$page" "$prefix/share/man/man1/journey.1"
echo "installed $prefix/share/man/man1/journey.1 (man journey)"
