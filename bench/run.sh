#!/usr/bin/env bash
# Runs the benchmark against the launcher jar. Builds nothing: run `mvn -B package -DskipTests` first
# (it makes both jars; nothing needs installing).
#
# The benchmark starts the server itself, pinned to CPU 0 (`taskset -c 0`, change with
# --server-cpus); this script pins the generator to the other CPU (GEN_CPUS, default 1) so the two
# never compete for a core. All arguments go to the benchmark, e.g.
#   bench/run.sh --quick
#   bench/run.sh --rates 100,500,1000 --duration 15 --out /tmp/bench.md
# Environment: JAVA_HOME (the JDK to use for both), SIM_JAR (default launcher/target/llm-d-inference-sim.jar),
# GEN_CPUS, BENCH_JVM_OPTS (the generator's JVM options).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
bench_jar="$here/target/llm-d-inference-sim-bench.jar"
sim_jar="${SIM_JAR:-$root/launcher/target/llm-d-inference-sim.jar}"
gen_cpus="${GEN_CPUS:-1}"

for jar in "$bench_jar" "$sim_jar"; do
  if [[ ! -f "$jar" ]]; then
    echo "run.sh: $jar is missing; build first: (cd $root && mvn -B package -DskipTests)" >&2
    exit 2
  fi
done

# One socket per open stream on each side (about 10,000 at 1,000 streams/s): raise the
# open-files limit as far as allowed. The server inherits it.
hard="$(ulimit -Hn)"
if [[ "$hard" == unlimited ]]; then hard=1048576; fi
want=65536
if (( hard < want )); then want="$hard"; fi
ulimit -n "$want" || true
if (( $(ulimit -n) < 16384 )); then
  echo "run.sh: warning: open files limit is $(ulimit -n); 1,000 streams/s needs about 13,000 sockets per process" >&2
fi

# Serial GC: on its one CPU the generator would get it anyway; a large young generation and
# little allocation keep its pauses rare and short (the report shows the generator's GC time).
jvm_opts=(${BENCH_JVM_OPTS:--XX:+UseSerialGC -Xms1g -Xmx1g -Xmn512m -XX:+AlwaysPreTouch})

pin=()
if command -v taskset >/dev/null 2>&1 && (( $(nproc --all) >= 2 )); then
  pin=(taskset -c "$gen_cpus")
else
  echo "run.sh: warning: not pinning the generator (no taskset or a single CPU)" >&2
fi

exec "${pin[@]}" "$java" "${jvm_opts[@]}" -cp "$bench_jar" io.llmd.sim.bench.Benchmark --jar "$sim_jar" "$@"
