package io.llmd.sim.core;

import java.util.List;

/** The listeners an engine was built with, told in their order; one listener is told directly. */
final class EngineListeners implements EngineListener {
    private static final EngineListener NONE = new EngineListener() {};

    private final EngineListener[] listeners;

    private EngineListeners(List<? extends EngineListener> listeners) {
        this.listeners = listeners.toArray(EngineListener[]::new);
    }

    static EngineListener of(List<? extends EngineListener> listeners) {
        return switch (listeners.size()) {
            case 0 -> NONE;
            case 1 -> listeners.getFirst();
            default -> new EngineListeners(listeners);
        };
    }

    @Override
    public void onChange(
            int running,
            int waiting,
            List<String> runningLoras,
            List<String> waitingLoras,
            boolean lorasChanged,
            int usedBlocks) {
        for (EngineListener listener : listeners) {
            listener.onChange(running, waiting, runningLoras, waitingLoras, lorasChanged, usedBlocks);
        }
    }

    @Override
    public void onPreemption() {
        for (EngineListener listener : listeners) {
            listener.onPreemption();
        }
    }

    @Override
    public void onPrefixCacheQuery(int promptTokens, int cachedTokens) {
        for (EngineListener listener : listeners) {
            listener.onPrefixCacheQuery(promptTokens, cachedTokens);
        }
    }

    @Override
    public void onKvEvent(KvEvent event) {
        for (EngineListener listener : listeners) {
            listener.onKvEvent(event);
        }
    }

    @Override
    public boolean wantsKvEvents() {
        for (EngineListener listener : listeners) {
            if (listener.wantsKvEvents()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void onPrefilled(int promptTokens) {
        for (EngineListener listener : listeners) {
            listener.onPrefilled(promptTokens);
        }
    }

    @Override
    public void onTokensDelivered(long gapNanos, boolean first, int tokens) {
        for (EngineListener listener : listeners) {
            listener.onTokensDelivered(gapNanos, first, tokens);
        }
    }

    @Override
    public void onRequestEnded(RequestTrace trace) {
        for (EngineListener listener : listeners) {
            listener.onRequestEnded(trace);
        }
    }
}
