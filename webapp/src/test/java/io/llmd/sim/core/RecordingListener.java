package io.llmd.sim.core;

import java.util.ArrayList;
import java.util.List;

/** Keeps every change a scheduler reports, for tests to look at. */
final class RecordingListener implements SchedulerListener {

    /** One call of {@link SchedulerListener#onChange}. */
    record Change(int running, int waiting, List<String> runningLoras, List<String> waitingLoras,
                  boolean lorasChanged) {
    }

    private final List<Change> changes = new ArrayList<>();

    @Override
    public synchronized void onChange(int running, int waiting, List<String> runningLoras, List<String> waitingLoras,
                                      boolean lorasChanged) {
        changes.add(new Change(running, waiting, runningLoras, waitingLoras, lorasChanged));
    }

    synchronized List<Change> changes() {
        return List.copyOf(changes);
    }

    synchronized Change last() {
        return changes.getLast();
    }
}
