package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher jar and the WAR on a Java older than 21 (a Java 17 installed beside the JDK that
 * runs the tests, as on many machines): each says in one line what it needs, instead of an
 * {@code UnsupportedClassVersionError}.
 */
class OldJavaIT {
    private static final String NEEDS = "needs Java 21 or later, found 17";
    private static Path java17;

    @BeforeAll
    static void findJava17() throws IOException {
        Optional<Path> found = installedJava(17);
        assumeTrue(found.isPresent(), "no Java 17 installed beside " + System.getProperty("java.home"));
        java17 = found.get();
    }

    @Test
    void theLauncherSaysInOneLineWhichJavaItNeeds() throws Exception {
        Process process = new ProcessBuilder(
                        java17.resolve("bin/java").toString(),
                        "-jar",
                        LauncherProcess.jar().toString(),
                        "--model",
                        "m",
                        "--port",
                        "0")
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(1);
        assertThat(output.strip().lines()).as(output).hasSize(1);
        assertThat(output).startsWith("llm-d-inference-sim: " + NEEDS).doesNotContain("UnsupportedClassVersionError");
    }

    @Test
    void theWarInTomcatOnJava17LogsWhichJavaItNeeds(@TempDir Path base) throws Exception {
        try (StandaloneTomcat tomcat = new StandaloneTomcat(base)) {
            tomcat.install(Map.of("model", "m"));
            tomcat.launch(Map.of("JAVA_HOME", java17.toString()));
            tomcat.awaitLog(
                    line -> line.contains("SEVERE") && line.contains("llm-d-inference-sim " + NEEDS)
                            || line.contains("UnsupportedClassVersionError"),
                    Duration.ofSeconds(60),
                    "the Java it needs");
            assertThat(tomcat.log())
                    .contains("llm-d-inference-sim " + NEEDS)
                    .doesNotContain("UnsupportedClassVersionError");
        }
    }

    /** A JDK or JRE of this feature release among the ones installed beside the running one. */
    private static Optional<Path> installedJava(int feature) throws IOException {
        Path jvms = Path.of(System.getProperty("java.home")).toRealPath().getParent();
        Pattern version = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);
        try (Stream<Path> homes = Files.list(jvms)) {
            for (Path home : (Iterable<Path>) homes.sorted()::iterator) {
                Path release = home.resolve("release");
                if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin/java"))) {
                    continue;
                }
                Matcher matcher = version.matcher(Files.readString(release));
                if (matcher.find() && Integer.parseInt(matcher.group(1)) == feature) {
                    return Optional.of(home);
                }
            }
        }
        return Optional.empty();
    }
}
