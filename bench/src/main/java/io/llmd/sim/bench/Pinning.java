package io.llmd.sim.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds {@code taskset}, which pins the server to its CPUs. */
final class Pinning {
    private Pinning() {}

    /** The path of taskset, or null if it is not on the PATH. */
    static String tasksetOrNull() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "taskset");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    static String taskset() {
        String taskset = tasksetOrNull();
        if (taskset == null) {
            throw new IllegalStateException(
                    "taskset not found on the PATH: install util-linux or pass --server-cpus none");
        }
        return taskset;
    }
}
