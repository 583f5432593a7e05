package io.sharedatomic.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.collections.SharedBitSet;
import io.sharedatomic.testkit.ChildJvm;

/**
 * The gauges show what another JVM writes, under the configured prefix and tags; only numbers and bitsets get one.
 */
class SharedRegionMetricsTest
{
    @TempDir
    Path tempDir;

    @Test
    void shouldShowWhatAnotherJvmWrites() throws Exception
    {
        final Path path = tempDir.resolve("desk.region");
        // Not a try-with-resources: the test closes the region itself before its end.
        final SharedRegion region = SharedRegion.open(path);
        try
        {
            region.sharedLong("orders.sent", 1);
            region.sharedULong("orders.next-id", 7);
            region.sharedDouble("risk.exposure", 1.25);
            region.sharedBoolean("risk.kill-switch");
            SharedBitSet.of(region, "desk.slots", 128).add(100);
            region.sharedString("desk.name", "ny4");
            region.sharedWideString("desk.banner", 64, StandardCharsets.UTF_8, "open");
            region.sharedLongArray("desk.raw", 4);

            final MeterRegistry registry = new SimpleMeterRegistry();
            new SharedRegionMetrics(region, "desk", Tags.of("host", "ny4")).bindTo(registry);

            assertEquals(1, gauge(registry, "desk.orders.sent"));
            assertEquals(7, gauge(registry, "desk.orders.next-id"));
            assertEquals(1.25, gauge(registry, "desk.risk.exposure"));
            assertEquals(0, gauge(registry, "desk.risk.kill-switch"));
            assertEquals(1, gauge(registry, "desk.desk.slots.cardinality"));
            assertEquals(5, registry.getMeters().size(), "strings, wide values and plain arrays get no gauge");
            assertTrue(registry.getMeters().stream().allMatch(meter -> "ny4".equals(meter.getId().getTag("host"))), "every gauge is tagged");
            assertNull(registry.find("desk.desk.name").gauge());

            ChildJvm.start(MetricsChildMain.class, path.toString()).await(Duration.ofSeconds(60)).assertSuccess();

            assertEquals(42, gauge(registry, "desk.orders.sent"));
            assertEquals(0x1p64 - 1, gauge(registry, "desk.orders.next-id"), "2^64 - 1, read as unsigned");
            assertEquals(-2.5, gauge(registry, "desk.risk.exposure"));
            assertEquals(1, gauge(registry, "desk.risk.kill-switch"));
            assertEquals(6, gauge(registry, "desk.desk.slots.cardinality"));

            region.close();
            assertTrue(Double.isNaN(gauge(registry, "desk.orders.sent")), "a closed region reads NaN, never throws");
        }
        finally
        {
            region.close();
        }
    }

    @Test
    void shouldUseTheDefaultPrefixAndRefuseAnEmptyOne()
    {
        try (SharedRegion region = SharedRegion.inMemory())
        {
            region.sharedLong("counter", 3);
            final MeterRegistry registry = new SimpleMeterRegistry();
            new SharedRegionMetrics(region).bindTo(registry);
            assertEquals(3, gauge(registry, SharedRegionMetrics.DEFAULT_PREFIX + ".counter"));
            assertThrows(IllegalArgumentException.class, () -> new SharedRegionMetrics(region, "", Tags.empty()));
        }
    }

    private static double gauge(final MeterRegistry registry, final String name)
    {
        return registry.get(name).gauge().value();
    }
}
