package io.llmd.sim.it;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Go simulator's flags against the launcher jar, given on its command line (the dataset downloaded at start). */
class LauncherGoFlagsIT extends GoFlagsScenarios {
    @RegisterExtension
    static final LauncherExtension LAUNCHER = new LauncherExtension(downloading(SETTINGS));

    /** The launcher downloads its dataset at start, from a server on 127.0.0.1, to where no file is yet. */
    private static Map<String, String> downloading(Map<String, String> settings) {
        Map<String, String> flags = new HashMap<>(settings);
        flags.put("dataset-path", RecordedDataset.absentFile().toString());
        flags.put("dataset-url", RecordedDataset.serve());
        return flags;
    }

    @Override
    URI base() {
        return LAUNCHER.uri();
    }
}
