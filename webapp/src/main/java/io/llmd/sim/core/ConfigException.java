package io.llmd.sim.core;

/** A configuration value that the simulator refuses; the message names the flag and the problem. */
public final class ConfigException extends RuntimeException {
    private final String flag;

    public ConfigException(String flag, String problem) {
        super("--" + flag + ": " + problem);
        this.flag = flag;
    }

    /** The flag's canonical name, without dashes. */
    public String flag() {
        return flag;
    }
}
