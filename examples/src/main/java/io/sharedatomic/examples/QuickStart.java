package io.sharedatomic.examples;

import java.nio.file.Files;
import java.nio.file.Path;

import io.sharedatomic.RegionSpec;
import io.sharedatomic.SharedBoolean;
import io.sharedatomic.SharedLong;
import io.sharedatomic.SharedRegion;

/**
 * The README's quick start, compiled and run by the build. The region between the tags is what README shows.
 */
public final class QuickStart
{
    private QuickStart()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path path = Files.createTempDirectory("quick-start").resolve("trading.region");
        // tag::quickstart[]
        // Every process that opens this path sees the same named values.
        try (SharedRegion region = SharedRegion.open(path, RegionSpec.defaults()))
        {
            SharedLong nextOrderId = region.sharedLong("orders.next-id", 1);   // created once, then attached
            SharedBoolean killSwitch = region.sharedBoolean("risk.kill-switch");

            long orderId = nextOrderId.getAndIncrement();                     // one LOCK XADD
            if (!killSwitch.get())
            {
                System.out.println("sending order " + orderId);
            }
            killSwitch.compareAndSet(false, true);                             // trip it, exactly once
        }
        // end::quickstart[]
        Files.delete(path);
        Files.delete(path.getParent());
    }
}
