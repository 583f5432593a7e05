package io.sharedatomic.examples;

// tag::quickstart[]
import java.nio.file.Path;

import io.sharedatomic.RegionSpec;
import io.sharedatomic.SharedBoolean;
import io.sharedatomic.SharedLong;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.collections.SharedBitSet;

public final class QuickStart
{
    public static void main(String[] args)
    {
        // The region file: every process on this host that opens this path sees the same named values.
        Path path = Path.of(args.length > 0 ? args[0] : "/dev/shm/quick-start.region");
        // Its size when this call creates it: RegionSpec.defaults() holds 1024 names and 1 MiB of values; this holds
        // more. A file that exists is attached as it is.
        RegionSpec spec = RegionSpec.defaults().withEntryCapacity(4096).withDataCapacity(8 << 20);
        try (SharedRegion region = SharedRegion.open(path, spec))
        {
            SharedLong nextOrderId = region.sharedLong("orders.next-id", 1);     // created once, then attached
            SharedBoolean killSwitch = region.sharedBoolean("risk.kill-switch"); // false until someone trips it
            SharedBitSet slots = SharedBitSet.of(region, "desk.slots", 256);     // 256 bits, all clear at first

            long orderId = nextOrderId.getAndIncrement();                       // one LOCK XADD
            if (killSwitch.get())                                               // one load
            {
                System.out.println("kill switch is on: order " + orderId + " not sent");
                return;
            }
            long slot = slots.claimFirstClear();                                // a clear bit, set atomically; -1 if none
            System.out.println("sending order " + orderId + " from slot " + slot);
            slots.clear(slot);
        }
    }
}
// end::quickstart[]
