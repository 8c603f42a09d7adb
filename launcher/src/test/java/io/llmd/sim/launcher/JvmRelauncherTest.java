package io.llmd.sim.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmRelauncherTest {
    @TempDir
    Path dir;

    @Test
    void usesTheAotCacheBesideTheJarOnJava25() throws Exception {
        Path jar = Files.createFile(dir.resolve("sim.jar"));
        assertThat(JvmRelauncher.aotOptions(jar, List.of(), Map.of(), 25)).isEmpty();

        Files.createFile(dir.resolve("sim.aot"));

        assertThat(JvmRelauncher.aotOptions(jar, List.of(), Map.of(), 25))
                .containsExactly("-XX:AOTCache=" + dir.resolve("sim.aot"));
        assertThat(JvmRelauncher.aotOptions(jar, List.of(), Map.of(), 21)).isEmpty();
        assertThat(JvmRelauncher.aotOptions(jar, List.of("-XX:AOTMode=off"), Map.of(), 25))
                .isEmpty();
    }

    @Test
    void aTrainingRunWritesTheCacheBesideTheJar() throws Exception {
        Path jar = Files.createFile(dir.resolve("sim.jar"));

        assertThat(JvmRelauncher.aotOptions(jar, List.of(), Map.of(JvmRelauncher.AOT_TRAIN, "1"), 25))
                .containsExactly("-XX:AOTCacheOutput=" + dir.resolve("sim.aot"));
    }
}
