package io.llmd.sim.core;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The raw settings of every source, layered by precedence: flags (the command line, or a WAR's
 * init-params) win over the environment ({@code SIM_*}), which wins over a YAML file
 * ({@code --config}); what none sets keeps its default. Remembers where each value came from, for
 * the start-up log.
 */
public final class ConfigSources {
    /** Where a setting came from, by precedence. */
    public enum Origin {
        FLAG,
        ENV,
        YAML,
        DEFAULT;

        /** How the start-up log names it. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The longest line of settings the start-up log prints (a group with more goes on several lines). */
    static final int LINE_WIDTH = 300;

    /** Settings described under one name that other flags also set. */
    private static final Map<Flag, List<Flag>> ALSO_SET_BY = Map.of(Flag.LORA_MODULES, List.of(Flag.LORA));

    private final Map<Origin, Map<Flag, String>> layers = new EnumMap<>(Origin.class);
    private final Map<Flag, String> values;
    private final EnvironmentVariables variables;

    /**
     * @param flags       the flags given (command line or init-params)
     * @param environment the settings from {@code SIM_*} variables
     * @param yaml        the settings from the configuration file, empty without one
     */
    public ConfigSources(Map<Flag, String> flags, Map<Flag, String> environment, Map<Flag, String> yaml) {
        this(flags, EnvironmentVariables.read(variables(environment)), yaml);
    }

    /**
     * @param flags       the flags given (command line or init-params)
     * @param environment the {@code SIM_*} variables
     * @param yaml        the settings from the configuration file, empty without one
     */
    public ConfigSources(Map<Flag, String> flags, EnvironmentVariables environment, Map<Flag, String> yaml) {
        this.variables = environment;
        layers.put(Origin.FLAG, copy(flags));
        layers.put(Origin.ENV, environment.values());
        layers.put(Origin.YAML, copy(yaml));
        this.values = ConfigParser.merge(flags, environment.values(), yaml);
    }

    /**
     * One line for each {@code SIM_*} variable that is no setting (see {@link
     * EnvironmentVariables#warnings()}), and one naming the engine knobs given that this simulator
     * accepts and ignores ({@link Flag.Group#IGNORED}).
     */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>(variables.warnings());
        StringBuilder ignored = new StringBuilder();
        values.forEach((flag, value) -> {
            if (flag.group() == Flag.Group.IGNORED) {
                ignored.append(ignored.isEmpty() ? "" : " ")
                        .append("--")
                        .append(flag.flagName())
                        .append('=')
                        .append(flag == Flag.HF_TOKEN ? "(set)" : value);
            }
        });
        if (!ignored.isEmpty()) {
            warnings.add("Ignored, as they tune a real engine and mean nothing to this simulator: " + ignored);
        }
        return warnings;
    }

    /**
     * Refusals of values, each blamed on where its value came from: the environment variable
     * ({@code SIM_MAX_NUM_SEQS: 'abc' is not a number}) or the configuration file; a flag's stays
     * as it is.
     */
    public ConfigException blame(ConfigException refused) {
        List<ConfigException> blamed = new ArrayList<>();
        for (ConfigException refusal : refused.refusals()) {
            blamed.add(blameOne(refusal));
        }
        return ConfigException.of(blamed);
    }

    private ConfigException blameOne(ConfigException refusal) {
        Flag flag = Flag.byName(refusal.flag()).orElse(null);
        if (flag == null) {
            return refusal;
        }
        return switch (origin(flag)) {
            case ENV -> refusal.blaming(variables.nameOf(flag));
            case YAML -> refusal.blaming("--config " + values.get(Flag.CONFIG) + ": " + flag.flagName());
            default -> refusal;
        };
    }

    private static Map<String, String> variables(Map<Flag, String> settings) {
        Map<String, String> variables = new HashMap<>();
        settings.forEach((flag, value) -> variables.put(Flag.environmentName(flag.flagName()), value));
        return variables;
    }

    /** The configuration file named by a flag or, failing that, by the environment; null for none. */
    public static @Nullable String configFile(Map<Flag, String> flags, Map<Flag, String> environment) {
        String file = flags.get(Flag.CONFIG);
        return file != null ? file : environment.get(Flag.CONFIG);
    }

    /**
     * These sources with one more flag given ({@code --data-parallel-rank} for one of the
     * launcher's ranks, say): nothing is read again.
     */
    public ConfigSources withFlag(Flag flag, String value) {
        Map<Flag, String> flags = copy(layers.getOrDefault(Origin.FLAG, Map.of()));
        flags.put(flag, value);
        return new ConfigSources(flags, variables, layers.getOrDefault(Origin.YAML, Map.of()));
    }

    /** Every setting's winning raw value, for {@link ConfigParser#parse}. */
    public Map<Flag, String> values() {
        return copy(values);
    }

    /** Where the winning value of a flag came from. */
    public Origin origin(Flag flag) {
        for (Origin origin : Origin.values()) {
            if (origin != Origin.DEFAULT
                    && layers.getOrDefault(origin, Map.of()).containsKey(flag)) {
                return origin;
            }
        }
        return Origin.DEFAULT;
    }

    /**
     * The effective settings as the start-up log prints them: one line per group of flags, in the
     * order {@code --help} lists them ({@code Scheduling: --max-num-seqs=8 (yaml) --max-loras=1
     * (default) ...}), each setting with its origin, the configuration file last of its group.
     *
     * @param effective settings by flag name, as the validated configuration describes them
     */
    @SafeVarargs
    public final List<String> describe(Map<String, String>... effective) {
        Map<Flag.Group, StringBuilder> lines = new EnumMap<>(Flag.Group.class);
        for (Map<String, String> settings : effective) {
            settings.forEach((name, value) -> Flag.byName(name)
                    .ifPresent(flag -> append(
                            lines.computeIfAbsent(flag.group(), group -> new StringBuilder()),
                            name,
                            value,
                            originOf(flag))));
        }
        String file = values.get(Flag.CONFIG);
        if (file != null) {
            append(
                    lines.computeIfAbsent(Flag.CONFIG.group(), group -> new StringBuilder()),
                    Flag.CONFIG.flagName(),
                    file,
                    origin(Flag.CONFIG));
        }
        List<String> described = new ArrayList<>();
        lines.forEach((group, line) -> described.addAll(wrap(group.title() + ": ", line.toString())));
        return described;
    }

    /**
     * A group's settings on lines of at most {@link #LINE_WIDTH} characters, each line naming the
     * group (a setting longer than that has a line of its own), so that a log viewer shows them whole.
     */
    private static List<String> wrap(String head, String settings) {
        List<String> wrapped = new ArrayList<>();
        StringBuilder line = new StringBuilder(head);
        for (String setting : settings.split(" (?=--)")) {
            if (line.length() > head.length() && line.length() + 1 + setting.length() > LINE_WIDTH) {
                wrapped.add(line.toString());
                line = new StringBuilder(head);
            }
            line.append(line.length() > head.length() ? " " : "").append(setting);
        }
        wrapped.add(line.toString());
        return wrapped;
    }

    private Origin originOf(Flag flag) {
        Origin best = origin(flag);
        for (Flag other : ALSO_SET_BY.getOrDefault(flag, List.of())) {
            Origin theirs = origin(other);
            if (theirs.compareTo(best) < 0) {
                best = theirs;
            }
        }
        return best;
    }

    private static void append(StringBuilder line, String name, String value, Origin origin) {
        if (!line.isEmpty()) {
            line.append(' ');
        }
        line.append("--")
                .append(name)
                .append('=')
                .append(value)
                .append(" (")
                .append(origin.label())
                .append(')');
    }

    private static Map<Flag, String> copy(Map<Flag, String> source) {
        Map<Flag, String> copy = new EnumMap<>(Flag.class);
        copy.putAll(source);
        return copy;
    }
}
