package io.llmd.sim.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The benchmark's command line. */
final class Options {
    enum Phase {
        COLD,
        OPEN,
        BURST,
        THROUGHPUT,
        /** The open-loop rates again against {@link FloorServer}, the yardstick. */
        FLOOR
    }

    static final String USAGE = """
            usage: java -cp llm-d-inference-sim-bench.jar io.llmd.sim.bench.Benchmark --jar LAUNCHER_JAR [options]
              (or bench/run.sh [options], which pins the generator to CPU 1)

              --jar PATH               the launcher jar to benchmark (required)
              --quick                  smoke run: rates 100,500 for 5 s, short warm-up and throughput runs
              --rates LIST             open-loop arrival rates in streams/s (default 100,500,1000)
              --duration S             seconds each open-loop rate sends for (default 15; quick 5)
              --warmup S               seconds of unmeasured load before measuring (default 5; quick 2)
              --warmup-rate R          arrival rate of the warm-up (default 100)
              --burst N                streams sent at one instant (default 1000)
              --cold-starts N          new servers the cold phase starts (default 3; quick 2)
              --connections N          closed-loop connections of the throughput runs (default 64)
              --throughput-duration S  seconds each throughput run is measured (default 10; quick 3)
              --phases LIST            any of cold,open,burst,throughput,floor (default all; floor: the open-loop
                                   rates against the bench's own minimal NIO server, a yardstick)
              --ttft MS                server time to first token in the streaming runs (default 200)
              --itl MS                 server inter-token latency in the streaming runs (default 100)
              --max-tokens N           tokens per stream (default 100)
              --prompt-words N         words of the echoed prompt, at least max-tokens (default 120)
              --server-cpus LIST       CPUs the server is pinned to with taskset, or none (default 0)
              --server-jvm-opt OPT     an option for the server's java command (repeatable)
              --server-arg ARG         an extra simulator flag or value, after the benchmark's own (repeatable)
              --java PATH              java for the server (default: the one running the benchmark)
              --port N                 server port (default: a free one)
              --log-dir DIR            where the server's output goes (default: the temp directory)
              --out FILE               also write the Markdown report to FILE
              --time-limit S           stop everything after S seconds (default 1200; quick 300)
            """;

    private Path jar;
    private boolean quick;
    private List<Integer> rates;
    private Integer durationSeconds;
    private Integer warmupSeconds;
    private int warmupRate = 100;
    private int burst = 1000;
    private Integer coldStarts;
    private int connections = 64;
    private Integer throughputSeconds;
    private Set<Phase> phases = EnumSet.allOf(Phase.class);
    private int ttftMillis = 200;
    private int itlMillis = 100;
    private int maxTokens = 100;
    private int promptWords = 120;
    private String serverCpus = "0";
    private final List<String> serverJvmOptions = new ArrayList<>();
    private final List<String> serverArgs = new ArrayList<>();
    private String serverJava =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private int port;
    private Path logDir = Path.of(System.getProperty("java.io.tmpdir"));
    private Path out;
    private Integer timeLimitSeconds;
    private boolean help;

    static Options parse(String... args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            if (arg.equals("--quick") || arg.equals("--help") || arg.equals("-h")) {
                if (arg.equals("--quick")) {
                    o.quick = true;
                } else {
                    o.help = true;
                }
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                value = args[++i];
            }
            o.set(arg, value);
        }
        if (o.help) {
            return o;
        }
        if (o.jar == null) {
            throw new IllegalArgumentException("--jar is required");
        }
        if (!Files.isRegularFile(o.jar)) {
            throw new IllegalArgumentException("no such file: " + o.jar + " (build with mvn install first)");
        }
        if (o.promptWords < o.maxTokens) {
            throw new IllegalArgumentException("--prompt-words must be at least --max-tokens");
        }
        return o;
    }

    private void set(String name, String value) {
        switch (name) {
            case "--jar" -> jar = Path.of(value);
            case "--rates" ->
                rates = Arrays.stream(value.split(","))
                        .map(String::trim)
                        .map(Options::positive)
                        .toList();
            case "--duration" -> durationSeconds = positive(value);
            case "--warmup" -> warmupSeconds = nonNegative(value);
            case "--warmup-rate" -> warmupRate = positive(value);
            case "--burst" -> burst = nonNegative(value);
            case "--cold-starts" -> coldStarts = nonNegative(value);
            case "--connections" -> connections = positive(value);
            case "--throughput-duration" -> throughputSeconds = positive(value);
            case "--phases" -> {
                phases = EnumSet.noneOf(Phase.class);
                for (String phase : value.split(",")) {
                    phases.add(Phase.valueOf(phase.trim().toUpperCase(Locale.ROOT)));
                }
            }
            case "--ttft" -> ttftMillis = nonNegative(value);
            case "--itl" -> itlMillis = nonNegative(value);
            case "--max-tokens" -> maxTokens = positive(value);
            case "--prompt-words" -> promptWords = positive(value);
            case "--server-cpus" -> serverCpus = value.equalsIgnoreCase("none") || value.isBlank() ? null : value;
            case "--server-jvm-opt" -> serverJvmOptions.add(value);
            case "--server-arg" -> serverArgs.add(value);
            case "--java" -> serverJava = value;
            case "--port" -> port = nonNegative(value);
            case "--log-dir" -> logDir = Path.of(value);
            case "--out" -> out = Path.of(value);
            case "--time-limit" -> timeLimitSeconds = positive(value);
            default -> throw new IllegalArgumentException("unknown option " + name);
        }
    }

    private static int positive(String value) {
        int n = Integer.parseInt(value.trim());
        if (n <= 0) {
            throw new IllegalArgumentException("expected a positive number, not " + value);
        }
        return n;
    }

    private static int nonNegative(String value) {
        int n = Integer.parseInt(value.trim());
        if (n < 0) {
            throw new IllegalArgumentException("expected a number >= 0, not " + value);
        }
        return n;
    }

    boolean help() {
        return help;
    }

    boolean quick() {
        return quick;
    }

    Path jar() {
        return jar;
    }

    List<Integer> rates() {
        return rates != null ? rates : quick ? List.of(100, 500) : List.of(100, 500, 1000);
    }

    int durationSeconds() {
        return durationSeconds != null ? durationSeconds : quick ? 5 : 15;
    }

    int warmupSeconds() {
        return warmupSeconds != null ? warmupSeconds : quick ? 2 : 5;
    }

    int warmupRate() {
        return warmupRate;
    }

    int coldStarts() {
        return coldStarts != null ? coldStarts : quick ? 2 : 3;
    }

    int burst() {
        return burst;
    }

    int connections() {
        return connections;
    }

    int throughputSeconds() {
        return throughputSeconds != null ? throughputSeconds : quick ? 3 : 10;
    }

    boolean runs(Phase phase) {
        return phases.contains(phase)
                && !(phase == Phase.BURST && burst == 0)
                && !(phase == Phase.COLD && coldStarts() == 0);
    }

    int ttftMillis() {
        return ttftMillis;
    }

    int itlMillis() {
        return itlMillis;
    }

    int maxTokens() {
        return maxTokens;
    }

    int promptWords() {
        return promptWords;
    }

    /** The CPU list for taskset, or null for no pinning. */
    String serverCpus() {
        return serverCpus;
    }

    List<String> serverJvmOptions() {
        return List.copyOf(serverJvmOptions);
    }

    List<String> serverArgs() {
        return List.copyOf(serverArgs);
    }

    String serverJava() {
        return serverJava;
    }

    int port() {
        return port;
    }

    Path logDir() {
        return logDir;
    }

    Path out() {
        return out;
    }

    int timeLimitSeconds() {
        return timeLimitSeconds != null ? timeLimitSeconds : quick ? 300 : 1200;
    }
}
