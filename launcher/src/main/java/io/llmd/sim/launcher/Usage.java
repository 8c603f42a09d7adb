package io.llmd.sim.launcher;

import io.llmd.sim.core.Flag;

/** The {@code --help} text, made from the flags themselves so that it never goes stale. */
final class Usage {

    private Usage() {}

    static String text() {
        String nl = System.lineSeparator();
        StringBuilder text = new StringBuilder()
                .append("Usage: java -jar llm-d-inference-sim.jar --model NAME [flags]")
                .append(nl)
                .append("A simulator of the vLLM inference server: vLLM's OpenAI-compatible API and metrics,")
                .append(nl)
                .append("without a model or a GPU.")
                .append(nl)
                .append("Flags take '--flag value' or '--flag=value'; each can also be set with the environment")
                .append(nl)
                .append("variable SIM_<FLAG> (e.g. SIM_MAX_NUM_SEQS), or as a key of the YAML file --config names")
                .append(nl)
                .append("(e.g. 'max-num-seqs: 8'); the command line wins, then the environment, then the file.")
                .append(nl)
                .append("A time is a number in the unit its flag names, or a Go duration such as 250ms, 1.5s or 2m;")
                .append(nl)
                .append("--no-SWITCH turns a switch off. The Go simulator's command lines run unchanged.")
                .append(nl);
        for (Flag.Group group : Flag.Group.values()) {
            text.append(nl).append(group.title()).append(':').append(nl);
            for (Flag flag : Flag.values()) {
                if (flag.group() != group) {
                    continue;
                }
                StringBuilder names = new StringBuilder("  --").append(flag.flagName());
                for (String alias : flag.aliases()) {
                    names.append(", --").append(alias);
                }
                text.append(String.format("%-42s %s", names, flag.help()));
                text.append(flag.defaultText() == null ? "" : " (default: " + flag.defaultText() + ")")
                        .append(nl);
            }
        }
        text.append(nl)
                .append("  --help                                     this text")
                .append(nl)
                .append("  --version                                  the version")
                .append(nl);
        return text.toString();
    }
}
