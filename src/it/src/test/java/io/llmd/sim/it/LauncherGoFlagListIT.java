package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmd.sim.core.Flag;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drop-in for the Go simulator's command line: the launcher starts with every flag the Go
 * simulator takes, each at a valid value, all at once (the list is {@code go-simulator-flags.txt};
 * a flag added there and not accepted here fails this test).
 */
class LauncherGoFlagListIT {
    @TempDir
    Path temp;

    private record GoFlag(String name, List<String> values) {}

    private static List<GoFlag> goFlags() throws IOException {
        List<GoFlag> flags = new ArrayList<>();
        try (InputStream in = LauncherGoFlagListIT.class.getResourceAsStream("/go-simulator-flags.txt")) {
            assertThat(in).as("go-simulator-flags.txt").isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                List<String> words = Arrays.asList(line.strip().split(" "));
                flags.add(new GoFlag(words.get(0), words.subList(1, words.size())));
            }
        }
        return flags;
    }

    /** Whether the launcher takes the flag: by its name or an alias, or as the no- form of a switch. */
    private static boolean known(String name) {
        return Flag.byName(name).isPresent()
                || name.startsWith("no-")
                        && Flag.byName(name.substring(3)).filter(Flag::isSwitch).isPresent();
    }

    @Test
    void everyGoFlagIsKnownHere() throws IOException {
        List<GoFlag> flags = goFlags();
        assertThat(flags).hasSizeGreaterThan(80);
        assertThat(flags)
                .extracting(GoFlag::name)
                .allSatisfy(name -> assertThat(known(name)).as("--" + name).isTrue());
    }

    @Test
    void theLauncherStartsWithEveryGoFlagAtOnce() throws IOException {
        Path config = Files.writeString(temp.resolve("config.yaml"), "mode: random\n");
        List<String> args = new ArrayList<>();
        for (GoFlag flag : goFlags()) {
            // Every flag, known or not: one the launcher does not know is a usage error that fails the start.
            args.add("--" + flag.name());
            for (String value : flag.values()) {
                args.add(
                        switch (value) {
                            case "@config" -> config.toString();
                            // A dataset that exists, so that --dataset-url is not downloaded.
                            case "@dataset" ->
                                RecordedDataset.write(temp.resolve("dataset.sqlite3"))
                                        .toString();
                            default -> value;
                        });
            }
        }
        try (LauncherProcess launcher = LauncherProcess.startAsGiven(Map.of(), args.toArray(String[]::new))) {
            assertThat(launcher.output())
                    .contains("listening on https://")
                    .contains("Ignored, as they tune a real engine and mean nothing to this simulator: ")
                    .contains("--tensor-parallel-size=2")
                    .contains("--v=5")
                    .contains("--latency-calculator=per-token (flag)")
                    .contains("--time-to-first-token=100 (flag)");
        }
    }
}
