package io.llmd.sim.launcher;

import io.llmd.sim.core.RequiredJava;

/**
 * The jar's entry point, loadable by any Java since 8: on a Java older than the simulator needs it
 * prints one line that says so ("needs Java 21 or later, found 17") and exits with status 1, where
 * {@code java -jar} would otherwise die with an {@code UnsupportedClassVersionError}. On a Java new
 * enough it runs the {@link Launcher}, which the JVM loads only then. Compiled apart, for Java 8
 * ({@code src/main/java-gate}).
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        String problem = RequiredJava.problem();
        if (problem != null) {
            System.err.println(
                    "llm-d-inference-sim: " + problem + " (java.home " + System.getProperty("java.home") + ")");
            System.exit(1);
        }
        Launcher.main(args);
    }
}
