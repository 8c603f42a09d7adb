package io.llmd.sim.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.llmd.sim.core.ConfigException;
import io.llmd.sim.core.ConfigSources;
import io.llmd.sim.core.EnvironmentVariables;
import io.llmd.sim.core.Flag;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The YAML configuration file ({@code --config FILE}, or {@code SIM_CONFIG}): every flag as a key
 * with the flag's name, e.g. {@code max-num-seqs: 8}; flags that take several values
 * ({@code served-model-name}, {@code lora-modules}, {@code lora}, {@code failure-types}) take a list
 * or a string, and a {@code lora-modules} item may be a map with {@code name} and {@code path}.
 * Read here, outside the core, which stays free of any parsing library: the core gets raw strings
 * by flag, as from every other source.
 */
public final class ConfigFile {
    /** Its buffer pool holds no ThreadLocal, which would pin this WAR's class loader to a container thread. */
    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ConfigFile() {}

    /**
     * Gathers every source: the flags given, the {@code SIM_*} environment, and the YAML file that
     * either of them names.
     *
     * @param flags       the command line's flags, or a WAR's init-params
     * @param environment the process's environment variables
     * @throws ConfigException when the file cannot be read or holds something that is not a flag
     */
    public static ConfigSources sources(Map<Flag, String> flags, Map<String, String> environment) {
        EnvironmentVariables env = EnvironmentVariables.read(environment);
        String file = ConfigSources.configFile(flags, env.values());
        Map<Flag, String> yaml = file == null ? Map.of() : read(Path.of(file));
        return new ConfigSources(flags, env, yaml);
    }

    /** Reads the raw settings of a YAML file, by flag. */
    public static Map<Flag, String> read(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw refused(
                    file,
                    "is not valid YAML: "
                            + String.valueOf(e.getOriginalMessage())
                                    .lines()
                                    .findFirst()
                                    .orElse(""));
        } catch (IOException e) {
            throw refused(
                    file,
                    e instanceof NoSuchFileException || !file.toFile().isFile()
                            ? "cannot be read: no such file"
                            : "cannot be read: " + e.getMessage());
        }
        Map<Flag, String> values = new EnumMap<>(Flag.class);
        if (root == null || root.isMissingNode() || root.isNull()) {
            return values;
        }
        if (!root.isObject()) {
            throw refused(file, "must map flag names to values");
        }
        // Every key is looked at, so that a file with several mistakes is refused naming them all.
        List<ConfigException> refusals = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            try {
                put(file, values, field.getKey(), field.getValue());
            } catch (ConfigException e) {
                refusals.add(e);
            }
        }
        if (!refusals.isEmpty()) {
            throw ConfigException.of(refusals);
        }
        return values;
    }

    private static void put(Path file, Map<Flag, String> values, String key, JsonNode node) {
        Flag flag = Flag.byName(key).orElseThrow(() -> refused(file, "'" + key + "' is not a flag"));
        if (flag == Flag.CONFIG) {
            throw refused(file, "cannot name another configuration file");
        }
        String value = value(file, key, flag, node);
        if (value != null && values.putIfAbsent(flag, value) != null) {
            throw refused(file, "sets --" + flag.flagName() + " twice (as '" + key + "' too)");
        }
    }

    /** A key's value as the command line would give it; null when the key is empty. */
    private static @Nullable String value(Path file, String key, Flag flag, JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        if (node.isValueNode()) {
            String text = node.asText().trim();
            return text.isEmpty() ? null : text;
        }
        if (node.isArray() && (flag.multiValued() || flag == Flag.LORA)) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : node) {
                if (item.isValueNode() && !item.isNull()) {
                    items.add(item.asText().trim());
                } else if (item.isObject() && flag == Flag.LORA_MODULES) {
                    // A flat JSON object is an item --lora-modules reads as vLLM does.
                    items.add(item.toString());
                } else {
                    throw refused(file, "'" + key + "' has an item that is not a single value: " + item);
                }
            }
            String joined = String.join(flag == Flag.LORA ? "," : " ", items).trim();
            return joined.isEmpty() ? null : joined;
        }
        throw refused(file, "'" + key + "' takes " + (node.isArray() ? "one value, not a list" : "a value, not a map"));
    }

    private static ConfigException refused(Path file, String problem) {
        return new ConfigException(Flag.CONFIG.flagName(), file + " " + problem);
    }
}
