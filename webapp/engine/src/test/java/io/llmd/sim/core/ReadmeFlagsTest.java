package io.llmd.sim.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The README documents every flag, and says where each flag in its tables comes from: the docs cannot drift. */
class ReadmeFlagsTest {
    /** What a flag table's origin column may say. */
    private static final Set<String> ORIGINS = Set.of("vLLM", "Go simulator", "ours");

    /** The repository's README, found upwards from the module the test runs in. */
    private static String readme() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path readme = dir.resolve("README.md");
            if (Files.isRegularFile(readme) && Files.isDirectory(dir.resolve("webapp"))) {
                return Files.readString(readme);
            }
            dir = dir.getParent();
        }
        throw new AssertionError("no README.md above " + Path.of("").toAbsolutePath());
    }

    @Test
    void everyFlagAndAliasIsNamedInTheReadme() throws IOException {
        String readme = readme();
        List<String> missing = new ArrayList<>();
        for (Flag flag : Flag.values()) {
            List<String> names = new ArrayList<>(flag.aliases());
            names.add(flag.flagName());
            for (String name : names) {
                if (!readme.contains("`--" + name + "`") && !readme.contains("`--" + name + " ")) {
                    missing.add("--" + name);
                }
            }
        }
        assertThat(missing).as("flags the README does not name").isEmpty();
    }

    @Test
    void everyFlagTableRowSaysWhereTheFlagComesFrom() throws IOException {
        List<String> rows =
                readme().lines().filter(line -> line.startsWith("| `--")).toList();
        assertThat(rows).hasSizeGreaterThan(100);
        assertThat(rows).allSatisfy(row -> {
            String origin = row.split("\\|", -1)[2].strip();
            assertThat(ORIGINS).as(row).anySatisfy(one -> assertThat(origin).startsWith(one));
        });
    }
}
