package io.llmd.sim.server;

import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;

/**
 * The simulator's error page (its JSON error servlet) for a request of any method. Jetty's default
 * renders them for GET, POST and HEAD only, so that a PUT or DELETE refused inside the simulator (a 405
 * from {@code /metrics}, say) would get an empty body without a Content-Type.
 */
final class ErrorPagesForEveryMethod extends ErrorPageErrorHandler {

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }
}
