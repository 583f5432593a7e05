package io.sharedatomic.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sharedatomic.SharedRegion;
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
        "cardinality and capacity, read at each scrape. Read-only; runs until stopped.",
        "Prints one line when it listens: the URL to scrape."})
final class ServeCommand implements Callable<Integer>
{
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
        final SharedRegion region = Regions.attach(path, true);
        final PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new RegionCollector(region, path.toString()));
        final HTTPServer server;
        try
        {
            server = HTTPServer.builder().hostname(bind).port(port).registry(registry).buildAndStart();
        }
        catch (final IOException ex)
        {
            region.close();
            throw new CliException(ExitCodes.FAILED, "cannot listen on " + bind + ":" + port + ": " +
                (ex instanceof BindException ? "the port is in use or the address is not this host's" : ex.toString()));
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        final Thread stop = new Thread(() ->
        {
            server.stop();
            region.close();
            stopped.countDown();
        }, "shared-atomic-serve-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        final PrintWriter out = spec.commandLine().getOut();
        out.println("serving " + path + " on http://" + (bind.contains(":") ? "[" + bind + "]" : bind) + ":" + server.getPort() + "/metrics");
        out.flush();
        stopped.await();
        return ExitCodes.OK;
    }
}
