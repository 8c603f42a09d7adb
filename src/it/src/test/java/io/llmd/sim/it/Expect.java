package io.llmd.sim.it;

import java.util.function.IntFunction;

/**
 * What one hostile request must get, beyond what every request must get (no 5xx, an error in
 * vLLM's JSON shape): any answer, a refusal (4xx), a given status, or a served answer (2xx).
 *
 * @param kind         which of these (or anything but a given status)
 * @param status       the status a {@link Kind#STATUS} case must get (a {@link Kind#NOT} case must not)
 * @param mentions     a field the error message must name (a wrong type is refused naming its field, as vLLM does)
 * @param maxBodyBytes the largest answer allowed (what a hostile schema asks for is bounded), or 0 for no bound
 * @param mayClose     the client broke the framing and closed its side: the server may close without answering
 * @param probe        for {@link Kind#GUARDED}: the same path spelling with a valid key, telling whether the router serves it
 * @param bodyCheck    text a served answer must contain, or ("!text") text no answer may contain; or null
 */
record Expect(
        Kind kind,
        int status,
        String mentions,
        long maxBodyBytes,
        boolean mayClose,
        IntFunction<Wire> probe,
        String bodyCheck) {

    enum Kind {
        ANY,
        REFUSED,
        STATUS,
        SERVED,
        GUARDED,
        NOT
    }

    static final Expect ANY = new Expect(Kind.ANY, 0, null, 0, false, null, null);
    static final Expect REFUSED = new Expect(Kind.REFUSED, 0, null, 0, false, null, null);
    static final Expect SERVED = new Expect(Kind.SERVED, 0, null, 0, false, null, null);

    static Expect status(int status) {
        return new Expect(Kind.STATUS, status, null, 0, false, null, null);
    }

    /** Anything but this status (nor a 5xx). */
    static Expect not(int status) {
        return new Expect(Kind.NOT, status, null, 0, false, null, null);
    }

    /** Refused without a key: 401, or, where the router would not serve this spelling even with the key, any 4xx. */
    static Expect guarded(IntFunction<Wire> probe) {
        return new Expect(Kind.GUARDED, 401, null, 0, false, probe, null);
    }

    /** A 400 whose message names the field. */
    static Expect badField(String field) {
        return new Expect(Kind.STATUS, 400, field, 0, false, null, null);
    }

    Expect bounded(long bytes) {
        return new Expect(kind, status, mentions, bytes, mayClose, probe, bodyCheck);
    }

    Expect orClosed() {
        return new Expect(kind, status, mentions, maxBodyBytes, true, probe, bodyCheck);
    }

    Expect withBody(String check) {
        return new Expect(kind, status, mentions, maxBodyBytes, mayClose, probe, check);
    }
}
