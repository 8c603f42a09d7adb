package io.llmd.sim.core;

import org.jspecify.annotations.Nullable;

/**
 * The Java the simulator needs, checked by code that any Java since 8 can load: the simulator's
 * own classes are compiled for Java 21, and an older JVM cannot even load them, failing with an
 * {@code UnsupportedClassVersionError} that does not say what to do. Compiled apart, for Java 8
 * ({@code src/main/java-gate}).
 */
public final class RequiredJava {
    /** The oldest Java feature release the simulator runs on. */
    public static final int FEATURE = 21;

    private RequiredJava() {}

    /** What is wrong with the running Java, in one line ("needs Java 21 or later, found 17"), or null. */
    public static @Nullable String problem() {
        int found = feature(System.getProperty("java.specification.version", ""));
        return found >= FEATURE ? null : "needs Java " + FEATURE + " or later, found " + found;
    }

    /**
     * The feature release a {@code java.specification.version} names ("1.8" up to Java 8, "17"
     * since Java 9); a version that does not read as one is let through.
     */
    static int feature(String specificationVersion) {
        String feature =
                specificationVersion.startsWith("1.") ? specificationVersion.substring(2) : specificationVersion;
        try {
            return Integer.parseInt(feature);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }
}
