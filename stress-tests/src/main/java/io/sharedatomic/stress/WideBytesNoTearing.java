package io.sharedatomic.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.Arrays;

import io.sharedatomic.RegionSpec;
import io.sharedatomic.SharedWideBytes;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A wide (64-byte) shared value is never torn: two threads that each write a whole pattern of a different length and
 * read the value race each other's writes, and every read, as well as the final value, is one whole pattern.
 *
 * <p>Results are codes: 0 the initial 16 bytes, 1 actor 1's 64 bytes, 2 actor 2's 40 bytes, -1 anything else (a torn
 * or mixed value). Actor 1 writes then reads; actor 2 reads then writes, so its read can also see the initial value.
 * The accepted outcomes are exactly the orders in which the four operations can be linearized.
 *
 * <p>What it cannot catch: each actor writes once and a wide value has two buffers, so no read overlaps two
 * publications, and a reader that skips the version re-check after its copy passes here.
 * {@link WideBytesNoTearingUnderRepeatedWrites} catches that reader.
 */
@JCStressTest
@Outcome(id = "1, 1, 2", expect = ACCEPTABLE, desc = "Write 1, both reads (in either order), write 2.")
@Outcome(id = "2, 1, 2", expect = ACCEPTABLE, desc = "Write 1, actor 2's read, write 2, actor 1's read.")
@Outcome(id = "1, 0, 2", expect = ACCEPTABLE, desc = "Actor 2's read, write 1, actor 1's read, write 2.")
@Outcome(id = "2, 0, 2", expect = ACCEPTABLE, desc = "Actor 2's read, write 1, write 2, actor 1's read.")
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "Actor 2's read, write 2, write 1, actor 1's read.")
@Outcome(expect = FORBIDDEN, desc = "Other cases are forbidden.")
@State
public class WideBytesNoTearing
{
    private static final int CAPACITY = 64;
    private static final byte[] INITIAL = pattern(16, 0x11);
    private static final byte[] PATTERN_1 = pattern(CAPACITY, 0xAA);
    private static final byte[] PATTERN_2 = pattern(40, 0x55);
    /** Values of 448 bytes with their records (64-byte aligned, the default padding). */
    private static final ValuePool<SharedWideBytes> POOL = new ValuePool<>("wide-tearing", ValuePool.DEFAULT_SIZE,
        RegionSpec.defaults().withEntryCapacity(2 * ValuePool.DEFAULT_SIZE).withDataCapacity(512L * ValuePool.DEFAULT_SIZE),
        (region, name) -> region.sharedWideBytes(name, CAPACITY, INITIAL));

    private final long lease = POOL.lease();
    private final SharedWideBytes value = POOL.value(lease);

    public WideBytesNoTearing()
    {
        value.set(INITIAL);
    }

    @Actor
    public void actor1(final III_Result r)
    {
        value.set(PATTERN_1);
        r.r1 = code(value.get());
    }

    @Actor
    public void actor2(final III_Result r)
    {
        r.r2 = code(value.get());
        value.set(PATTERN_2);
    }

    @Arbiter
    public void arbiter(final III_Result r)
    {
        r.r3 = code(value.get());
        POOL.checkLease(lease);
    }

    private static int code(final byte[] bytes)
    {
        if (Arrays.equals(bytes, INITIAL))
        {
            return 0;
        }
        if (Arrays.equals(bytes, PATTERN_1))
        {
            return 1;
        }
        return Arrays.equals(bytes, PATTERN_2) ? 2 : -1;
    }

    private static byte[] pattern(final int length, final int fill)
    {
        final byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte)fill);
        return bytes;
    }
}
