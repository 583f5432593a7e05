package io.sharedatomic.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.sharedatomic.RegionSpec;
import io.sharedatomic.ValuePadding;
import io.sharedatomic.collections.SharedBitSet;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZJ_Result;

/**
 * An {@code add} and a {@code remove} of different bits in one word of a shared bit set, at once, both take effect
 * and leave every other bit of the word as it was.
 *
 * <p>The word starts as 0x0000_0000_FFFF_FFFF (bits 0 to 31 set); actor 1 adds bit 40, actor 2 removes bit 8, so it
 * must end as 0x0000_0100_FFFF_FEFF = 1103806594815.
 */
@JCStressTest
@Outcome(id = "true, true, 1103806594815", expect = ACCEPTABLE, desc = "Both changed their bit; the rest of the word is intact.")
@Outcome(expect = FORBIDDEN, desc = "Other cases are forbidden.")
@State
public class BitSetAddRemoveDifferentBits
{
    /** One word of bits, seven of padding and the hint: 72 bytes, 128 with the record. */
    private static final ValuePool<SharedBitSet> POOL = new ValuePool<>("bitset-add-remove", ValuePool.DEFAULT_SIZE,
        RegionSpec.defaults().withEntryCapacity(2 * ValuePool.DEFAULT_SIZE).withDataCapacity(160L * ValuePool.DEFAULT_SIZE)
            .withPadding(ValuePadding.PACKED),
        (region, name) -> SharedBitSet.of(region, name, 64));

    private final long lease = POOL.lease();
    private final SharedBitSet bits = POOL.value(lease);

    public BitSetAddRemoveDifferentBits()
    {
        bits.clearAll();
        bits.set(0, 32);
    }

    @Actor
    public void actor1(final ZZJ_Result r)
    {
        r.r1 = bits.add(40);
    }

    @Actor
    public void actor2(final ZZJ_Result r)
    {
        r.r2 = bits.remove(8);
    }

    @Arbiter
    public void arbiter(final ZZJ_Result r)
    {
        final long[] words = bits.snapshot().toLongArray();
        r.r3 = words.length == 0 ? 0 : words[0];
        POOL.checkLease(lease);
    }
}
