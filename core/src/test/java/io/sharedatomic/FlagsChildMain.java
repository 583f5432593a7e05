package io.sharedatomic;

import java.nio.file.Path;

/**
 * Started by {@link JvmFlagsChildTest} with some of the JVM flags or none: opens a region, adds one, prints the
 * previous value.
 */
public final class FlagsChildMain
{
    private FlagsChildMain()
    {
    }

    public static void main(final String[] args)
    {
        try (SharedRegion region = SharedRegion.open(Path.of(args[0])))
        {
            System.out.println(region.sharedLong("counter").getAndAdd(1));
        }
    }
}
