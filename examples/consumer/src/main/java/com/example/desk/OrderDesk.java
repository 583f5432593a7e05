package com.example.desk;

import java.nio.file.Path;

import io.sharedatomic.SharedBoolean;
import io.sharedatomic.SharedLong;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.collections.SharedBitSet;

/**
 * An order desk as a consumer of shared-atomic writes it: order ids from a shared counter, a kill switch, and trader
 * slots claimed from a shared bitset. Every process that runs it on one region file shares all three.
 */
public final class OrderDesk implements AutoCloseable
{
    private final SharedRegion region;
    private final SharedLong nextOrderId;
    private final SharedBoolean killSwitch;
    private final SharedBitSet slots;

    public OrderDesk(Path path)
    {
        region = SharedRegion.open(path);
        nextOrderId = region.sharedLong("orders.next-id", 1);
        killSwitch = region.sharedBoolean("risk.kill-switch");
        slots = SharedBitSet.of(region, "desk.slots", 64);
    }

    /** @return the order id sent, or -1 if the kill switch is on. */
    public long send()
    {
        return killSwitch.get() ? -1 : nextOrderId.getAndIncrement();
    }

    /** @return a trader slot nobody else holds, or -1 if all are taken. */
    public long claimSlot()
    {
        return slots.claimFirstClear();
    }

    public void releaseSlot(long slot)
    {
        slots.clear(slot);
    }

    /** @return true if this call tripped the switch, false if it was already on. */
    public boolean trip()
    {
        return killSwitch.compareAndSet(false, true);
    }

    @Override
    public void close()
    {
        region.close();
    }

    public static void main(String[] args)
    {
        try (OrderDesk desk = new OrderDesk(Path.of(args[0])))
        {
            long slot = desk.claimSlot();
            System.out.println("slot " + slot + " sent order " + desk.send());
            desk.releaseSlot(slot);
        }
    }
}
