package io.llmd.sim.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Configuration values that the simulator refuses: one, whose message names the flag and the
 * problem, or every one that a parse found, one per line, so that a user fixes them all at once.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String flag;
    private final String problem;
    /** An array, which serializes as the exception does. */
    private final ConfigException[] refusals;

    public ConfigException(String flag, String problem) {
        this(flag, "--" + flag, problem);
    }

    private ConfigException(String flag, String source, String problem) {
        super(source + ": " + problem);
        this.flag = flag;
        this.problem = problem;
        this.refusals = new ConfigException[] {this};
    }

    private ConfigException(List<ConfigException> refusals) {
        super(String.join(
                "\n", refusals.stream().map(ConfigException::getMessage).toList()));
        this.flag = refusals.get(0).flag;
        this.problem = refusals.get(0).problem;
        this.refusals = refusals.toArray(ConfigException[]::new);
    }

    /** All the refusals as one exception: the refusal itself when there is only one. */
    public static ConfigException of(List<ConfigException> refusals) {
        List<ConfigException> all = new ArrayList<>();
        for (ConfigException refusal : refusals) {
            all.addAll(refusal.refusals());
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no refusal");
        }
        return all.size() == 1 ? all.get(0) : new ConfigException(all);
    }

    /** Each refusal, in the order found; only this one when it is a single refusal. */
    public List<ConfigException> refusals() {
        return List.of(refusals);
    }

    /** The flag's canonical name, without dashes: the first refusal's when there are several. */
    public String flag() {
        return flag;
    }

    /**
     * The same refusal, blamed on where the value came from (an environment variable, say) rather
     * than the flag; a single refusal only.
     */
    public ConfigException blaming(String source) {
        if (refusals.length != 1) {
            throw new IllegalStateException("blame each of several refusals on its own source");
        }
        return new ConfigException(flag, source, problem);
    }
}
