package io.llmd.sim.it;

import java.util.function.IntFunction;

/**
 * One bad, odd or hostile request of the corpus.
 *
 * @param id            a stable name for the report: {@code category/route/variant}
 * @param request       the request of a pass (1, 2, ...): most are the same each pass; those meant to
 *                      grow the server's memory differ, so that a leak grows with every pass
 * @param expect        what it must get
 * @param connectorOnly answered by the HTTP server itself before any application code runs (framing,
 *                      header limits, request lines): the launcher's to answer in vLLM's shape, but in a
 *                      WAR the servlet container's, which the application cannot shape
 */
record HostileCase(String id, IntFunction<Wire> request, Expect expect, boolean connectorOnly) {

    static HostileCase of(String id, Wire request, Expect expect) {
        return new HostileCase(id, pass -> request, expect, false);
    }

    /** A case whose request is built afresh for each pass. */
    static HostileCase perPass(String id, IntFunction<Wire> request, Expect expect) {
        return new HostileCase(id, request, expect, false);
    }

    /** A case about the HTTP server in front of the application rather than the application. */
    static HostileCase connector(String id, Wire request, Expect expect) {
        return new HostileCase(id, pass -> request, expect, true);
    }
}
