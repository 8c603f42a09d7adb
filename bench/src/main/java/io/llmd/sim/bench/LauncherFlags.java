package io.llmd.sim.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The simulator flags the benchmark adds so that only the streaming machinery limits the server:
 * capacity limits that a given launcher knows (read once from its {@code --help}) are raised far
 * above what the runs need. Flags given with {@code --server-arg} come last and win.
 */
final class LauncherFlags {
    /** Flag, value: set when the launcher knows the flag. */
    private static final String[][] UNLIMITED = {
        {"--max-num-seqs", "100000"},
        {"--max-waiting-queue-length", "100000"},
        {"--kv-cache-size", "10000000"},
    };

    private LauncherFlags() {}

    static List<String> capacity(Options options, Path jar) throws IOException, InterruptedException {
        String help = help(options, jar);
        List<String> args = new ArrayList<>();
        for (String[] flag : UNLIMITED) {
            if (help.contains(flag[0])) {
                args.add(flag[0]);
                args.add(flag[1]);
            }
        }
        return args;
    }

    private static String help(Options options, Path jar) throws IOException, InterruptedException {
        Path out = Files.createTempFile(options.logDir(), "bench-help-", ".txt");
        try {
            Process process = new ProcessBuilder(options.serverJava(), "-jar", jar.toString(), "--help")
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("java -jar " + jar + " --help did not finish within 60 s");
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
