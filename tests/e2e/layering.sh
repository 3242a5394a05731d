#!/usr/bin/env bash
# The layering rules of scripts/check-layering.sh hold.
exec sh "$(dirname "$0")/../../scripts/check-layering.sh"
