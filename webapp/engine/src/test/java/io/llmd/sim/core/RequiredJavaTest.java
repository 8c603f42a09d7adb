package io.llmd.sim.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequiredJavaTest {

    @Test
    void readsTheFeatureReleaseOfOldAndNewVersionStrings() {
        assertThat(RequiredJava.feature("1.8")).isEqualTo(8);
        assertThat(RequiredJava.feature("17")).isEqualTo(17);
        assertThat(RequiredJava.feature("21")).isEqualTo(21);
        assertThat(RequiredJava.feature("25")).isEqualTo(25);
    }

    @Test
    void letsAVersionThatDoesNotReadAsOneThrough() {
        assertThat(RequiredJava.feature("")).isGreaterThanOrEqualTo(RequiredJava.FEATURE);
        assertThat(RequiredJava.feature("twenty")).isGreaterThanOrEqualTo(RequiredJava.FEATURE);
    }

    @Test
    void findsNothingWrongWithTheJavaRunningTheTests() {
        assertThat(RequiredJava.problem()).isNull();
    }
}
