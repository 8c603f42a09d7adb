#!/usr/bin/env bash
# Healthy when GET /health answers 200 (503 once the simulator stops admitting); needs nothing but
# bash. Over HTTPS, which bash cannot speak, healthy when the port accepts connections. The launcher
# writes where it listens ("PORT SCHEME ADDRESS") to the port file once it listens (see
# entrypoint.sh); without the file (an entrypoint of one's own), port 8000 on the loopback address.
read -r port scheme address < "${LLMD_SIM_PORT_FILE:-/tmp/llm-d-inference-sim.port}" 2>/dev/null || port=8000
exec 3<>"/dev/tcp/${address:-127.0.0.1}/${port:-8000}" || exit 1
if [ "${scheme:-http}" = "https" ]; then
  exit 0
fi
printf 'GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
read -r -t 2 status_line <&3 || exit 1
case "$status_line" in
  *" 200"*) exit 0 ;;
  *) exit 1 ;;
esac
