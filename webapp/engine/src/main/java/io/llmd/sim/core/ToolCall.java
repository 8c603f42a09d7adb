package io.llmd.sim.core;

/**
 * A function call the simulated model makes.
 *
 * @param id        the call's id
 * @param name      the function's name
 * @param arguments its arguments, a JSON object as text
 */
public record ToolCall(String id, String name, String arguments) {}
