package io.llmd.sim.core;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How the HTTP server around the simulator behaves, apart from what it simulates: how long a
 * shutdown lets running requests finish, the largest request body, TLS and the request log. Read
 * from the same raw values as {@link SimConfig}, so every source (command line, init-params,
 * environment) sets them the same way.
 *
 * @param shutdownTimeout     how long running requests and streams may go on once admitting stops
 * @param maxRequestBodyBytes the largest request body accepted
 * @param sslCertFile         PEM certificate chain the launcher serves HTTPS with, or null for HTTP
 * @param sslKeyFile          PEM private key of {@code sslCertFile}, or null
 * @param logRequests         whether each request is logged on one line
 * @param host                the address the launcher listens on, or null for all interfaces (vLLM's default)
 */
public record ServerOptions(
        Duration shutdownTimeout,
        long maxRequestBodyBytes,
        String sslCertFile,
        String sslKeyFile,
        boolean logRequests,
        String host) {
    /** Longer than any sensible drain; a bigger value is surely a mistake. */
    static final int MAX_SHUTDOWN_TIMEOUT_S = 3_600;
    /** Bodies are held in memory while they are decoded. */
    static final int MAX_BODY_MB = 1_024;

    public ServerOptions {
        if (shutdownTimeout == null || shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("shutdownTimeout must not be negative");
        }
        if (maxRequestBodyBytes < 1) {
            throw new IllegalArgumentException("maxRequestBodyBytes must be positive");
        }
        if ((sslCertFile == null) != (sslKeyFile == null)) {
            throw new IllegalArgumentException("sslCertFile and sslKeyFile go together");
        }
    }

    /** Validates the server settings among raw values; a {@link ConfigException} names the flag at fault. */
    public static ServerOptions from(Map<Flag, String> values) {
        int shutdownSeconds = intValue(values, Flag.SHUTDOWN_TIMEOUT, 30, 0, MAX_SHUTDOWN_TIMEOUT_S);
        int bodyMb = intValue(values, Flag.MAX_REQUEST_BODY_SIZE_MB, 4, 1, MAX_BODY_MB);
        String cert = values.get(Flag.SSL_CERTFILE);
        String key = values.get(Flag.SSL_KEYFILE);
        if (cert != null && key == null) {
            throw new ConfigException(Flag.SSL_KEYFILE.flagName(), "is required with --ssl-certfile");
        }
        if (key != null && cert == null) {
            throw new ConfigException(Flag.SSL_CERTFILE.flagName(), "is required with --ssl-keyfile");
        }
        boolean logRequests = booleanValue(values, Flag.LOG_REQUESTS);
        return new ServerOptions(Duration.ofSeconds(shutdownSeconds), bodyMb * 1024L * 1024L, cert, key, logRequests,
                values.get(Flag.HOST));
    }

    /** Whether the launcher serves HTTPS. */
    public boolean tls() {
        return sslCertFile != null;
    }

    /** The effective settings by flag name, for the start-up log. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(Flag.HOST.flagName(), host == null ? Flag.HOST.defaultText() : host);
        out.put(Flag.SHUTDOWN_TIMEOUT.flagName(), Long.toString(shutdownTimeout.toSeconds()));
        out.put(Flag.MAX_REQUEST_BODY_SIZE_MB.flagName(), Long.toString(maxRequestBodyBytes / (1024 * 1024)));
        if (tls()) {
            out.put(Flag.SSL_CERTFILE.flagName(), sslCertFile);
            out.put(Flag.SSL_KEYFILE.flagName(), sslKeyFile);
        }
        out.put(Flag.LOG_REQUESTS.flagName(), Boolean.toString(logRequests));
        return out;
    }

    /** The settings as flags on one line, as the start-up log prints them. */
    public String summary() {
        StringBuilder line = new StringBuilder();
        describe().forEach((name, value) -> line.append(line.isEmpty() ? "" : " ")
                .append("--").append(name).append('=').append(value));
        return line.toString();
    }

    private static int intValue(Map<Flag, String> values, Flag flag, int fallback, int min, int max) {
        String raw = values.get(flag);
        if (raw == null) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(flag.flagName(), "'" + raw + "' is not a whole number");
        }
        if (value < min || value > max) {
            throw new ConfigException(flag.flagName(), "must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }

    private static boolean booleanValue(Map<Flag, String> values, Flag flag) {
        String raw = values.get(flag);
        if (raw == null) {
            return false;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new ConfigException(flag.flagName(), "'" + raw + "' is not true or false");
        };
    }
}
