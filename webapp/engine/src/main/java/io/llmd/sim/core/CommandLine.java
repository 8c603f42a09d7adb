package io.llmd.sim.core;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The launcher's arguments, read as vLLM reads them: {@code --flag value} or {@code --flag=value}
 * (a switch such as {@code --log-requests} may also stand alone, meaning true, and
 * {@code --no-log-requests} means false, as vLLM's and the Go simulator's toggles do; a flag
 * of one letter, klog's {@code -v}, may have one dash, as Go's flag parser allows);
 * flags that take several values ({@code --lora-modules a=x b=y}) take every following argument up
 * to the next flag, joined with spaces.
 *
 * @param action what the user asked for
 * @param values the raw value of each flag given, by flag
 */
public record CommandLine(Action action, Map<Flag, String> values) {
    /** One dash and one letter, with or without {@code =value}: {@code -v 5}, {@code -v=5}. */
    private static final Pattern SHORT_FLAG = Pattern.compile("-[A-Za-z](=.*)?", Pattern.DOTALL);

    /** What the command line asks the launcher to do. */
    public enum Action {
        RUN,
        HELP,
        VERSION
    }

    public CommandLine {
        values = Map.copyOf(values);
    }

    /**
     * Reads the arguments; a {@link ConfigException} names every one that is wrong. Asking for
     * help or the version wins over anything else given.
     */
    public static CommandLine parse(String... args) {
        Map<Flag, String> values = new EnumMap<>(Flag.class);
        List<ConfigException> refusals = new ArrayList<>();
        int i = 0;
        while (i < args.length) {
            String arg = args[i++];
            if (arg.equals("--help") || arg.equals("-h")) {
                return new CommandLine(Action.HELP, Map.of());
            }
            if (arg.equals("--version")) {
                return new CommandLine(Action.VERSION, Map.of());
            }
            if (!isFlag(arg)) {
                refusals.add(new ConfigException(arg.replaceFirst("^-+", ""), "unexpected argument '" + arg + "'"));
                continue;
            }
            String name = arg.substring(arg.startsWith("--") ? 2 : 1);
            String inline = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Flag flag = Flag.byName(name).orElse(null);
            Flag negated = flag == null ? negated(name) : null;
            if (negated != null) {
                // Like the Go simulator's toggles, --no-omni takes no value: it means false.
                if (values.putIfAbsent(negated, "false") != null) {
                    refusals.add(new ConfigException(negated.flagName(), "given more than once"));
                }
                continue;
            }
            if (flag == null) {
                refusals.add(new ConfigException(name, "unknown flag"));
                // Whatever follows up to the next flag was meant as its value: no further mistake.
                while (inline == null && i < args.length && !isFlag(args[i])) {
                    i++;
                }
                continue;
            }
            String value;
            if (inline != null) {
                value = inline;
            } else if (flag.isSwitch() && (i >= args.length || isFlag(args[i]))) {
                value = "true";
            } else {
                if (i >= args.length || isFlag(args[i])) {
                    refusals.add(new ConfigException(name, "needs a value"));
                    continue;
                }
                StringBuilder joined = new StringBuilder(args[i++]);
                while (flag.multiValued() && i < args.length && !isFlag(args[i])) {
                    joined.append(' ').append(args[i++]);
                }
                value = joined.toString();
            }
            if (values.putIfAbsent(flag, value) != null) {
                refusals.add(new ConfigException(flag.flagName(), "given more than once"));
            }
        }
        if (!refusals.isEmpty()) {
            throw ConfigException.of(refusals);
        }
        return new CommandLine(Action.RUN, values);
    }

    private static boolean isFlag(String arg) {
        return (arg.startsWith("--") && arg.length() > 2)
                || SHORT_FLAG.matcher(arg).matches();
    }

    /** The switch that {@code no-NAME} turns off, or null when {@code name} is no such thing. */
    private static @Nullable Flag negated(String name) {
        if (!name.startsWith("no-")) {
            return null;
        }
        return Flag.byName(name.substring(3)).filter(Flag::isSwitch).orElse(null);
    }
}
