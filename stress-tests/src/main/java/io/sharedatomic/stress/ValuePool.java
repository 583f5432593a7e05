package io.sharedatomic.stress;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiFunction;

import io.sharedatomic.RegionSpec;
import io.sharedatomic.SharedLong;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.ValuePadding;

/**
 * A fixed number of shared values in one region, made once per JVM, that jcstress states lease round-robin: each
 * state takes the next value and resets it in its constructor. A value's entry is created at its first lease, so a
 * short run creates only the entries it uses.
 *
 * <p>Why a pool: jcstress makes millions of states per test, but a region never frees an entry, so a new name per
 * state would fill any region. Why it is safe: jcstress keeps {@code strideSize * strideCount} states per round
 * (10,240 by default) and, while its threads run the arbiters of one round, builds the next round's states, so at most
 * twice that many are alive at once; a value is leased again only after {@link #size()} newer leases. A state that
 * has an arbiter calls {@link #checkLease(long)} there, after reading, so that a pool too small for the stride
 * settings shows as a test error rather than as a forbidden result. Actors need no check: jcstress builds states
 * only between rounds, never while actors run.
 *
 * @param <T> the value type.
 */
final class ValuePool<T>
{
    /** 3.2 times the states jcstress keeps alive at once with its default strides (2 x 256 x 40). */
    static final int DEFAULT_SIZE = 1 << 15;

    private final SharedRegion region;
    private final BiFunction<SharedRegion, String, T> factory;
    private final AtomicReferenceArray<T> values;
    private final AtomicLongArray holders;
    private final AtomicLong leases = new AtomicLong();
    private final int mask;

    /**
     * @param label   names the region file.
     * @param size    number of values, a power of two at least twice the states jcstress keeps per round.
     * @param spec    shape of the region; it must hold {@code size} values.
     * @param factory creates or attaches the value of a name in the region.
     */
    ValuePool(final String label, final int size, final RegionSpec spec, final BiFunction<SharedRegion, String, T> factory)
    {
        if (Integer.bitCount(size) != 1)
        {
            throw new IllegalArgumentException("pool size " + size + " is not a power of two");
        }
        this.region = StressRegions.create(label, spec);
        this.factory = factory;
        this.values = new AtomicReferenceArray<>(size);
        this.holders = new AtomicLongArray(size);
        this.mask = size - 1;
    }

    /**
     * A pool of {@link #DEFAULT_SIZE} longs, packed (8 bytes apart, so neighbours share cache lines as they would in
     * a user's region).
     *
     * @param label names the region file.
     * @return the pool.
     */
    static ValuePool<SharedLong> longs(final String label)
    {
        // A long value named "v" and up to 5 digits takes 56 bytes packed; a half-full directory keeps creation quick.
        final RegionSpec spec = RegionSpec.defaults()
            .withEntryCapacity(2 * DEFAULT_SIZE)
            .withDataCapacity(64L * DEFAULT_SIZE)
            .withPadding(ValuePadding.PACKED);
        return new ValuePool<>(label, DEFAULT_SIZE, spec, SharedRegion::sharedLong);
    }

    /**
     * @return number of values.
     */
    int size()
    {
        return values.length();
    }

    /**
     * Takes the next value; the caller resets it before use.
     *
     * @return the lease, for {@link #value(long)} and {@link #checkLease(long)}.
     */
    long lease()
    {
        final long lease = leases.getAndIncrement();
        // Volatile, and before the caller's reset: an arbiter that sees the reset also sees the new holder.
        holders.set((int)lease & mask, lease);
        return lease;
    }

    /**
     * @param lease a lease from {@link #lease()}.
     * @return the leased value, created if this is its first lease.
     */
    T value(final long lease)
    {
        final int slot = (int)lease & mask;
        T value = values.get(slot);
        if (value == null)
        {
            // Only the holder of a lease asks for its slot, so no two threads create one value; and if they did, the
            // registry would give both the same entry.
            value = factory.apply(region, "v" + slot);
            values.set(slot, value);
        }
        return value;
    }

    /**
     * Fails if the value was leased again since {@code lease}: its reset may then have spoiled what was just read.
     *
     * @param lease a lease from {@link #lease()}.
     * @throws IllegalStateException if the value has a newer holder.
     */
    void checkLease(final long lease)
    {
        final long holder = holders.get((int)lease & mask);
        if (holder != lease)
        {
            throw new IllegalStateException("pool value " + (lease & mask) + " was leased again (lease " + holder + " after " + lease +
                ") while still in use: the pool of " + size() + " is too small for the jcstress stride settings");
        }
    }
}
