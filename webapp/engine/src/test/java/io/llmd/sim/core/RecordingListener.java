package io.llmd.sim.core;

import java.util.ArrayList;
import java.util.List;

/** Keeps every change a scheduler reports, for tests to look at. */
final class RecordingListener implements SchedulerListener {

    /** One call of {@link SchedulerListener#onChange}. */
    record Change(
            int running,
            int waiting,
            List<String> runningLoras,
            List<String> waitingLoras,
            boolean lorasChanged,
            int usedBlocks) {}

    private final List<Change> changes = new ArrayList<>();
    private int preemptions;

    @Override
    public synchronized void onChange(
            int running,
            int waiting,
            List<String> runningLoras,
            List<String> waitingLoras,
            boolean lorasChanged,
            int usedBlocks) {
        changes.add(new Change(running, waiting, runningLoras, waitingLoras, lorasChanged, usedBlocks));
    }

    @Override
    public synchronized void onPreemption() {
        preemptions++;
    }

    synchronized int preemptions() {
        return preemptions;
    }

    synchronized List<Change> changes() {
        return List.copyOf(changes);
    }

    synchronized Change last() {
        return changes.getLast();
    }
}
