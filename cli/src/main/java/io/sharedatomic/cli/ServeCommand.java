package io.sharedatomic.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * A Prometheus endpoint for one region: every numeric entry as a gauge and each bitset's cardinality, read at each
 * scrape (see {@link RegionCollector}). Read-only; runs until stopped (SIGINT, SIGTERM).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serves a Prometheus endpoint (/metrics) with every numeric entry of REGION as a gauge and each bitset's " +
        "cardinality and capacity, read at each scrape, and shared_atomic_region_up (0 while the file cannot be read). " +
        "Read-only; follows the path to a file recreated there; runs until stopped.",
        "Prints one line when it listens: the URL to scrape."})
final class ServeCommand implements Callable<Integer>
{
    /** Seconds a client may take to send its request before the server drops it, so idle connections cannot starve scrapes. */
    private static final String REQUEST_SECONDS = "5";
    /** The JDK's HTTP server and Prometheus' log to java.util.logging; a client that hangs up mid-response is no news. */
    private static final Logger[] QUIET = {Logger.getLogger("io.prometheus"), Logger.getLogger("com.sun.net.httpserver")};

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REGION", description = "The region file.")
    private Path path;

    @Option(names = "--port", required = true, paramLabel = "N", description = "TCP port to listen on; 0 picks a free one.")
    private int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
        description = "Address to listen on (default ${DEFAULT-VALUE}, every interface; 127.0.0.1 for this host only).")
    private String bind;

    @Override
    public Integer call() throws InterruptedException
    {
        if (port < 0 || port > 65535)
        {
            throw new CliException(ExitCodes.USAGE, "--port takes 0 to 65535, not " + port);
        }
        final InetAddress address = address();
        for (final Logger logger : QUIET)
        {
            logger.setLevel(Level.OFF);
        }
        // Read by the JDK's HTTP server when its first server is made: drop a request not received within the limit.
        System.setProperty("sun.net.httpserver.maxReqTime", REQUEST_SECONDS);
        final FollowedRegion region = new FollowedRegion(path);
        // Fails here, before listening, if the region cannot be attached at all.
        region.current();
        final PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new RegionCollector(region, path.toString()));
        final HTTPServer server;
        try
        {
            server = HTTPServer.builder().inetAddress(address).port(port).registry(registry).buildAndStart();
        }
        catch (final IOException ex)
        {
            region.close();
            throw new CliException(ExitCodes.FAILED, "cannot listen on " + bind + ":" + port + ": " + ex.getMessage());
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            server.stop();
            region.close();
            stopped.countDown();
        }, "shared-atomic-serve-stop"));
        final PrintWriter out = spec.commandLine().getOut();
        final String host = address.getHostAddress();
        out.println("serving " + path + " on http://" + (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + server.getPort() +
            "/metrics");
        out.flush();
        stopped.await();
        return ExitCodes.OK;
    }

    private InetAddress address()
    {
        final String host = bind.startsWith("[") && bind.endsWith("]") ? bind.substring(1, bind.length() - 1) : bind;
        if (host.isBlank())
        {
            throw new CliException(ExitCodes.USAGE, "--bind takes an address of this host, such as 127.0.0.1 or 0.0.0.0, not '" + bind + "'");
        }
        try
        {
            return InetAddress.getByName(host);
        }
        catch (final UnknownHostException ex)
        {
            throw new CliException(ExitCodes.USAGE, "--bind " + bind + " is no address this host can resolve");
        }
    }
}
