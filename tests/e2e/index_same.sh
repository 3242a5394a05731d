#!/usr/bin/env bash
# index_same: `index add` night after night gives the pairs of a batch scan
# of everything so far that involve the night (tests/e2e/index_same.py):
# exactly without boilerplate learning; with it, any difference involves an
# older page that holds a line learned only later, as the index counts.
set -euo pipefail
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
python3 tests/e2e/index_same.py "$WT" corpus/saudinewsnet-sample.jsonl "$W/plain" 4 --no-boilerplate
python3 tests/e2e/index_same.py "$WT" corpus/saudinewsnet-sample.jsonl "$W/learn" 4
python3 tests/e2e/index_same.py "$WT" corpus/saudinewsnet-sample.jsonl "$W/j1" 3 -j 1 --min-passage 10
