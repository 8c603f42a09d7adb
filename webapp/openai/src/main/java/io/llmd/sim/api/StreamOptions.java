package io.llmd.sim.api;

/** {@code stream_options} of a streamed request. */
public record StreamOptions(Boolean includeUsage, Boolean continuousUsageStats) {}
