#!/usr/bin/env bash
# Passes every argument to the launcher; remembers the port for the health check.
set -euo pipefail
port=8000
previous=""
for arg in "$@"; do
  case "$arg" in
    --port=*) port="${arg#--port=}" ;;
  esac
  if [ "$previous" = "--port" ]; then
    port="$arg"
  fi
  previous="$arg"
done
echo "$port" > /tmp/llm-d-inference-sim.port
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options.
exec java ${JAVA_OPTS:-} -jar "${LLMD_SIM_JAR:-/opt/llm-d-inference-sim/llm-d-inference-sim.jar}" "$@"
