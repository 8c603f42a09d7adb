package io.llmd.sim.core;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The settings given as {@code SIM_*} environment variables ({@code --max-num-seqs} is
 * {@code SIM_MAX_NUM_SEQS}), with the variable that gave each one, so that a bad value blames the
 * variable and not a flag the user never typed; and the {@code SIM_*} variables that are no
 * setting, which a misspelling leaves silently unused.
 */
public final class EnvironmentVariables {
    /** The prefix of the simulator's variables. */
    static final String PREFIX = "SIM_";
    /** Read by the launcher itself, not a setting: runs the simulator in the first JVM. */
    static final String NO_RELAUNCH = "SIM_NO_RELAUNCH";
    /** How far a name may be from a known one (in edits) to be taken for a misspelling of it. */
    private static final int MAX_EDITS = 3;

    private final Map<Flag, String> values = new EnumMap<>(Flag.class);
    private final Map<Flag, String> names = new EnumMap<>(Flag.class);
    private final List<String> unknown = new ArrayList<>();

    private EnvironmentVariables() {}

    /** Reads the settings among {@code environment}, by each flag's name and then its aliases. */
    public static EnvironmentVariables read(Map<String, String> environment) {
        EnvironmentVariables variables = new EnvironmentVariables();
        for (Flag flag : Flag.values()) {
            for (String name : variableNames(flag)) {
                String value = environment.get(name);
                if (value != null && !value.isBlank()) {
                    variables.values.put(flag, value.trim());
                    variables.names.put(flag, name);
                    break;
                }
            }
        }
        List<String> known = known();
        for (String name : new TreeSet<>(environment.keySet())) {
            if (name.startsWith(PREFIX) && !known.contains(name)) {
                variables.unknown.add(name);
            }
        }
        return variables;
    }

    /** The settings the environment gives, by flag. */
    public Map<Flag, String> values() {
        Map<Flag, String> copy = new EnumMap<>(Flag.class);
        copy.putAll(values);
        return copy;
    }

    /** The variable that set {@code flag}: the flag's own, or one of its aliases. */
    public String nameOf(Flag flag) {
        return names.getOrDefault(flag, Flag.environmentName(flag.flagName()));
    }

    /**
     * One warning for each {@code SIM_*} variable that is no setting, naming the setting it is
     * likely a misspelling of: {@code SIM_MAX_NUM_SEQ is no setting and is ignored; did you mean
     * SIM_MAX_NUM_SEQS?}
     */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        for (String name : unknown) {
            String closest = closest(name);
            warnings.add(name + " is no setting and is ignored"
                    + (closest == null
                            ? " (a setting's variable is SIM_ and its flag's name, as --help lists them)"
                            : "; did you mean " + closest + "?"));
        }
        return warnings;
    }

    private static List<String> variableNames(Flag flag) {
        List<String> names = new ArrayList<>();
        names.add(Flag.environmentName(flag.flagName()));
        for (String alias : flag.aliases()) {
            names.add(Flag.environmentName(alias));
        }
        return names;
    }

    private static List<String> known() {
        List<String> known = new ArrayList<>();
        for (Flag flag : Flag.values()) {
            known.addAll(variableNames(flag));
        }
        known.add(NO_RELAUNCH);
        return known;
    }

    /** The known variable fewest edits away from {@code name}, if it is close enough; the first in flag order on a tie. */
    static @Nullable String closest(String name) {
        @Nullable String best = null;
        int bestEdits = MAX_EDITS + 1;
        for (String candidate : known()) {
            int edits = edits(name, candidate);
            if (edits < bestEdits) {
                best = candidate;
                bestEdits = edits;
            }
        }
        return best;
    }

    /** The Levenshtein distance: insertions, deletions and substitutions that turn one into the other. */
    static int edits(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
