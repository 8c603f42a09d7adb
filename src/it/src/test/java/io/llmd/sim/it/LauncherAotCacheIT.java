package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AOT cache beside the jar (made at build time) never makes a start fail or alarm its user:
 * a cache the JVM cannot use, and one left beside a newer jar, both leave a launcher that serves,
 * and no warning of the JVM's reaches the output.
 */
class LauncherAotCacheIT {
    @TempDir
    Path dir;

    @Test
    void aCacheTheJvmCannotUseCostsOneInfoLine() throws Exception {
        Path jar = copyOfTheJar();
        byte[] noCache = new byte[64 * 1024];
        new Random(7).nextBytes(noCache);
        Path cache = Files.write(dir.resolve("llm-d-inference-sim.aot"), noCache);
        // Written after the jar, as a training run writes it: the file system's coarse clock could
        // otherwise stamp it a few milliseconds before the jar's exact time, and the launcher would
        // leave it alone as older than the jar.
        Files.setLastModifiedTime(
                cache, FileTime.from(Files.getLastModifiedTime(jar).toInstant().plusSeconds(1)));

        String output = serveOneChat(jar);

        assertThat(output).containsOnlyOnce("the AOT cache").contains("starting without it");
        assertNoJvmAotMessage(output);
    }

    @Test
    void aCacheOlderThanTheJarIsLeftAlone() throws Exception {
        // A rebuilt jar beside the cache of the one before (the build's own cache, when it made one).
        Path jar = copyOfTheJar();
        Path built = LauncherProcess.jar().resolveSibling("llm-d-inference-sim.aot");
        Path cache = dir.resolve("llm-d-inference-sim.aot");
        if (Files.isRegularFile(built)) {
            Files.copy(built, cache);
        } else {
            Files.write(cache, new byte[4096]);
        }
        Files.setLastModifiedTime(cache, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));

        String output = serveOneChat(jar);

        assertThat(output).doesNotContain("the AOT cache");
        assertNoJvmAotMessage(output);
    }

    private Path copyOfTheJar() throws Exception {
        Path jar = Files.copy(
                LauncherProcess.jar(), dir.resolve("llm-d-inference-sim.jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now()));
        return jar;
    }

    private static String serveOneChat(Path jar) {
        try (LauncherProcess launcher =
                LauncherProcess.startJar(jar, Map.of(), "--port", "0", "--warm-up", "false", "--model", "m")) {
            try (SimClient client = new SimClient(launcher.uri())) {
                SimClient.Reply reply = client.post("/v1/chat/completions", SimClient.chat("m", "hi", ""));
                assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            }
            return launcher.output();
        }
    }

    private static void assertNoJvmAotMessage(String output) {
        assertThat(output).doesNotContain("[aot]").doesNotContain("[warning]").doesNotContain("[error");
    }
}
