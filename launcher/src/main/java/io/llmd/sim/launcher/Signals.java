package io.llmd.sim.launcher;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;

/**
 * SIGTERM and SIGINT stop the launcher gracefully and let it exit with status 0, as Kubernetes
 * and a user at a terminal expect. The JVM's default handling would run the shutdown hooks and
 * then exit with 143 or 130 whatever they did, so the launcher handles these two signals itself;
 * the JDK offers no public API for that, hence {@code sun.misc.Signal} (module jdk.unsupported).
 * It is reached reflectively because javac's warning about that API cannot be suppressed and the
 * build treats warnings as errors; a JDK without it leaves the signals to the shutdown hooks.
 */
final class Signals {

    private Signals() {}

    /** Runs {@code action} on its own thread each time SIGTERM or SIGINT arrives. */
    static void onTermination(Runnable action) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Method handle = signal.getMethod("handle", signal, handler);
            Object onSignal = Proxy.newProxyInstance(
                    handler.getClassLoader(), new Class<?>[] {handler}, (proxy, method, args) -> {
                        if (method.getDeclaringClass() == handler) {
                            action.run();
                            return null;
                        }
                        return switch (method.getName()) {
                            case "equals" -> proxy == args[0];
                            case "hashCode" -> System.identityHashCode(proxy);
                            default -> "termination handler";
                        };
                    });
            for (String name : List.of("TERM", "INT")) {
                register(handle, signal.getConstructor(String.class).newInstance(name), onSignal);
            }
        } catch (ReflectiveOperationException e) {
            // No jdk.unsupported in this runtime: the shutdown hooks still stop the server.
        }
    }

    private static void register(Method handle, Object signal, Object onSignal) throws IllegalAccessException {
        try {
            handle.invoke(null, signal, onSignal);
        } catch (InvocationTargetException e) {
            // The JVM keeps this signal (-Xrs, or a debugger): its shutdown hooks still stop the server.
            if (!(e.getCause() instanceof IllegalArgumentException)) {
                throw new IllegalStateException("cannot handle signal " + signal, e.getCause());
            }
        }
    }
}
