#!/usr/bin/env bash
# Starts the simulator with the container's arguments. The launcher's own flags pass through as
# they are; the Go simulator's (llm-d/llm-d-inference-sim) forms are turned into them, so that its
# manifests and scripts run this image unchanged:
#   - latencies given as Go durations (--time-to-first-token 100ms, =1.5s) become milliseconds;
#   - --lora-modules JSON items without a "path" get their name as path;
#   - its flags that this simulator does not have (klog's --v, --zmq-endpoint, --enable-kvcache, ...)
#     are dropped, each with one line on stderr saying so; a flag neither knows is left for the
#     launcher to refuse.
# The JVM runs with exec, as PID 1 in a container: it gets SIGTERM itself and drains before it exits.
set -euo pipefail

jar=${LLMD_SIM_JAR:-/opt/llm-d-inference-sim/llm-d-inference-sim.jar}
port_file=${LLMD_SIM_PORT_FILE:-/tmp/llm-d-inference-sim.port}
# The launcher's --help, saved when the image is built (asked of the launcher otherwise).
flags_file=${LLMD_SIM_FLAGS_FILE:-/opt/llm-d-inference-sim/flags.txt}

# The Go simulator's flags (its docs/configuration.md, and klog's), with a value or without one.
go_flags=" port model served-model-name lora-modules max-loras max-cpu-loras max-model-len max-num-seqs
  max-waiting-queue-length mode seed config max-request-body-size-mb startup-duration latency-calculator
  time-to-first-token time-to-first-token-std-dev inter-token-latency inter-token-latency-std-dev
  kv-cache-transfer-latency kv-cache-transfer-latency-std-dev prefill-overhead prefill-time-per-token
  prefill-time-std-dev kv-cache-transfer-time-per-token kv-cache-transfer-time-std-dev time-factor-under-load
  time-to-generate-image time-to-generate-image-std-dev image-emission-rate max-tool-call-integer-param
  min-tool-call-integer-param max-tool-call-number-param min-tool-call-number-param
  max-tool-call-array-param-length min-tool-call-array-param-length tool-call-not-required-param-probability
  object-tool-call-not-required-field-probability tool-call-extra-call-probability kv-cache-size
  global-cache-hit-threshold block-size hash-seed zmq-endpoint zmq-max-connect-attempts event-batch-size
  kv-events-replay-endpoint kv-events-replay-queue-size tokenizers-cache-dir failure-injection-rate
  failure-types data-parallel-size data-parallel-rank dataset-path dataset-url dataset-table-name render-url
  render-timeout mm-render-timeout default-embedding-dimensions ssl-certfile ssl-keyfile fake-metrics
  fake-metrics-refresh-interval mm-processor-kwargs ec-transfer-config tensor-parallel-size
  log_backtrace_at log_dir log_file log_file_max_size stderrthreshold v vmodule "
go_switches=" enable-kvcache dataset-in-memory self-signed-certs enable-sleep-mode no-enable-sleep-mode log-http
  strict mm-encoder-only no-mm-encoder-only omni no-omni skip-tool-validation force-dummy-tokenizer
  use-vllm-map-event-format enforce-eager no-enforce-eager enable-prefix-caching no-enable-prefix-caching
  enable-request-id-headers add_dir_header alsologtostderr logtostderr one_output skip_headers skip_log_headers "
# Latencies that the Go simulator reads as durations and this launcher as milliseconds.
duration_flags=" time-to-first-token time-to-first-token-std-dev inter-token-latency inter-token-latency-std-dev
  kv-cache-transfer-latency kv-cache-transfer-latency-std-dev prefill-overhead prefill-time-per-token
  prefill-time-std-dev kv-cache-transfer-time-per-token kv-cache-transfer-time-std-dev "

known=""
launcher_knows() { # $1: a flag name without dashes
  if [ -z "$known" ]; then
    local help
    if [ -r "$flags_file" ]; then
      help=$(cat "$flags_file")
    else
      help=$(java -jar "$jar" --help)
    fi
    known=" $(grep -o -- '--[a-z0-9_-]*' <<< "$help" | sed 's/^--//' | tr '\n' ' ') "
  fi
  [[ "$known" == *" $1 "* ]]
}

# A Go duration (100ms, 1.5s, 2m30s, 250us) in milliseconds; a plain number stays as it is.
to_millis() {
  local value=$1
  if [[ "$value" =~ ^[0-9]+(\.[0-9]+)?$ ]]; then
    printf '%s' "$value"
    return 0
  fi
  [[ "$value" =~ ^([0-9]+(\.[0-9]+)?(h|m|s|ms|us|µs|ns))+$ ]] || return 1
  awk -v d="$value" 'BEGIN {
    total = 0
    while (match(d, /^[0-9]+(\.[0-9]+)?/)) {
      n = substr(d, 1, RLENGTH) + 0; d = substr(d, RLENGTH + 1)
      if (d ~ /^ms/) { f = 1; d = substr(d, 3) }
      else if (d ~ /^us/) { f = 0.001; d = substr(d, 3) }
      else if (d ~ /^µs/) { f = 0.001; d = substr(d, length("µs") + 1) }
      else if (d ~ /^ns/) { f = 0.000001; d = substr(d, 3) }
      else if (d ~ /^h/) { f = 3600000; d = substr(d, 2) }
      else if (d ~ /^m/) { f = 60000; d = substr(d, 2) }
      else { f = 1000; d = substr(d, 2) }
      total += n * f
    }
    printf "%.6g", total
  }'
}

# A --lora-modules item: the Go simulator's JSON form may leave out "path".
lora_item() {
  local item=$1
  if [[ "$item" == \{* && "$item" != *'"path"'* && "$item" =~ \"name\"[[:space:]]*:[[:space:]]*\"([^\"]*)\" ]]; then
    printf '%s' "${item%\}*}, \"path\": \"${BASH_REMATCH[1]}\"}"
  else
    printf '%s' "$item"
  fi
}

is_flag() { [[ "$1" == -* && "$1" != "-" && "$1" != "--" && ! "$1" =~ ^-[0-9.] ]]; }

args=()
while [ $# -gt 0 ]; do
  arg=$1
  shift
  if ! is_flag "$arg"; then
    args+=("$arg")
    continue
  fi
  name=${arg#-}
  name=${name#-}
  value=""
  has_inline=false
  if [[ "$name" == *=* ]]; then
    value=${name#*=}
    name=${name%%=*}
    has_inline=true
  fi
  if [ "$name" = "help" ] || [ "$name" = "version" ] || [ "$name" = "h" ] || launcher_knows "$name"; then
    if [ "$name" = "lora-modules" ]; then
      args+=("--$name")
      if $has_inline; then
        args+=("$(lora_item "$value")")
      fi
      while [ $# -gt 0 ] && ! is_flag "$1"; do
        args+=("$(lora_item "$1")")
        shift
      done
      continue
    fi
    if [[ "$duration_flags" == *" $name "* ]]; then
      if ! $has_inline && [ $# -gt 0 ] && ! is_flag "$1"; then
        value=$1
        shift
        has_inline=true
      fi
      if $has_inline; then
        if millis=$(to_millis "$value"); then
          value=$millis
        fi
        args+=("--$name=$value")
        continue
      fi
    fi
    args+=("$arg")
    continue
  fi
  if [[ "$go_flags" != *" $name "* && "$go_switches" != *" $name "* ]]; then
    args+=("$arg") # nobody's flag: the launcher refuses it, naming it
    continue
  fi
  # The Go simulator's flag, not this one's: drop it, with its value(s) unless it is a switch.
  dropped=$arg
  if ! $has_inline && [[ "$go_switches" != *" $name "* ]]; then
    while [ $# -gt 0 ] && ! is_flag "$1"; do
      dropped+=" $1"
      shift
    done
  fi
  echo "llm-d-inference-sim: ignoring ${dropped}: the Go simulator's flag, not simulated here" >&2
done

# The JVM options: JAVA_OPTS when set (even empty), else the one list the launcher uses too
# (launcher/src/main/resources/io/llmd/sim/launcher/jvm.options, copied into the image); the image
# runs Java 25, so an option marked for a Java version ("25: ...") is kept.
if [ -z "${JAVA_OPTS+set}" ]; then
  jvm_options_file=${LLMD_SIM_JVM_OPTIONS:-/opt/llm-d-inference-sim/jvm.options}
  JAVA_OPTS=""
  if [ -r "$jvm_options_file" ]; then
    JAVA_OPTS=$(sed -e 's/#.*//' -e 's/^[[:space:]]*[0-9][0-9]*:[[:space:]]*//' -e 's/^[[:space:]]*//;s/[[:space:]]*$//' \
      "$jvm_options_file" | grep -v '^$' | tr '\n' ' ')
  fi
fi

# For the image's health check: the launcher writes where it listens (port, scheme, address) to this
# file once it listens, whichever source set the port (a flag, SIM_PORT or the configuration file).
rm -f "$port_file" 2>/dev/null || true
export LLMD_SIM_PORT_FILE="$port_file"
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options.
exec java ${JAVA_OPTS:-} -jar "$jar" "${args[@]}"
