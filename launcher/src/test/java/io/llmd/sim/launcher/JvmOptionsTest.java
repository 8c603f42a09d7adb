package io.llmd.sim.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JvmOptionsTest {

    @Test
    void readsOneOptionPerLineSkippingCommentsAndOptionsForANewerJava() {
        String text = "# a comment\n\n-XX:+UseZGC\n  -Xmx1g  \n25: -XX:+UseCompactObjectHeaders\n26:-XX:+Future\n";

        assertThat(JvmOptions.parse(text, 21)).containsExactly("-XX:+UseZGC", "-Xmx1g");
        assertThat(JvmOptions.parse(text, 25)).containsExactly("-XX:+UseZGC", "-Xmx1g", "-XX:+UseCompactObjectHeaders");
        assertThat(JvmOptions.parse(text, 26)).endsWith("-XX:+Future");
    }

    @Test
    void theJarsListChoosesZgcAndBoundsTheHeap() {
        assertThat(JvmOptions.forJava(25))
                .contains("-XX:+UseZGC", "-XX:+UseCompactObjectHeaders")
                .anyMatch(option -> option.startsWith("-Xmx"))
                .anyMatch(option -> option.startsWith("-XX:SoftMaxHeapSize="))
                .anyMatch(option -> option.startsWith("-XX:ZUncommitDelay="));
        assertThat(JvmOptions.forJava(21)).doesNotContain("-XX:+UseCompactObjectHeaders");
    }

    @Test
    void theHeapALoadLeftAndMallocsFreeMemoryGoBackWithinSeconds() {
        assertThat(JvmOptions.forJava(25))
                .contains("-Xms16m", "-XX:ZCollectionInterval=5", "-XX:ZUncommitDelay=2")
                .contains("-XX:TrimNativeHeapInterval=5000");
        // A product option from Java 22 on; a JVM that does not know an option refuses to start.
        assertThat(JvmOptions.forJava(21)).noneMatch(option -> option.startsWith("-XX:TrimNativeHeapInterval"));
    }
}
