package io.sharedatomic.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Child of {@code WordsTest}: maps a file read-only and runs every {@link Words} operation whose result equals the
 * old value on a word of it. Writing to a read-only mapping crashes the JVM, so exiting with 0 proves that each of
 * them skipped its CAS. With the argument {@code control} it instead makes one change, which must crash: the proof
 * that this child would see a write.
 */
public final class WordsReadOnlyChildMain
{
    private static final long VALUE = 0x0123_4567_89AB_CDEFL;
    private static final long MASK = 0xFFFFL;

    /**
     * One call that leaves its word as it is.
     *
     * @param name     what it is.
     * @param initial  the word before (and after) it.
     * @param call     the call, on the word's address.
     * @param returned what it must return.
     */
    record Unchanged(String name, long initial, AddressCall call, long returned)
    {
    }

    /** A call on one word's address. */
    @FunctionalInterface
    interface AddressCall
    {
        long apply(long address);
    }

    /** Every operation whose result is the old value, each with a non-zero operand where one exists. */
    static final List<Unchanged> CASES = List.of(
        new Unchanged("getAndAnd with a superset", VALUE, a -> Words.getAndAnd(a, VALUE | 0xF000_0000_0000_0000L), VALUE),
        new Unchanged("getAndOr with a subset", VALUE, a -> Words.getAndOr(a, VALUE & 0x00FF_00FF_00FF_00FFL), VALUE),
        new Unchanged("getAndXor with 0", VALUE, a -> Words.getAndXor(a, 0), VALUE),
        new Unchanged("getAndNand of ones with 0", -1L, a -> Words.getAndNand(a, 0), -1L),
        new Unchanged("getAndUpdate with the identity", VALUE, a -> Words.getAndUpdate(a, v -> v), VALUE),
        new Unchanged("updateAndGet with the identity", VALUE, a -> Words.updateAndGet(a, v -> v | (v & 0xFF)), VALUE),
        new Unchanged("getAndAccumulate returning the value", VALUE, a -> Words.getAndAccumulate(a, 77, (v, x) -> v), VALUE),
        new Unchanged("accumulateAndGet returning the value", VALUE, a -> Words.accumulateAndGet(a, 77, (v, x) -> v & (v | x)), VALUE),
        new Unchanged("getAndAddMasked of a multiple of the width", VALUE, a -> Words.getAndAddMasked(a, 0x3_0000L, MASK), VALUE & MASK),
        new Unchanged("getAndAndMasked with ones in the mask", VALUE, a -> Words.getAndAndMasked(a, MASK | 0x1234_0000L, MASK),
            VALUE & MASK),
        new Unchanged("getAndOrMasked with a subset in the mask", VALUE,
            a -> Words.getAndOrMasked(a, 0xFFFF_0000_0000_0000L | (VALUE & 0xFF), MASK), VALUE & MASK),
        new Unchanged("getAndXorMasked with bits outside the mask only", VALUE, a -> Words.getAndXorMasked(a, ~MASK, MASK), VALUE & MASK),
        new Unchanged("getAndNandMasked of ones in the mask, zeros of the operand there", VALUE | MASK,
            a -> Words.getAndNandMasked(a, 0xFFFF_0000L, MASK), MASK));

    private WordsReadOnlyChildMain()
    {
    }

    /**
     * @param args the file (at least a page, with {@link #CASES}' initial words in its first words), and optionally
     *             {@code control}.
     * @throws IOException if the file cannot be mapped.
     */
    public static void main(final String[] args) throws IOException
    {
        try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.READ))
        {
            final long base = NativeMemory.map(channel, NativeMemory.pageSize(), true);
            if (args.length > 1 && args[1].equals("control"))
            {
                System.out.println("writing");
                Words.getAndOr(base + 8L * CASES.size(), 1);
                System.out.println("wrote");
                return;
            }
            for (int i = 0; i < CASES.size(); i++)
            {
                final Unchanged unchanged = CASES.get(i);
                final long returned = unchanged.call().apply(base + 8L * i);
                if (returned != unchanged.returned())
                {
                    System.out.println(unchanged.name() + " returned 0x" + Long.toHexString(returned) + ", not 0x" +
                        Long.toHexString(unchanged.returned()));
                    System.exit(1);
                }
            }
            System.out.println("ok " + CASES.size());
        }
    }
}
