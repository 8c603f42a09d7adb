package io.llmd.sim.core;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The flags of one parse, each read by its own {@link FlagValue}, and every refusal met on the way:
 * a value that does not read, then the rules between flags that the sections of the options check.
 * A refused value reads as its default afterwards, and a rule whose flags were refused is not
 * checked, so that each mistake is reported once, on its own flag.
 */
final class ParsedFlags {
    private final Map<Flag, String> texts = new EnumMap<>(Flag.class);
    private final Map<Flag, Object> values = new EnumMap<>(Flag.class);
    private final Set<Flag> refused = EnumSet.noneOf(Flag.class);
    private final List<ConfigException> refusals = new ArrayList<>();

    private ParsedFlags() {}

    /** Reads every flag given, in flag order, keeping the refusals. */
    static ParsedFlags read(Map<Flag, String> texts) {
        ParsedFlags flags = new ParsedFlags();
        for (Flag flag : Flag.values()) {
            String text = texts.get(flag);
            if (text == null) {
                continue;
            }
            flags.texts.put(flag, text);
            try {
                flags.values.put(flag, flag.value().read(text));
            } catch (IllegalArgumentException e) {
                flags.refuse(flag, Objects.requireNonNullElse(e.getMessage(), "cannot be read"));
            }
        }
        return flags;
    }

    /**
     * The value given, else the flag's default: null when it has none. The type is the one the
     * flag's {@link FlagValue} reads (an {@code int} for {@code whole}, a {@code Duration} for
     * {@code millis}, ...); a test reads every flag, so a mismatch cannot go unnoticed.
     */
    // A flag without a default reads as null when absent; its callers ask given() or test for null.
    @SuppressWarnings({"unchecked", "NullAway", "TypeParameterUnusedInFormals"})
    <T> T get(Flag flag) {
        Object value = values.get(flag);
        return (T) (value != null ? value : flag.value().fallback());
    }

    /** Whether the flag was given, with a value that reads. */
    boolean given(Flag flag) {
        return values.containsKey(flag);
    }

    /** The text the flag was given as, for a refusal that quotes it; null when not given. */
    @Nullable
    String text(Flag flag) {
        return texts.get(flag);
    }

    /** Whether none of the flags was refused: a rule between them can be checked. */
    boolean valid(Flag... flags) {
        for (Flag flag : flags) {
            if (refused.contains(flag)) {
                return false;
            }
        }
        return true;
    }

    /** Refuses the flag's value; a flag already refused keeps its first refusal. */
    void refuse(Flag flag, String problem) {
        if (refused.add(flag)) {
            values.remove(flag);
            refusals.add(new ConfigException(flag.flagName(), problem));
        }
    }

    /** Throws every refusal at once, if there is any. */
    void throwIfRefused() {
        if (!refusals.isEmpty()) {
            throw ConfigException.of(refusals);
        }
    }
}
