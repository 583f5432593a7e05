package io.sharedatomic.metrics;

import java.nio.file.Path;

import io.sharedatomic.SharedRegion;
import io.sharedatomic.collections.SharedBitSet;

/**
 * The other process of {@link SharedRegionMetricsTest}: attaches the region and changes every value the gauges show.
 */
public final class MetricsChildMain
{
    private MetricsChildMain()
    {
    }

    public static void main(final String[] args)
    {
        try (SharedRegion region = SharedRegion.attach(Path.of(args[0])))
        {
            region.sharedLong("orders.sent").addAndGet(41);
            region.sharedULong("orders.next-id").set(-1L);
            region.sharedDouble("risk.exposure").set(-2.5);
            region.sharedBoolean("risk.kill-switch").set(true);
            final SharedBitSet slots = SharedBitSet.of(region, "desk.slots", 128);
            for (int i = 0; i < 5; i++)
            {
                slots.claimFirstClear();
            }
        }
    }
}
