package io.llmd.sim.api.schema;

/**
 * A schema no answer can be made from: no value satisfies it, its smallest value does not fit
 * the context, or it is beyond what the simulator reads. The message names the place in the
 * schema (a JSON pointer from its root) and what is wrong there; the caller names the request
 * field.
 */
public final class SchemaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SchemaException(String message) {
        super(message, null, false, false);
    }
}
