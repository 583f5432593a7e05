package io.sharedatomic.benchmarks;

import java.nio.file.Path;

import io.sharedatomic.SharedRegion;

/**
 * What {@link StartupHarness} measures for us: the first operation a user's program makes on an existing region
 * (attach it, look up a long, one {@code getAndAdd}), then prints the previous value.
 */
public final class StartupRegionProbe
{
    /** The name of the counter in the region the harness creates. */
    static final String NAME = "startup.counter";

    private StartupRegionProbe()
    {
    }

    /**
     * @param args the region file.
     */
    public static void main(final String[] args)
    {
        try (SharedRegion region = SharedRegion.attach(Path.of(args[0])))
        {
            System.out.println(region.sharedLong(NAME).getAndAdd(1));
        }
    }
}
