package io.llmd.sim.core;

/** A configuration value that the simulator refuses; the message names the flag and the problem. */
public final class ConfigException extends RuntimeException {
    private final String flag;
    private final String problem;

    public ConfigException(String flag, String problem) {
        this(flag, "--" + flag, problem);
    }

    private ConfigException(String flag, String source, String problem) {
        super(source + ": " + problem);
        this.flag = flag;
        this.problem = problem;
    }

    /** The flag's canonical name, without dashes. */
    public String flag() {
        return flag;
    }

    /** The same refusal, blamed on where the value came from (an environment variable, say) rather than the flag. */
    public ConfigException blaming(String source) {
        return new ConfigException(flag, source, problem);
    }
}
