package io.llmd.sim.launcher;

import io.llmd.sim.core.Flag;
import io.llmd.sim.core.ServerOptions;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The embedded Jetty that serves the WAR packed inside the launcher jar. The flags reach the WAR
 * as context init-params (plain strings): the WAR has its own class loader and builds its own
 * simulator from them, exactly as it does in any other servlet container.
 */
final class SimServer {
    private static final String WAR_RESOURCE = "llm-d-inference-sim.war";
    /** Long enough for a non-streamed answer that takes minutes; an idle keep-alive connection closes after it. */
    private static final long IDLE_TIMEOUT_MS = 300_000;
    private static final int ACCEPT_QUEUE = 4096;
    private static final int OUTPUT_BUFFER = 4096;
    /**
     * The request line and headers together, as uvicorn (vLLM's server) takes them: its h11 parser
     * refuses a request head only above 16 KiB, so a large but legal header (a long token) must pass.
     */
    private static final int REQUEST_HEADER_SIZE = 16 * 1024;
    /** The init-param that tells the WAR the port it is served on (see the WAR's SimContextListener). */
    private static final String LISTENING_PORT = "io.llmd.sim.listening-port";
    /** The WAR publishes its drain under this context attribute (see the WAR's AdmissionGate). */
    private static final String DRAIN_ATTRIBUTE = "io.llmd.sim.drain";

    private final Server server;
    private final ServerConnector connector;
    private final WebAppContext webapp;
    private final Path webappDir;
    private boolean stopped;

    private SimServer(Server server, ServerConnector connector, WebAppContext webapp, Path webappDir) {
        this.server = server;
        this.connector = connector;
        this.webapp = webapp;
        this.webappDir = webappDir;
    }

    /**
     * Builds the server, unstarted.
     *
     * @param host     the address to listen on, or null for every interface
     * @param keyStore the TLS key and certificate, or null to serve plain HTTP
     */
    static SimServer newServer(String host, int port, Map<Flag, String> flags, KeyStore keyStore) throws IOException {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("sim-http");
        threads.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("sim-http-v"));
        Server server = new Server(threads);
        // The launcher stops the server itself, after draining: Jetty's own hook would cut running streams.
        server.setStopAtShutdown(false);
        // Runs after the WAR's drain (--shutdown-timeout): whatever still runs then is cut, not waited for again.
        server.setStopTimeout(1_000);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        // An SSE event is a few hundred bytes, flushed at once: Jetty's default 32 KiB response
        // buffer would cost every open stream 32 KiB for nothing.
        http.setOutputBufferSize(OUTPUT_BUFFER);
        http.setOutputAggregationSize(OUTPUT_BUFFER / 4);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(REQUEST_HEADER_SIZE);
        ServerConnector connector = new ServerConnector(server, connectionFactories(http, keyStore));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT_MS);
        // Thousands of clients may connect at once (a burst of streams); the JDK's default backlog of 50
        // would drop their SYNs and cost each a one-second retransmit.
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        server.addConnector(connector);
        server.setErrorHandler(new JsonErrorHandler());

        Path webappDir = unpackWar();
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setWar(webappDir.toString());
        webapp.setExtractWAR(false);
        webapp.setThrowUnavailableOnStartupException(true);
        webapp.setErrorHandler(new ErrorPagesForEveryMethod());
        // Jetty's defaults descriptor adds a default servlet and JSP support that the WAR never uses,
        // and a constraint that answers TRACE with 403; without it TRACE reaches the WAR's servlets,
        // which answer 405 as vLLM does (and none of which echoes the request).
        webapp.setDefaultsDescriptor(null);
        flags.forEach((flag, value) -> webapp.setInitParameter(flag.flagName(), value));
        server.setHandler(webapp);
        return new SimServer(server, connector, webapp, webappDir);
    }

    private static ConnectionFactory[] connectionFactories(HttpConfiguration http, KeyStore keyStore) {
        if (keyStore == null) {
            return new ConnectionFactory[] {new HttpConnectionFactory(http)};
        }
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(keyStore);
        ssl.setKeyStorePassword(new String(PemKeyStore.PASSWORD));
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // As uvicorn (vLLM): any host name may reach the server, whatever names the certificate has.
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        return new ConnectionFactory[] {new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https)};
    }

    /**
     * Builds and starts the server; throws if it cannot listen or the WAR does not deploy. The
     * port is bound first, so that the WAR learns the port it serves on even when asked for port 0
     * (the flags it is given stay the user's, so that its log says where each setting came from).
     */
    static SimServer start(String host, int port, Map<Flag, String> flags, KeyStore keyStore) throws Exception {
        SimServer simServer = newServer(host, port, flags, keyStore);
        try {
            simServer.connector.open();
            simServer.webapp.setInitParameter(LISTENING_PORT, Integer.toString(simServer.port()));
            simServer.server.start();
        } catch (Exception e) {
            simServer.stop();
            throw e;
        }
        return simServer;
    }

    int port() {
        return connector.getLocalPort();
    }

    /** Blocks until the server has stopped. */
    void join() {
        try {
            server.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops gracefully: the WAR stops admitting and lets running requests finish (for at most its
     * {@link ServerOptions#shutdownTimeout()}), then the server stops. A second call waits for the
     * first one to end.
     */
    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            if (webapp.getServletContext().getAttribute(DRAIN_ATTRIBUTE) instanceof Runnable drain) {
                drain.run();
            }
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping the server failed", e);
        } finally {
            deleteTree(webappDir);
        }
    }

    /** Unpacks the embedded WAR into a fresh temporary folder, removed again when the server stops. */
    private static Path unpackWar() throws IOException {
        Path dir = Files.createTempDirectory("llm-d-inference-sim-");
        try (InputStream war = SimServer.class.getResourceAsStream(WAR_RESOURCE)) {
            if (war == null) {
                throw new IOException("the launcher jar does not contain " + WAR_RESOURCE);
            }
            try (ZipInputStream zip = new ZipInputStream(war)) {
                ZipEntry entry;
                while ((entry = zip.getNextEntry()) != null) {
                    Path target = dir.resolve(entry.getName()).normalize();
                    if (!target.startsWith(dir)) {
                        throw new IOException("bad entry in the WAR: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            deleteTree(dir);
            throw e;
        }
        return dir;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Best effort: the folder is in the temporary directory.
        }
    }
}
