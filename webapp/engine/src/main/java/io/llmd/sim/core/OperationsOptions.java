package io.llmd.sim.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a simulated replica is operated at run time, apart from what it simulates: vLLM's sleep
 * endpoints and the administration API. The operations section of {@link SimOptions}.
 *
 * @param sleepMode whether {@code /sleep}, {@code /wake_up} and {@code /is_sleeping} are served
 * @param adminApi  whether {@code /admin/config} is served (also on with {@code VLLM_SERVER_DEV_MODE=1})
 */
public record OperationsOptions(boolean sleepMode, boolean adminApi) {

    /** The operations section; {@code devMode} is {@code VLLM_SERVER_DEV_MODE=1}, which opens the admin API too. */
    static OperationsOptions from(ParsedFlags flags, boolean devMode) {
        return new OperationsOptions(
                flags.get(Flag.ENABLE_SLEEP_MODE), devMode || flags.<Boolean>get(Flag.ENABLE_ADMIN_API));
    }

    /** The effective settings by flag name, for the start-up log. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(Flag.ENABLE_SLEEP_MODE.flagName(), Boolean.toString(sleepMode));
        out.put(Flag.ENABLE_ADMIN_API.flagName(), Boolean.toString(adminApi));
        return out;
    }

    /** Whether {@code VLLM_SERVER_DEV_MODE} has the value that turns vLLM's development endpoints on. */
    public static boolean devMode(String value) {
        return "1".equals(value == null ? null : value.trim());
    }
}
