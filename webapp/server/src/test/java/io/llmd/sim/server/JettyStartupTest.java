package io.llmd.sim.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JettyStartupTest {

    @Test
    void zgcAndHugeHeapsHaveFullReferencesTheOthersCompressedOnes() {
        assertThat(JettyStartup.referencesPerCacheLine(true, 1L << 30)).isEqualTo(8);
        assertThat(JettyStartup.referencesPerCacheLine(false, 64L << 30)).isEqualTo(8);
        assertThat(JettyStartup.referencesPerCacheLine(false, 1L << 30)).isEqualTo(16);
    }

    @Test
    void aValueTheUserSetIsKept() {
        String before = System.getProperty(JettyStartup.REFERENCES_PER_CACHE_LINE);
        try {
            System.setProperty(JettyStartup.REFERENCES_PER_CACHE_LINE, "4");
            JettyStartup.skipPlatformMBeanServer(List.of("-XX:+UseZGC"));
            assertThat(System.getProperty(JettyStartup.REFERENCES_PER_CACHE_LINE))
                    .isEqualTo("4");

            System.clearProperty(JettyStartup.REFERENCES_PER_CACHE_LINE);
            JettyStartup.skipPlatformMBeanServer(List.of("-XX:+UseZGC"));
            assertThat(System.getProperty(JettyStartup.REFERENCES_PER_CACHE_LINE))
                    .isEqualTo("8");
        } finally {
            if (before == null) {
                System.clearProperty(JettyStartup.REFERENCES_PER_CACHE_LINE);
            } else {
                System.setProperty(JettyStartup.REFERENCES_PER_CACHE_LINE, before);
            }
        }
    }
}
