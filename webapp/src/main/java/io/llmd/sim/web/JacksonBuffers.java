package io.llmd.sim.web;

import com.fasterxml.jackson.core.util.BufferRecyclers;

/**
 * Jackson keeps a buffer per thread, in a ThreadLocal holding a soft reference: on a servlet
 * container's pooled threads those buffers would keep this WAR's class loader alive after it is
 * undeployed (Tomcat's "find leaks" reports it). With Jackson's own switch on, it tracks the
 * buffers it hands out, so that the WAR can release them all when it stops.
 */
final class JacksonBuffers {
    /** Jackson reads it once, when its buffer recyclers are first used. */
    private static final String TRACK_PROPERTY = "com.fasterxml.jackson.core.util.BufferRecyclers.trackReusableBuffers";

    private JacksonBuffers() {
    }

    /** Turns tracking on; to be called before the WAR first reads or writes JSON or YAML. */
    static void track() {
        if (System.getProperty(TRACK_PROPERTY) == null) {
            System.setProperty(TRACK_PROPERTY, "true");
        }
    }

    /** Drops every tracked buffer, on every thread; returns how many there were. */
    static int release() {
        return BufferRecyclers.releaseBuffers();
    }
}
