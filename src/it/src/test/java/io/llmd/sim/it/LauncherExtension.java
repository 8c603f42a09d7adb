package io.llmd.sim.it;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the launcher jar with the given settings as flags (and those named as environment
 * variables, {@code VLLM_SERVER_DEV_MODE}, in its environment) for the tests of one class.
 */
final class LauncherExtension implements BeforeAllCallback, AfterAllCallback {
    private final Map<String, String> settings;
    private LauncherProcess launcher;

    LauncherExtension(Map<String, String> settings) {
        this.settings = settings;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        launcher = LauncherProcess.start(LauncherProcess.environment(settings), LauncherProcess.flags(settings));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        launcher.close();
    }

    URI uri() {
        return launcher.uri();
    }
}
