package io.sharedatomic.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
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
 * A wide shared value is never seen torn while it is written again and again: a reader that keeps reading while a
 * writer publishes eight values in a row gets, from every read, one whole value, and never an older one than it read
 * before.
 *
 * <p>Why eight writes: a wide value has two buffers, and a writer only ever writes the one that is not published. A
 * read can therefore overlap a write to the buffer it copies only if a second publication happens during the read; a
 * reader that skips the version re-check after its copy (the seqlock's retry) is caught only then. Odd writes are long
 * (about a kilobyte, so a copy takes a while), even writes short (so the writer publishes one quickly and
 * starts rewriting the long value's buffer while a reader may still be copying it). Every value has its own fill byte
 * and its own length, so a copy mixing two values, or one value's length with another's bytes, matches none of them.
 *
 * <p>The reader reads until it sees the last write, so its reads cover the writes, whichever actor jcstress starts
 * first; it alternates {@link SharedWideBytes#get()} and {@link SharedWideBytes#get(byte[])}, which copy in different code.
 *
 * <p>Results are codes: 0 is the initial value, 1 to 8 the writer's values in order, -1 a torn read (bytes or length
 * matching no value). r1 is the reader's first read, r2 its last, or -2 if a read returned an older value than an earlier
 * one; r3 is the final value, read by the arbiter.
 */
@JCStressTest
@Outcome(id = "0, 8, 8", expect = ACCEPTABLE, desc = "The reader started before the writes and read until the last one.")
@Outcome(id = "[1-7], 8, 8", expect = ACCEPTABLE, desc = "The reader started during the writes and read until the last one.")
@Outcome(id = "8, 8, 8", expect = ACCEPTABLE, desc = "The reader started after the last write.")
@Outcome(id = "[0-7], [0-7], 8", expect = ACCEPTABLE_INTERESTING,
    desc = "The reader gave up after a second without the last write (the writer was descheduled); its reads were whole.")
@Outcome(id = "-1, -1, 8", expect = FORBIDDEN, desc = "A read was torn.")
@Outcome(id = "\\d+, -2, 8", expect = FORBIDDEN, desc = "A read returned an older value than an earlier read.")
@Outcome(expect = FORBIDDEN, desc = "Other cases are forbidden.")
@State
public class WideBytesNoTearingUnderRepeatedWrites
{
    private static final int CAPACITY = 1024;
    /** The outcome ids above name the last write: change them with this. */
    private static final int WRITES = 8;
    private static final byte[][] VALUES = values();
    private static final int TORN = -1;
    private static final int OUT_OF_ORDER = -2;
    /** Far longer than a busy machine keeps a descheduled writer waiting, short enough not to hang a fork for long. */
    private static final long GIVE_UP_NANOS = 1_000_000_000L;
    /** A wide value takes a 128-byte header and two buffers of 8 + capacity bytes rounded up to 64; its record 128 more. */
    private static final long BYTES_PER_VALUE = 128 + 2 * (CAPACITY + 64) + 128;
    private static final ValuePool<SharedWideBytes> POOL = new ValuePool<>("wide-repeated", ValuePool.DEFAULT_SIZE,
        RegionSpec.defaults().withEntryCapacity(2 * ValuePool.DEFAULT_SIZE).withDataCapacity(BYTES_PER_VALUE * ValuePool.DEFAULT_SIZE),
        (region, name) -> region.sharedWideBytes(name, CAPACITY, VALUES[0]));
    /** The reader's array for get(byte[]): one per thread, because jcstress keeps some 20,000 states alive at once. */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[CAPACITY]);

    private final long lease = POOL.lease();
    private final SharedWideBytes value = POOL.value(lease);

    public WideBytesNoTearingUnderRepeatedWrites()
    {
        value.set(VALUES[0]);
    }

    @Actor
    public void writer()
    {
        for (int i = 1; i <= WRITES; i++)
        {
            value.set(VALUES[i]);
        }
    }

    @Actor
    public void reader(final III_Result r)
    {
        final byte[] scratch = SCRATCH.get();
        final long start = System.nanoTime();
        int first = -1;
        int last = -1;
        for (int i = 0; last != WRITES; i++)
        {
            // One clock read per 1,024 reads costs little; giving up keeps a stopped writer from hanging the fork.
            if ((i & 1023) == 1023 && System.nanoTime() - start > GIVE_UP_NANOS)
            {
                break;
            }
            final int code;
            if ((i & 1) == 0)
            {
                final byte[] bytes = value.get();
                code = code(bytes, bytes.length);
            }
            else
            {
                code = code(scratch, value.get(scratch));
            }
            if (code == TORN)
            {
                r.r1 = TORN;
                r.r2 = TORN;
                return;
            }
            if (code < last)
            {
                r.r1 = first;
                r.r2 = OUT_OF_ORDER;
                return;
            }
            if (i == 0)
            {
                first = code;
            }
            last = code;
        }
        r.r1 = first;
        r.r2 = last;
    }

    @Arbiter
    public void arbiter(final III_Result r)
    {
        final byte[] bytes = value.get();
        r.r3 = code(bytes, bytes.length);
        POOL.checkLease(lease);
    }

    /**
     * @return the index of the value held by the first {@code length} bytes, or {@link #TORN}.
     */
    private static int code(final byte[] bytes, final int length)
    {
        // The fill byte names the only value these bytes can be; it must then match in length and every byte.
        final int index = length == 0 ? TORN : bytes[0] - 1;
        if (index < 0 || index > WRITES)
        {
            return TORN;
        }
        final byte[] expected = VALUES[index];
        return Arrays.equals(bytes, 0, length, expected, 0, expected.length) ? index : TORN;
    }

    /**
     * @return the initial value and the writes: value i is filled with i + 1; odd ones are long, even ones short, and
     *     no two have the same length.
     */
    private static byte[][] values()
    {
        final byte[][] values = new byte[WRITES + 1][];
        for (int i = 0; i <= WRITES; i++)
        {
            values[i] = new byte[(i & 1) == 1 ? CAPACITY - 8 * i : 16 + 8 * i];
            Arrays.fill(values[i], (byte)(i + 1));
        }
        return values;
    }
}
