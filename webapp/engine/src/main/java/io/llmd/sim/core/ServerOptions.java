package io.llmd.sim.core;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the HTTP server around the simulator behaves, apart from what it simulates: where the
 * launcher listens, how long a shutdown lets running requests finish, the largest request body,
 * TLS and the request log. The server's section of {@link SimOptions}, read in the same parse as
 * every other, so every source (command line, init-params, environment, YAML file) sets them the
 * same way.
 *
 * @param port                the port the launcher listens on (0 for any free one)
 * @param host                the address the launcher listens on, or null for all interfaces (vLLM's default)
 * @param shutdownTimeout     how long running requests and streams may go on once admitting stops
 * @param maxRequestBodyBytes the largest request body accepted
 * @param sslCertFile         PEM certificate chain the launcher serves HTTPS with, or null for HTTP
 * @param sslKeyFile          PEM private key of {@code sslCertFile}, or null
 * @param logRequests         whether each request is logged on one line
 * @param selfSignedCerts     whether the launcher serves HTTPS with a certificate it makes at start
 * @param logHttp             whether each request and response is logged whole
 * @param warmUp              whether a deployment runs its request paths in memory before it serves
 */
public record ServerOptions(
        int port,
        String host,
        Duration shutdownTimeout,
        long maxRequestBodyBytes,
        String sslCertFile,
        String sslKeyFile,
        boolean logRequests,
        boolean selfSignedCerts,
        boolean logHttp,
        boolean warmUp) {

    public ServerOptions {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535");
        }
        if (shutdownTimeout == null || shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("shutdownTimeout must not be negative");
        }
        if (maxRequestBodyBytes < 1) {
            throw new IllegalArgumentException("maxRequestBodyBytes must be positive");
        }
        if ((sslCertFile == null) != (sslKeyFile == null)) {
            throw new IllegalArgumentException("sslCertFile and sslKeyFile go together");
        }
        if (selfSignedCerts && sslCertFile != null) {
            throw new IllegalArgumentException("selfSignedCerts excludes sslCertFile");
        }
    }

    /** The options without a made certificate and without the whole-exchange log. */
    public ServerOptions(
            int port,
            String host,
            Duration shutdownTimeout,
            long maxRequestBodyBytes,
            String sslCertFile,
            String sslKeyFile,
            boolean logRequests) {
        this(
                port,
                host,
                shutdownTimeout,
                maxRequestBodyBytes,
                sslCertFile,
                sslKeyFile,
                logRequests,
                false,
                false,
                true);
    }

    /** The rule between the server's flags: a certificate and its key go together. */
    static void check(ParsedFlags flags) {
        boolean cert = flags.given(Flag.SSL_CERTFILE);
        boolean key = flags.given(Flag.SSL_KEYFILE);
        if (cert && !key) {
            flags.refuse(Flag.SSL_KEYFILE, "is required with --ssl-certfile");
        }
        if (key && !cert) {
            flags.refuse(Flag.SSL_CERTFILE, "is required with --ssl-keyfile");
        }
        if (flags.<Boolean>get(Flag.SELF_SIGNED_CERTS) && (cert || key)) {
            flags.refuse(Flag.SELF_SIGNED_CERTS, "cannot be used with --ssl-certfile and --ssl-keyfile");
        }
    }

    /** The server's section, from flags that passed every check. */
    static ServerOptions from(ParsedFlags flags) {
        int bodyMb = flags.get(Flag.MAX_REQUEST_BODY_SIZE_MB);
        return new ServerOptions(
                flags.get(Flag.PORT),
                flags.get(Flag.HOST),
                flags.get(Flag.SHUTDOWN_TIMEOUT),
                bodyMb * 1024L * 1024L,
                flags.get(Flag.SSL_CERTFILE),
                flags.get(Flag.SSL_KEYFILE),
                flags.<Boolean>get(Flag.LOG_REQUESTS) && !flags.<Boolean>get(Flag.DISABLE_LOG_REQUESTS),
                flags.get(Flag.SELF_SIGNED_CERTS),
                flags.get(Flag.LOG_HTTP),
                flags.get(Flag.WARM_UP));
    }

    /** Whether the launcher serves HTTPS, with the given certificate or one it makes. */
    public boolean tls() {
        return sslCertFile != null || selfSignedCerts;
    }

    /** The effective settings by flag name, for the start-up log. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(Flag.PORT.flagName(), Integer.toString(port));
        out.put(Flag.HOST.flagName(), host == null ? Flag.HOST.defaultText() : host);
        out.put(Flag.SHUTDOWN_TIMEOUT.flagName(), FlagValue.in(shutdownTimeout, ChronoUnit.SECONDS));
        out.put(Flag.MAX_REQUEST_BODY_SIZE_MB.flagName(), Long.toString(maxRequestBodyBytes / (1024 * 1024)));
        if (sslCertFile != null) {
            out.put(Flag.SSL_CERTFILE.flagName(), sslCertFile);
            out.put(Flag.SSL_KEYFILE.flagName(), sslKeyFile);
        }
        out.put(Flag.SELF_SIGNED_CERTS.flagName(), Boolean.toString(selfSignedCerts));
        out.put(Flag.LOG_REQUESTS.flagName(), Boolean.toString(logRequests));
        out.put(Flag.LOG_HTTP.flagName(), Boolean.toString(logHttp));
        out.put(Flag.WARM_UP.flagName(), Boolean.toString(warmUp));
        return out;
    }

    /** The settings as flags on one line, as the start-up log prints them. */
    public String summary() {
        StringBuilder line = new StringBuilder();
        describe()
                .forEach((name, value) -> line.append(line.isEmpty() ? "" : " ")
                        .append("--")
                        .append(name)
                        .append('=')
                        .append(value));
        return line.toString();
    }
}
