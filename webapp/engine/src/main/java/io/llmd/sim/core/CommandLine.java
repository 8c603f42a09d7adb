package io.llmd.sim.core;

import java.util.EnumMap;
import java.util.Map;

/**
 * The launcher's arguments, read as vLLM reads them: {@code --flag value} or {@code --flag=value}
 * (a switch such as {@code --log-requests} may also stand alone, meaning true);
 * flags that take several values ({@code --lora-modules a=x b=y}) take every following argument up
 * to the next flag, joined with spaces.
 *
 * @param action what the user asked for
 * @param values the raw value of each flag given, by flag
 */
public record CommandLine(Action action, Map<Flag, String> values) {

    /** What the command line asks the launcher to do. */
    public enum Action { RUN, HELP, VERSION }

    public CommandLine {
        values = Map.copyOf(values);
    }

    /** Reads the arguments; a {@link ConfigException} names the first one that is wrong. */
    public static CommandLine parse(String... args) {
        Map<Flag, String> values = new EnumMap<>(Flag.class);
        int i = 0;
        while (i < args.length) {
            String arg = args[i++];
            if (arg.equals("--help") || arg.equals("-h")) {
                return new CommandLine(Action.HELP, Map.of());
            }
            if (arg.equals("--version")) {
                return new CommandLine(Action.VERSION, Map.of());
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new ConfigException(arg.replaceFirst("^-+", ""), "unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String inline = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            String flagName = name;
            Flag flag = Flag.byName(name).orElseThrow(() -> new ConfigException(flagName, "unknown flag"));
            String value;
            if (inline != null) {
                value = inline;
            } else if (flag.isSwitch() && (i >= args.length || isFlag(args[i]))) {
                value = "true";
            } else {
                if (i >= args.length || isFlag(args[i])) {
                    throw new ConfigException(name, "needs a value");
                }
                StringBuilder joined = new StringBuilder(args[i++]);
                while (flag.multiValued() && i < args.length && !isFlag(args[i])) {
                    joined.append(' ').append(args[i++]);
                }
                value = joined.toString();
            }
            if (values.containsKey(flag)) {
                throw new ConfigException(flag.flagName(), "given more than once");
            }
            values.put(flag, value);
        }
        return new CommandLine(Action.RUN, values);
    }

    private static boolean isFlag(String arg) {
        return arg.startsWith("--") && arg.length() > 2;
    }
}
