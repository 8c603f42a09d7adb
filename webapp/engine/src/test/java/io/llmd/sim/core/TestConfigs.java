package io.llmd.sim.core;

/** Configurations for tests, written as the command line a user would type. */
final class TestConfigs {
    static final long TIME_SEED = 4242L;

    private TestConfigs() {}

    static SimConfig config(String... args) {
        return ConfigParser.build(CommandLine.parse(args).values(), () -> TIME_SEED);
    }
}
