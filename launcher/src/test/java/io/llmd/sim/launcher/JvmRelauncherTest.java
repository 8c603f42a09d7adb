package io.llmd.sim.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmRelauncherTest {
    @TempDir
    Path dir;

    @Test
    void theUsersJavaOptionsComeAfterTheDefaultsSoThatTheyWin() {
        assertThat(JvmRelauncher.childOptions(List.of("-XX:+UseZGC", "-Xmx1g"), List.of("-Xmx2g")))
                .containsExactly("-XX:+UseZGC", "-Xmx1g", "-Xmx2g");
    }

    @Test
    void usesTheAotCacheBesideTheJarOnJava25() throws Exception {
        Path jar = Files.createFile(dir.resolve("sim.jar"));
        assertThat(JvmRelauncher.aotOptions(jar, List.of(), Map.of(), 25)).isEmpty();

        Files.createFile(dir.resolve("sim.aot"));

        assertThat(JvmRelauncher.aotOptions(jar, List.of(), Map.of(), 25))
                .containsExactly("-XX:AOTCache=" + dir.resolve("sim.aot"), "-Xlog:aot=off");
        assertThat(JvmRelauncher.aotOptions(jar, List.of(), Map.of(), 21)).isEmpty();
        assertThat(JvmRelauncher.aotOptions(jar, List.of("-XX:AOTMode=off"), Map.of(), 25))
                .isEmpty();
    }

    @Test
    void aCacheOlderThanTheJarIsNotUsed() throws Exception {
        // A rebuilt jar beside the cache of the one before: the JVM checks only the jar's size.
        Path cache = Files.createFile(dir.resolve("sim.aot"));
        Path jar = Files.createFile(dir.resolve("sim.jar"));
        Files.setLastModifiedTime(cache, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-01-01T00:00:01Z")));

        assertThat(JvmRelauncher.aotOptions(jar, List.of(), Map.of(), 25)).isEmpty();

        Files.setLastModifiedTime(cache, FileTime.from(Instant.parse("2026-01-01T00:00:02Z")));
        assertThat(JvmRelauncher.aotOptions(jar, List.of(), Map.of(), 25))
                .containsExactly("-XX:AOTCache=" + cache, "-Xlog:aot=off");
    }

    @Test
    void aTrainingRunWritesTheCacheBesideTheJar() throws Exception {
        Path jar = Files.createFile(dir.resolve("sim.jar"));

        assertThat(JvmRelauncher.aotOptions(jar, List.of(), Map.of(JvmRelauncher.AOT_TRAIN, "1"), 25))
                .containsExactly("-XX:AOTCacheOutput=" + dir.resolve("sim.aot"), "-Xlog:aot=off");
    }

    @Test
    void saysInOneLineWhenTheJvmDidNotUseTheCache() {
        List<String> given = List.of("-XX:+UseZGC", "-XX:AOTCache=/opt/sim.aot", "-Xlog:aot=off");

        assertThat(report(given, "mixed mode"))
                .containsOnlyOnce("/opt/sim.aot")
                .contains("starting without it")
                .hasLineCount(1);
        assertThat(report(given, "mixed mode, sharing")).isEmpty();
        assertThat(report(List.of("-XX:+UseZGC"), "mixed mode")).isEmpty();
    }

    private static String report(List<String> jvmArgs, String vmInfo) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JvmRelauncher.reportAotCache(jvmArgs, vmInfo, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
