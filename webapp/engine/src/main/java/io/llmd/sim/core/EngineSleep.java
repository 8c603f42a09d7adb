package io.llmd.sim.core;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * vLLM's sleep mode for one engine: {@code sleep(level, mode)} pauses the scheduler (level 0 only
 * that; level 1 and 2 also release the weights and the KV cache), {@code wakeUp(tags)} brings back
 * what the tags name, and the scheduler resumes once nothing is left asleep. While the engine
 * sleeps, requests are admitted and queue, as vLLM's paused scheduler queues them; the requests
 * already admitted are aborted, let finish or frozen, as the pause mode says.
 */
public final class EngineSleep {
    /** What a sleeping engine has released, by the tag that wakes it. */
    public enum Part {
        WEIGHTS,
        KV_CACHE;

        /** The tag of {@code /wake_up?tags=}. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The tag that wakes only the scheduler (vLLM's level-0 wake-up). */
    static final String SCHEDULING = "scheduling";

    private final Scheduler scheduler;
    private final Set<Part> asleep = EnumSet.noneOf(Part.class);
    private int level = -1;

    EngineSleep(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Puts the engine to sleep; a second call while asleep only applies its pause mode again.
     *
     * @param level 0 pauses scheduling only; 1 and 2 also release the weights and the KV cache
     * @param mode  what happens to the requests already admitted
     * @throws SimException BAD_REQUEST for a level other than 0, 1 or 2
     */
    public synchronized void sleep(int level, Scheduler.InFlight mode) {
        if (level < 0 || level > 2) {
            throw SimException.badRequest("level must be 0, 1 or 2, not " + level, "level");
        }
        scheduler.pause(mode);
        if (level >= 1) {
            // Releasing the KV cache discards what it held: vLLM resets the prefix cache first.
            scheduler.clearPrefixCache();
            asleep.addAll(EnumSet.allOf(Part.class));
        }
        this.level = Math.max(this.level, level);
    }

    /**
     * Wakes what {@code tags} names ({@code weights}, {@code kv_cache}; {@code scheduling} names
     * only the scheduler), or everything without tags; unknown tags wake nothing. The scheduler
     * resumes once no part is asleep, as vLLM's does: waking only the weights leaves it asleep.
     */
    public synchronized void wakeUp(List<String> tags) {
        if (tags == null || tags.isEmpty()) {
            asleep.clear();
        } else {
            for (Part part : Part.values()) {
                if (tags.contains(part.tag())) {
                    asleep.remove(part);
                }
            }
        }
        if (asleep.isEmpty()) {
            level = -1;
            scheduler.resume();
        }
    }

    /** Whether the engine sleeps at any level: its scheduler paused or a part released. */
    public synchronized boolean isSleeping() {
        return !asleep.isEmpty() || scheduler.isPaused();
    }

    /** The deepest level slept at since the engine last woke, or -1 while awake. */
    public synchronized int level() {
        return level;
    }

    /** The parts released now. */
    public synchronized Set<Part> asleep() {
        return asleep.isEmpty() ? Set.of() : EnumSet.copyOf(asleep);
    }

    /** A pause mode by vLLM's name: {@code abort}, {@code wait} or {@code keep}. */
    public static Scheduler.InFlight mode(String name) {
        return switch (name == null ? "abort" : name) {
            case "abort" -> Scheduler.InFlight.ABORT;
            case "wait" -> Scheduler.InFlight.WAIT;
            case "keep" -> Scheduler.InFlight.KEEP;
            default -> throw SimException.badRequest("mode must be abort, wait or keep, not '" + name + "'", "mode");
        };
    }
}
