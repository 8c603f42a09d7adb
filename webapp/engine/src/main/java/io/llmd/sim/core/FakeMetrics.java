package io.llmd.sim.core;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What {@code --fake-metrics} makes {@code /metrics} report instead of what the engine does (the
 * Go simulator's object, keys as it names them): the running and waiting requests and the KV-cache
 * usage as fixed values or functions of time, {@code vllm:lora_requests_info} series, the bucket
 * counts of the histograms, and the counters' start values. Read from JSON by the engine itself,
 * so that the launcher refuses a bad object before it starts.
 *
 * @param running       the running requests, or null to leave them real
 * @param waiting       the waiting requests, or null
 * @param kvCacheUsage  the KV-cache usage (0 to 1), or null
 * @param loras         the LoRA info series, or null for none given
 * @param buckets       bucket counts by histogram key ({@code ttft-buckets-values}, ...), in key order
 * @param counters      start values by counter key ({@code total-prompt-tokens}, ...)
 * @param requestSuccess start values of {@code vllm:request_success_total} by finished reason
 * @param source        the object as given, shown by the start-up log and {@code /admin/config}
 */
public record FakeMetrics(
        @Nullable Value running,
        @Nullable Value waiting,
        @Nullable Value kvCacheUsage,
        @Nullable List<Lora> loras,
        Map<String, List<Long>> buckets,
        Map<String, Long> counters,
        Map<String, Long> requestSuccess,
        String source) {

    /** The histogram keys, each with the most buckets it may give (-1: no limit, extra counts go to +Inf). */
    public static final Map<String, Integer> HISTOGRAMS = histograms();
    /** The counters that take a start value. */
    public static final List<String> COUNTERS =
            List.of("total-prompt-tokens", "total-generation-tokens", "prefix-cache-hits", "prefix-cache-queries");

    private static final Set<String> FINISHED_REASONS =
            Set.of("stop", "length", "abort", "tool_calls", "remote_decode", "cache_threshold");

    public FakeMetrics {
        loras = loras == null ? null : List.copyOf(loras);
        buckets = Map.copyOf(buckets);
        counters = Map.copyOf(counters);
        requestSuccess = Map.copyOf(requestSuccess);
    }

    /** One {@code vllm:lora_requests_info} series: adapters running and waiting, and its value. */
    public record Lora(@Nullable String running, @Nullable String waiting, double timestamp) {}

    /** A fixed value, or {@code function:start:end:period} of the time since the metrics started. */
    public record Value(
            @Nullable String function,
            double start,
            double end,
            @Nullable Duration period) {

        /** The value after {@code elapsed}. */
        public double at(Duration elapsed) {
            if (function == null) {
                return start;
            }
            double p = java.util.Objects.requireNonNull(period, "a function has a period")
                    .toNanos();
            double t = Math.max(0, elapsed.toNanos());
            return switch (function) {
                case "oscillate" -> (start + end) / 2 + (end - start) / 2 * Math.sin(2 * Math.PI * t / p);
                case "ramp" -> start + (end - start) * Math.min(1, t / p);
                case "rampreset" -> start + (end - start) * ((t % p) / p);
                case "squarewave" -> (t % p) < p / 2 ? start : end;
                default -> throw new IllegalStateException(function);
            };
        }

        String show() {
            return function == null
                    ? FlagValue.decimal(start)
                    : function + ":" + FlagValue.decimal(start) + ":" + FlagValue.decimal(end) + ":"
                            + Durations.show(java.util.Objects.requireNonNull(period, "a function has a period"));
        }
    }

    /**
     * Reads the object.
     *
     * @throws IllegalArgumentException naming the first problem
     */
    public static FakeMetrics parse(String text) {
        if (!(JsonText.parse(text) instanceof Map<?, ?> object)) {
            throw new IllegalArgumentException("must be a JSON object");
        }
        Value running = null;
        Value waiting = null;
        Value kv = null;
        List<Lora> loras = null;
        Map<String, List<Long>> buckets = new LinkedHashMap<>();
        Map<String, Long> counters = new LinkedHashMap<>();
        Map<String, Long> success = new LinkedHashMap<>();
        for (Map.Entry<?, ?> field : object.entrySet()) {
            String key = (String) field.getKey();
            Object value = field.getValue();
            if (value == null) {
                continue;
            }
            switch (key) {
                case "running-requests" -> running = value(key, value, Double.MAX_VALUE);
                case "waiting-requests" -> waiting = value(key, value, Double.MAX_VALUE);
                case "kv-cache-usage" -> kv = value(key, value, 1);
                case "loras" -> loras = loras(value);
                case "request-success-total" -> success.putAll(requestSuccess(value));
                default -> {
                    if (HISTOGRAMS.containsKey(key)) {
                        buckets.put(key, counts(key, value, HISTOGRAMS.get(key)));
                    } else if (COUNTERS.contains(key)) {
                        counters.put(key, count(key, value));
                    } else {
                        throw new IllegalArgumentException("'" + key + "' is no fake metric");
                    }
                }
            }
        }
        if (counters.containsKey("prefix-cache-hits") != counters.containsKey("prefix-cache-queries")) {
            throw new IllegalArgumentException("prefix-cache-hits and prefix-cache-queries go together");
        }
        if (counters.getOrDefault("prefix-cache-hits", 0L) > counters.getOrDefault("prefix-cache-queries", 0L)) {
            throw new IllegalArgumentException("prefix-cache-hits must not exceed prefix-cache-queries");
        }
        return new FakeMetrics(running, waiting, kv, loras, buckets, counters, success, JsonText.show(object));
    }

    /** The object as the start-up log and {@code /admin/config} show it. */
    public static String show(FakeMetrics metrics) {
        return metrics.source();
    }

    private static Value value(String key, Object value, double max) {
        if (value instanceof BigDecimal number) {
            double fixed = number.doubleValue();
            if (fixed < 0 || fixed > max) {
                throw new IllegalArgumentException(key + " must be " + range(max) + ", not " + number.toPlainString());
            }
            return new Value(null, fixed, fixed, null);
        }
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException(key + " must be a number or \"function:start:end:period\"");
        }
        String[] parts = text.split(":", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException(
                    key + " must be \"function:start:end:period\" (e.g. \"ramp:0.2:0.9:5m\"), not '" + text + "'");
        }
        String function = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!Set.of("oscillate", "ramp", "rampreset", "squarewave").contains(function)) {
            throw new IllegalArgumentException(
                    key + ": '" + parts[0] + "' is no function (oscillate, ramp, rampreset, squarewave)");
        }
        double start = bound(key, parts[1], max);
        double end = bound(key, parts[2], max);
        Duration period;
        try {
            period = Durations.parse(parts[3], java.time.temporal.ChronoUnit.SECONDS);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": the period " + e.getMessage());
        }
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException(key + ": the period must be above 0, not '" + parts[3] + "'");
        }
        return new Value(function, start, end, period);
    }

    private static double bound(String key, String text, double max) {
        double value;
        try {
            value = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + text + "' is not a number");
        }
        if (!(value >= 0 && value <= max)) {
            throw new IllegalArgumentException(key + " must be " + range(max) + ", not " + text);
        }
        return value;
    }

    private static String range(double max) {
        return max == Double.MAX_VALUE ? "at least 0" : "between 0 and " + FlagValue.decimal(max);
    }

    private static List<Lora> loras(Object value) {
        if (!(value instanceof List<?> items)) {
            throw new IllegalArgumentException("loras must be a list of {\"running\",\"waiting\",\"timestamp\"}");
        }
        List<Lora> loras = new ArrayList<>();
        for (Object item : items) {
            Object parsed = item instanceof String text ? JsonText.parse(text) : item;
            if (!(parsed instanceof Map<?, ?> lora)) {
                throw new IllegalArgumentException("each of loras must be an object");
            }
            Object timestamp = lora.get("timestamp");
            if (timestamp != null && !(timestamp instanceof BigDecimal)) {
                throw new IllegalArgumentException("a loras timestamp must be a number of unix seconds");
            }
            loras.add(new Lora(
                    text(lora.get("running")),
                    text(lora.get("waiting")),
                    timestamp == null ? Double.NaN : ((BigDecimal) timestamp).doubleValue()));
        }
        return loras;
    }

    private static String text(@Nullable Object value) {
        return value == null ? "" : String.valueOf(value);
    }

    private static Map<String, Long> requestSuccess(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("request-success-total must map finished reasons to counts");
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String reason = (String) entry.getKey();
            if (!FINISHED_REASONS.contains(reason)) {
                throw new IllegalArgumentException("request-success-total: '" + reason + "' is no finished reason");
            }
            counts.put(reason, count("request-success-total " + reason, entry.getValue()));
        }
        return counts;
    }

    private static List<Long> counts(String key, Object value, int max) {
        if (!(value instanceof List<?> items)) {
            throw new IllegalArgumentException(key + " must be a list of counts");
        }
        if (max >= 0 && items.size() > max) {
            throw new IllegalArgumentException(
                    key + " has " + items.size() + " counts, more than its " + max + " buckets");
        }
        List<Long> counts = new ArrayList<>();
        for (Object item : items) {
            counts.add(count(key, item));
        }
        return counts;
    }

    private static long count(String key, Object value) {
        if (!(value instanceof BigDecimal number)) {
            throw new IllegalArgumentException(key + " must be a whole number");
        }
        try {
            long count = number.longValueExact();
            if (count < 0) {
                throw new IllegalArgumentException(key + " must not be negative, not " + count);
            }
            return count;
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(key + " must be a whole number, not " + number.toPlainString());
        }
    }

    private static Map<String, Integer> histograms() {
        Map<String, Integer> keys = new LinkedHashMap<>();
        keys.put("ttft-buckets-values", 23);
        keys.put("tpot-buckets-values", 20);
        keys.put("request-tpot-buckets-values", -1);
        keys.put("e2erl-buckets-values", -1);
        keys.put("queue-time-buckets-values", -1);
        keys.put("inf-time-buckets-values", -1);
        keys.put("prefill-time-buckets-values", -1);
        keys.put("decode-time-buckets-values", -1);
        keys.put("request-prompt-tokens", -1);
        keys.put("request-generation-tokens", -1);
        keys.put("request-params-max-tokens", -1);
        keys.put("request-max-generation-tokens", -1);
        return java.util.Collections.unmodifiableMap(keys);
    }
}
