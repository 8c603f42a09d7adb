package io.llmd.sim.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options the simulator runs with, read from the one list ({@code jvm.options} beside this
 * class in the jar) that the container image's entrypoint reads too: one option per line, comments
 * after {@code #}, and {@code NN: } before an option that needs Java NN or later.
 */
final class JvmOptions {
    static final String RESOURCE = "jvm.options";

    private JvmOptions() {}

    /** The options for a JVM of Java {@code feature}. */
    static List<String> forJava(int feature) {
        try (InputStream in = JvmOptions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the launcher jar");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), feature);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> parse(String text, int feature) {
        List<String> options = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).chars().allMatch(Character::isDigit)) {
                if (feature < Integer.parseInt(line.substring(0, colon))) {
                    continue;
                }
                line = line.substring(colon + 1).strip();
            }
            options.add(line);
        }
        return List.copyOf(options);
    }
}
