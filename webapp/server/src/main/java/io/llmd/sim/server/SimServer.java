package io.llmd.sim.server;

import io.llmd.sim.core.Flag;
import io.llmd.sim.core.ServerOptions;
import io.llmd.sim.web.Deployment;
import io.llmd.sim.web.DeploymentConfig;
import io.llmd.sim.web.ErrorPageServlet;
import io.llmd.sim.web.SimContextListener;
import java.lang.management.ManagementFactory;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.AbstractHTTP2ServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;

/**
 * The simulator on an embedded Jetty: the web layer in one servlet context, wired as the WAR's
 * web.xml wires it (the same listener, the same JSON error page for every error and method), with
 * the flags as context init-params, as any servlet container would give them, or the settings
 * read already. No WAR is unpacked: the classes come from the class path. The launcher runs it; a
 * test or an embedding program starts one with {@link #start}.
 */
public final class SimServer implements AutoCloseable {
    /** Long enough for a non-streamed answer that takes minutes; an idle keep-alive connection closes after it. */
    private static final long IDLE_TIMEOUT_MS = 300_000;

    private static final int ACCEPT_QUEUE = 4096;
    /** HTTP/2 streams one connection may have open; Jetty's default of 128 would queue a busy gRPC channel's calls. */
    private static final int MAX_STREAMS_PER_CONNECTION = 4096;

    private static final int OUTPUT_BUFFER = 4096;
    /**
     * The request line and headers together, as uvicorn (vLLM's server) takes them: its h11 parser
     * refuses a request head only above 16 KiB, so a large but legal header (a long token) must pass.
     */
    private static final int REQUEST_HEADER_SIZE = 16 * 1024;

    private final Server server;
    private final ServerConnector connector;
    /** In-memory connections, for the connector's warm-up before the network connector accepts. */
    private final LocalConnector local;

    private final ServletContextHandler context;
    /** The context's listener, which starts the deployment and stops it. */
    private final SimContextListener listener;

    private boolean stopped;

    private SimServer(
            Server server,
            ServerConnector connector,
            LocalConnector local,
            ServletContextHandler context,
            SimContextListener listener) {
        this.server = server;
        this.connector = connector;
        this.local = local;
        this.context = context;
        this.listener = listener;
    }

    /**
     * Builds the server, unstarted.
     *
     * @param host     the address to listen on, or null for every interface
     * @param flags    the settings as init-params, read by the listener; ignored when {@code config} is given
     * @param config   the settings read already, or null
     * @param keyStore the TLS key and certificate, or null to serve plain HTTP
     */
    static SimServer newServer(
            @Nullable String host,
            int port,
            Map<Flag, String> flags,
            @Nullable DeploymentConfig config,
            @Nullable KeyStore keyStore,
            char @Nullable [] keyPassword) {
        JettyStartup.skipPlatformMBeanServer(
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("sim-http");
        threads.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("sim-http-v"));
        Server server = new Server(threads);
        // The launcher stops the server itself, after draining: Jetty's own hook would cut running streams.
        server.setStopAtShutdown(false);
        // Runs after the simulator's drain (--shutdown-timeout): whatever still runs then is cut, not waited for again.
        server.setStopTimeout(1_000);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        // An SSE event is a few hundred bytes, flushed at once: Jetty's default 32 KiB response
        // buffer would cost every open stream 32 KiB for nothing.
        http.setOutputBufferSize(OUTPUT_BUFFER);
        // No aggregation: an event is written as it is, so an open stream holds no aggregation
        // buffer between its events. Thousands of held buffers made every acquisition from Jetty's
        // pool (a chunk header per event) scan past them: it cost more than the write itself.
        http.setOutputAggregationSize(0);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(REQUEST_HEADER_SIZE);
        ServerConnector connector = new ServerConnector(server, connectionFactories(http, keyStore, keyPassword));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT_MS);
        // Thousands of clients may connect at once (a burst of streams); the JDK's default backlog of 50
        // would drop their SYNs and cost each a one-second retransmit.
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        server.addConnector(connector);
        LocalConnector local = new LocalConnector(server, new HttpConnectionFactory(http));
        server.addConnector(local);
        server.setErrorHandler(new JsonErrorHandler());

        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        if (config == null) {
            flags.forEach((flag, value) -> context.setInitParameter(flag.flagName(), value));
        }
        SimContextListener listener = new SimContextListener(config);
        context.addEventListener(listener);
        context.addServlet(ErrorPageServlet.class, ErrorPageServlet.PATH);
        ErrorPageErrorHandler errorPages = new ErrorPagesForEveryMethod();
        errorPages.addErrorPage(ErrorPageErrorHandler.GLOBAL_ERROR_PAGE, ErrorPageServlet.PATH);
        context.setErrorHandler(errorPages);
        server.setHandler(context);
        return new SimServer(server, connector, local, context, listener);
    }

    /**
     * HTTP/1.1 and HTTP/2 on the one port, as the Go simulator serves gRPC beside HTTP: in clear
     * text a client that opens with HTTP/2's preface (h2c, as gRPC clients do) speaks HTTP/2; over
     * TLS, ALPN picks h2 or HTTP/1.1 (the default, for clients that offer nothing).
     */
    private static ConnectionFactory[] connectionFactories(
            HttpConfiguration http, @Nullable KeyStore keyStore, char @Nullable [] keyPassword) {
        if (keyStore == null) {
            return new ConnectionFactory[] {
                new HttpConnectionFactory(http), http2(new HTTP2CServerConnectionFactory(http))
            };
        }
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(keyStore);
        ssl.setKeyStorePassword(keyPassword == null ? "" : new String(keyPassword));
        // HTTP/2 refuses the cipher suites it blacklists: offer its own first.
        ssl.setCipherComparator(HTTP2Cipher.COMPARATOR);
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // As uvicorn (vLLM): any host name may reach the server, whatever names the certificate has.
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        HttpConnectionFactory http1 = new HttpConnectionFactory(https);
        // Offers the protocols of the factories after it on the connector: h2, then HTTP/1.1.
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
        alpn.setDefaultProtocol(http1.getProtocol());
        return new ConnectionFactory[] {
            new SslConnectionFactory(ssl, alpn.getProtocol()),
            alpn,
            http2(new HTTP2ServerConnectionFactory(https)),
            http1
        };
    }

    /** gRPC clients multiplex their calls on one connection: let many streams run on it at once. */
    private static AbstractHTTP2ServerConnectionFactory http2(AbstractHTTP2ServerConnectionFactory factory) {
        factory.setMaxConcurrentStreams(MAX_STREAMS_PER_CONNECTION);
        return factory;
    }

    /**
     * Builds and starts a server; throws if it cannot listen or the simulator does not start (a bad
     * setting). The port is bound first, so that the simulator learns the port it serves on even
     * when asked for port 0 (the flags it is given stay the user's, so that its log says where each
     * setting came from).
     *
     * @param host        the address to listen on, or null for every interface
     * @param port        the port, or 0 for any free one
     * @param flags       the settings by flag, as a command line gives them
     * @param keyStore    the TLS key and certificate, or null to serve plain HTTP
     * @param keyPassword the key store's password (ignored without a key store)
     */
    public static SimServer start(
            @Nullable String host,
            int port,
            Map<Flag, String> flags,
            @Nullable KeyStore keyStore,
            char @Nullable [] keyPassword)
            throws Exception {
        return start(newServer(host, port, flags, null, keyStore, keyPassword));
    }

    /**
     * Builds and starts a server with settings read already (the launcher's, from its command
     * line, the environment and the configuration file): they are not read again, and the start-up
     * log still says where each came from. Otherwise as {@link #start(String, int, Map, KeyStore, char[])}.
     *
     * @param config the settings; its port is not used ({@code port} is)
     */
    public static SimServer start(
            @Nullable String host,
            int port,
            DeploymentConfig config,
            @Nullable KeyStore keyStore,
            char @Nullable [] keyPassword)
            throws Exception {
        return start(newServer(host, port, Map.of(), config, keyStore, keyPassword));
    }

    private static SimServer start(SimServer simServer) throws Exception {
        try {
            simServer.connector.open();
            simServer.context.setInitParameter(SimContextListener.LISTENING_PORT, Integer.toString(simServer.port()));
            simServer.context.setInitParameter(SimContextListener.PACED_STREAMS, "true");
            // No output aggregation (above): each write goes to the connection as it is made.
            simServer.context.setInitParameter(SimContextListener.WRITE_THROUGH, "true");
            // Clients may connect from now on (the port is bound), but wait until the connector is warm.
            simServer.connector.setAccepting(false);
            simServer.server.start();
            Deployment deployment = simServer.deployment();
            if (deployment != null
                    && ConnectorWarmUp.wanted(deployment.options().server())) {
                ConnectorWarmUp.run(simServer.local);
            }
            simServer.connector.setAccepting(true);
        } catch (Exception e) {
            simServer.stop();
            throw e;
        }
        return simServer;
    }

    /** Starts a plain-HTTP server on the loopback address and a free port, for tests and embedding. */
    public static SimServer start(Map<Flag, String> flags) throws Exception {
        return start("127.0.0.1", 0, flags, null, null);
    }

    /** The server's in-memory connector (the connector's warm-up sends through it). */
    LocalConnector localConnector() {
        return local;
    }

    /** The port the server listens on. */
    public int port() {
        return connector.getLocalPort();
    }

    /**
     * The engine's deployment in this server, which owns its lifecycle (ready once started), or
     * null once the server has stopped.
     */
    public @Nullable Deployment deployment() {
        return listener.deployment();
    }

    /** Blocks until the server has stopped. */
    public void join() {
        try {
            server.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops gracefully: the simulator stops admitting and lets running requests finish (for at most
     * its {@link ServerOptions#shutdownTimeout()}), then the server stops. A second call waits for
     * the first one to end.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            Deployment deployment = deployment();
            if (deployment != null) {
                deployment.drain();
            }
            server.stop();
        } catch (TimeoutException e) {
            // Jetty's graceful part ran out of its second after the drain: it has cut what remained and stopped.
        } catch (Exception e) {
            throw new IllegalStateException("stopping the server failed", e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
