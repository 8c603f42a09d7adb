package io.llmd.sim.web;

import io.llmd.sim.config.ConfigFile;
import io.llmd.sim.core.ConfigException;
import io.llmd.sim.core.ConfigSources;
import io.llmd.sim.core.Flag;
import io.llmd.sim.core.OperationsOptions;
import io.llmd.sim.core.SimOptions;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The settings a {@link Deployment} starts with, read once: the sources (for the start-up log's
 * origins and for {@code /admin/config}, which re-reads them), the options parsed from them, and
 * the two environment variables vLLM reads itself. The WAR's listener reads them from its
 * init-params; the launcher reads them from its command line and hands them to the server, so that
 * the configuration file is read and parsed once.
 *
 * @param vllmApiKey what {@code VLLM_API_KEY} says, or null
 * @param devMode    whether {@code VLLM_SERVER_DEV_MODE} turns vLLM's development endpoints on
 */
public record DeploymentConfig(
        ConfigSources sources, SimOptions options, @Nullable String vllmApiKey, boolean devMode) {

    /**
     * Reads the flags given, the {@code SIM_*} variables and the YAML file either names, and parses
     * every section.
     *
     * @param flags       the command line's flags, or a WAR's init-params
     * @param environment the process's environment variables
     * @throws ConfigException naming every value refused, each blamed on where it came from
     */
    public static DeploymentConfig read(Map<Flag, String> flags, Map<String, String> environment) {
        return of(ConfigFile.sources(flags, environment), environment);
    }

    /**
     * Parses every section of the sources read already.
     *
     * @param environment the process's environment variables
     * @throws ConfigException naming every value refused, each blamed on where it came from
     */
    public static DeploymentConfig of(ConfigSources sources, Map<String, String> environment) {
        return parse(
                sources,
                environment.get("VLLM_API_KEY"),
                OperationsOptions.devMode(environment.get("VLLM_SERVER_DEV_MODE")));
    }

    /** The same settings with one more flag given (a launcher's data-parallel rank): the file is not read again. */
    public DeploymentConfig withFlag(Flag flag, String value) {
        return parse(sources.withFlag(flag, value), vllmApiKey, devMode);
    }

    private static DeploymentConfig parse(ConfigSources sources, @Nullable String vllmApiKey, boolean devMode) {
        try {
            SimOptions options = SimOptions.builder()
                    .set(sources.values())
                    .vllmApiKey(vllmApiKey)
                    .devMode(devMode)
                    .build();
            return new DeploymentConfig(sources, options, vllmApiKey, devMode);
        } catch (ConfigException e) {
            throw sources.blame(e);
        }
    }
}
