#!/usr/bin/env bash
# Healthy when GET /health answers 200; needs nothing but bash.
port=$(cat /tmp/llm-d-inference-sim.port 2>/dev/null || echo 8000)
exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 1
printf 'GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
read -r -t 2 status_line <&3 || exit 1
case "$status_line" in
  *" 200"*) exit 0 ;;
  *) exit 1 ;;
esac
