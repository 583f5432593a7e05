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
import org.openjdk.jcstress.infra.results.JJJ_Result;

/**
 * {@code claimFirstClear} never gives one bit to two threads: two claims at once on a 128-bit set whose only clear
 * bits are 63 and 64 (the last of word 0, the first of word 1) get one each, and the set ends full.
 */
@JCStressTest
@Outcome(id = "63, 64, 128", expect = ACCEPTABLE, desc = "Actor 1 claimed bit 63, actor 2 moved on to bit 64.")
@Outcome(id = "64, 63, 128", expect = ACCEPTABLE, desc = "Actor 2 claimed bit 63, actor 1 moved on to bit 64.")
@Outcome(expect = FORBIDDEN, desc = "Other cases are forbidden.")
@State
public class BitSetClaimFirstClearUnique
{
    /** Two words of bits, seven of padding and the hint: 80 bytes, 136 with the record. */
    private static final ValuePool<SharedBitSet> POOL = new ValuePool<>("bitset-claim", ValuePool.DEFAULT_SIZE,
        RegionSpec.defaults().withEntryCapacity(2 * ValuePool.DEFAULT_SIZE).withDataCapacity(160L * ValuePool.DEFAULT_SIZE)
            .withPadding(ValuePadding.PACKED),
        (region, name) -> SharedBitSet.of(region, name, 128));

    private final long lease = POOL.lease();
    private final SharedBitSet bits = POOL.value(lease);

    public BitSetClaimFirstClearUnique()
    {
        // clearAll also resets the hint, so both claims start their search at word 0.
        bits.clearAll();
        bits.set(0, 63);
        bits.set(65, 128);
    }

    @Actor
    public void actor1(final JJJ_Result r)
    {
        r.r1 = bits.claimFirstClear();
    }

    @Actor
    public void actor2(final JJJ_Result r)
    {
        r.r2 = bits.claimFirstClear();
    }

    @Arbiter
    public void arbiter(final JJJ_Result r)
    {
        r.r3 = bits.cardinality();
        POOL.checkLease(lease);
    }
}
