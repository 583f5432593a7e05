package io.sharedatomic.internal;

import java.io.IOException;

/**
 * Keeps SLF4J from printing on behalf of Chronicle. Chronicle Core logs through SLF4J; in an application that has no
 * SLF4J provider, SLF4J 2 writes three "No SLF4J providers were found" lines to stderr the first time Chronicle asks
 * for a logger, although nothing would ever be logged. So, before Chronicle is initialised, and only if SLF4J is on
 * the class path, no provider is visible there and nobody configured SLF4J's own verbosity, this sets
 * {@code slf4j.internal.verbosity} to {@code ERROR}: what SLF4J does is unchanged (it falls back to its no-operation
 * logger, as before), it only stops announcing it. An application with a provider, or on the module path, is left
 * alone.
 */
final class QuietLogging
{
    private static final String VERBOSITY_PROPERTY = "slf4j.internal.verbosity";
    private static final String PROVIDER_PROPERTY = "slf4j.provider";
    private static final String FACTORY_CLASS = "org.slf4j.LoggerFactory";
    private static final String PROVIDERS = "META-INF/services/org.slf4j.spi.SLF4JServiceProvider";

    private QuietLogging()
    {
    }

    /**
     * @return true if it set the property (for tests); never throws.
     */
    static boolean prepare()
    {
        try
        {
            if (System.getProperty(VERBOSITY_PROPERTY) != null || System.getProperty(PROVIDER_PROPERTY) != null)
            {
                return false;
            }
            final Class<?> factory = Class.forName(FACTORY_CLASS, false, QuietLogging.class.getClassLoader());
            final ClassLoader loader = factory.getClassLoader();
            if (factory.getModule().isNamed() || loader == null || loader.getResources(PROVIDERS).hasMoreElements())
            {
                return false;
            }
            System.setProperty(VERBOSITY_PROPERTY, "ERROR");
            return true;
        }
        catch (final ClassNotFoundException | IOException | SecurityException ex)
        {
            // No SLF4J (then Chronicle cannot log either), or nothing we may look at: leave everything as it is.
            return false;
        }
    }
}
