package io.llmd.sim.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the launcher listens, for the container image's health check ({@code docker/healthcheck.sh}):
 * once it listens, the launcher writes {@code PORT SCHEME ADDRESS} to the file that the environment
 * variable {@value #VARIABLE} names (the image's entrypoint sets it). The launcher writes it, not the
 * entrypoint, because only the launcher knows the port that every source (flag, {@code SIM_PORT},
 * the configuration file) settles on.
 */
final class PortFile {
    static final String VARIABLE = "LLMD_SIM_PORT_FILE";

    private PortFile() {}

    /** Writes the file if the environment names one; a failure is reported on {@code err}, not fatal. */
    static void write(Map<String, String> environment, int port, String scheme, String address, PrintStream err) {
        String file = environment.get(VARIABLE);
        if (file == null || file.isBlank()) {
            return;
        }
        try {
            Files.writeString(Path.of(file), port + " " + scheme + " " + address + "\n", StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            err.println("llm-d-inference-sim: cannot write " + file + " (" + VARIABLE + ") for the health check: " + e);
        }
    }
}
