package io.sharedatomic.cluster.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the etcd client's logging off stderr: the library prints nothing, and says what went wrong in its exceptions.
 * gRPC logs through java.util.logging, whose default console handler prints INFO (gRPC's "Epoll available during static
 * init" on every start): the loggers of gRPC, Netty, Vert.x and jetcd are switched off, unless the application set their
 * levels itself. And SLF4J must not announce that an application has no SLF4J provider: jetcd logs through SLF4J. The
 * rule of core's {@code io.sharedatomic.internal.QuietLogging} (which the module system keeps inside core): only if
 * SLF4J is on the class path, no provider is visible there and nobody configured SLF4J, set
 * {@code slf4j.internal.verbosity=ERROR} before jetcd first asks for a logger. An application with a provider is left
 * alone, with one exception: slf4j-simple, the provider that needs no configuration, prints to stderr, and jetcd (and
 * Netty, which logs through SLF4J when it finds it) log a WARN line for each request retried during an election, so
 * their slf4j-simple levels are set to off unless the application set them ({@code org.slf4j.simpleLogger.log.io.etcd},
 * {@code ...io.netty}, {@code ...io.vertx}). Other providers log what the application configured.
 */
final class QuietLogs
{
    private static final String PROVIDERS = "META-INF/services/org.slf4j.spi.SLF4JServiceProvider";
    /** Held, because java.util.logging keeps loggers only weakly and would forget the levels set here. */
    private static final List<Logger> SILENCED = new ArrayList<>();

    private QuietLogs()
    {
    }

    static void prepare()
    {
        for (final String name : List.of("io.grpc", "io.netty", "io.vertx", "io.etcd"))
        {
            final Logger logger = Logger.getLogger(name);
            if (logger.getLevel() == null)
            {
                logger.setLevel(Level.OFF);
                SILENCED.add(logger);
            }
        }
        for (final String name : List.of("io.etcd", "io.netty", "io.vertx"))
        {
            final String property = "org.slf4j.simpleLogger.log." + name;
            if (System.getProperty(property) == null)
            {
                System.setProperty(property, "off");
            }
        }
        try
        {
            if (System.getProperty("slf4j.internal.verbosity") != null || System.getProperty("slf4j.provider") != null)
            {
                return;
            }
            final Class<?> factory = Class.forName("org.slf4j.LoggerFactory", false, QuietLogs.class.getClassLoader());
            final ClassLoader loader = factory.getClassLoader();
            if (!factory.getModule().isNamed() && loader != null && !loader.getResources(PROVIDERS).hasMoreElements())
            {
                System.setProperty("slf4j.internal.verbosity", "ERROR");
            }
        }
        catch (final ClassNotFoundException | IOException | SecurityException ex)
        {
            // No SLF4J, or nothing we may look at: leave everything as it is.
        }
    }
}
