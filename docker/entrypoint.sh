#!/usr/bin/env bash
# Starts the simulator with the container's arguments, passed to the launcher as they are: the
# launcher itself reads the Go simulator's (llm-d/llm-d-inference-sim) forms as well as vLLM's
# (Go durations such as 100ms, klog's -v, --no-SWITCH, --lora-modules JSON items without a path) and
# accepts its engine knobs with a warning, so that its manifests and scripts run this image
# unchanged, and the jar, the WAR and the image take the same flags.
# The JVM runs with exec, as PID 1 in a container: it gets SIGTERM itself and drains before it exits.
set -euo pipefail

jar=${LLMD_SIM_JAR:-/opt/llm-d-inference-sim/llm-d-inference-sim.jar}
port_file=${LLMD_SIM_PORT_FILE:-/tmp/llm-d-inference-sim.port}

# The JVM options: JAVA_OPTS when set (even empty), else the one list the launcher uses too
# (launcher/src/main/resources/io/llmd/sim/launcher/jvm.options, copied into the image), read as the
# launcher reads it: an option marked for a Java version ("25: ...") is kept only on that Java or a
# later one (the version of the java that runs, from its release file; every marked option is kept
# if that cannot be read: the image runs Java 25). JAVA_HEAP_OPTS sizes the heap without copying the
# list: it goes after the list, so that its -Xmx (say) wins over the list's; JAVA_OPTS, the user's
# whole list, wins over it.

# The feature version of the java on the PATH (25 for 25.0.1), or nothing if it cannot be told.
java_feature() {
  local java home
  java=$(command -v java) || return 0
  home=$(dirname "$(dirname "$(readlink -f "$java")")")
  sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$home/release" 2>/dev/null | head -n 1
}

# The options of a jvm.options file for Java $2 (every marked one when $2 is empty), on one line.
jvm_options() {
  local line
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line%%#*}
    line=${line#"${line%%[![:space:]]*}"}
    line=${line%"${line##*[![:space:]]}"}
    [ -n "$line" ] || continue
    if [[ $line =~ ^([0-9]+):[[:space:]]*(.*)$ ]]; then
      if [ -n "$2" ] && (( 10#$2 < 10#${BASH_REMATCH[1]} )); then
        continue
      fi
      line=${BASH_REMATCH[2]}
    fi
    printf '%s ' "$line"
  done < "$1"
}

if [ -z "${JAVA_OPTS+set}" ]; then
  jvm_options_file=${LLMD_SIM_JVM_OPTIONS:-/opt/llm-d-inference-sim/jvm.options}
  JAVA_OPTS=""
  if [ -r "$jvm_options_file" ]; then
    JAVA_OPTS=$(jvm_options "$jvm_options_file" "$(java_feature)")
  fi
  JAVA_OPTS="$JAVA_OPTS ${JAVA_HEAP_OPTS:-}"
else
  JAVA_OPTS="${JAVA_HEAP_OPTS:-} $JAVA_OPTS"
fi

# The JDK 25 AOT cache beside the jar, which the image's build makes by a training run with these
# very options (loaded and linked classes, method profiles: a faster start and warm-up). Used when it
# is not older than the jar; a cache the JVM cannot use (other JAVA_OPTS) is skipped without its
# warnings (-Xlog:aot=off), and the launcher says so in one line. Not with an AOT option of the user's.
aot_cache="${jar%.jar}.aot"
if [ -r "$aot_cache" ] && ! [ "$jar" -nt "$aot_cache" ] && [[ "${JAVA_OPTS:-}" != *-XX:AOT* ]]; then
  JAVA_OPTS="${JAVA_OPTS:-} -XX:AOTCache=$aot_cache -Xlog:aot=off"
fi

# For the image's health check: the launcher writes where it listens (port, scheme, address) to this
# file once it listens, whichever source set the port (a flag, SIM_PORT or the configuration file).
rm -f "$port_file" 2>/dev/null || true
export LLMD_SIM_PORT_FILE="$port_file"
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options.
exec java ${JAVA_OPTS:-} -jar "$jar" "$@"
