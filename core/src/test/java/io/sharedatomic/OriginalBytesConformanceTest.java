package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;

import io.sharedatomic.testkit.RegionKind;
import io.sharedatomic.testkit.Tasks;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The original's test_atomic_array.py (SEED-SPEC 4.4) and the atomic_bytearray rules of SEED-SPEC 1.7 as conformance
 * vectors, then wide byte values, which the original lacks. Every case runs over both region kinds, which stand in for
 * the original's {@code change_mode} between {@code 's'} (process memory) and {@code 'm'} (a shared mapping). The
 * original's {@code resize} replaced the storage in place; ours creates a new value, so each resize is checked to
 * leave the old value unchanged.
 */
class OriginalBytesConformanceTest
{
    private static final byte[] ZERO = {0};
    private static final int TASKS = 10_000;
    private static final int THREADS = 8;
    /** The original's inlist: 1, 2^8+1, 2^24+1 and 2^56+1 at widths 1, 2, 4 and 8. */
    private static final String[] IN = {"01", "0101", "01000001", "0100000000000001"};
    /** The original's exlist: all ones at widths 1, 2, 4 and 8. */
    private static final String[] EX = {"ff", "ffff", "ffffffff", "ffffffffffffffff"};
    /** SEED-SPEC 4.4, fixed operands and 0x55, or 0x21, xor 0x0F, nand 0x33: new values of sub, add, and, or, xor, nand. */
    private static final String[][] FIXED_RESULTS = {
        {"9b", "ff", "55", "75", "7a", "cd"},
        {"ff9b", "ffff", "0055", "0075", "007a", "ffcd"},
        {"ffffff9b", "ffffffff", "00000055", "00000075", "0000007a", "ffffffcd"},
        {"ffffffffffffff9b", "ffffffffffffffff", "0000000000000055", "0000000000000075", "000000000000007a", "ffffffffffffffcd"},
    };
    private static final int[] FIXED_OPERANDS = {0x55, 0x21, 0x0F, 0x33};

    @TempDir
    Path tempDir;

    private static byte[] hex(final String hex)
    {
        return HexFormat.of().parseHex(hex);
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void assertHex(final String expected, final byte[] actual)
    {
        assertEquals(expected, HexFormat.of().formatHex(actual));
    }

    /** The original's trimmed rendering, computed here without the library: leading zero bytes dropped. */
    private static String trimHex(final String hex)
    {
        String trimmed = hex;
        while (trimmed.startsWith("00"))
        {
            trimmed = trimmed.substring(2);
        }
        return trimmed;
    }

    private static byte[] pattern(final int length, final int seed)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(seed + 31 * i);
        }
        return bytes;
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldPassTestInit(final RegionKind kind)
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final SharedBytes plain = region.sharedBytes("plain", ascii("ab"));
            assertArrayEquals(ascii("ab"), plain.getBytes(true));
            assertEquals(2, plain.capacity());

            final byte[] paddedLeft = Shaping.shape(ascii("ab"), 7, Side.LEFT, ascii("012"), Side.RIGHT);
            assertArrayEquals(ascii("01201ab"), paddedLeft);
            final SharedBytes left = region.sharedBytes("left", paddedLeft);
            assertArrayEquals(ascii("01201ab"), left.getBytes(true));
            assertHex("0030313230316162", left.get());
            assertEquals(8, left.capacity());

            final byte[] paddedRight = Shaping.shape(ascii("ab"), 7, Side.RIGHT, ascii("012"), Side.RIGHT);
            assertArrayEquals(ascii("ab01201"), paddedRight);

            final SharedBytes zeros = region.sharedBytes("zeros", Shaping.shape(ascii("ab"), 7, Side.RIGHT, ZERO, Side.RIGHT));
            assertArrayEquals(ascii("ab\0\0\0\0\0"), zeros.getBytes(true));
            assertHex("0061620000000000", zeros.get());

            final SharedBytes trimmedLeft = region.sharedBytes("trimmedLeft",
                Shaping.shape(ascii("ab1234567"), 7, Side.RIGHT, ZERO, Side.LEFT));
            assertArrayEquals(ascii("1234567"), trimmedLeft.getBytes(true));

            final SharedBytes trimmedRight = region.sharedBytes("trimmedRight",
                Shaping.shape(ascii("ab1234567"), 7, Side.RIGHT, ZERO, Side.RIGHT));
            assertArrayEquals(ascii("ab12345"), trimmedRight.getBytes(true));
            assertHex("0061623132333435", trimmedRight.get());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldShapeAsTheOriginalConstructor(final RegionKind kind)
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            assertArrayEquals(ascii("ab"), Shaping.shape(ascii("ab"), 2, Side.LEFT, new byte[0], Side.LEFT));
            assertArrayEquals(ascii("ab12345"), Shaping.shape(ascii("ab1234567"), 7, Side.RIGHT, new byte[0], Side.RIGHT));
            assertArrayEquals(ascii("xyxab"), Shaping.shape(ascii("ab"), 5, Side.LEFT, ascii("xy"), Side.RIGHT));

            final SharedBytes empty = region.sharedBytes("empty", Shaping.shape(ascii("abc"), 0, Side.RIGHT, ZERO, Side.RIGHT));
            assertEquals(4, empty.capacity());
            assertHex("00000000", empty.get());
            assertArrayEquals(new byte[0], empty.getBytes(true));
            assertEquals(0L, empty.getAsLong());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldUseTheOriginalSizeWidthsAndBigEndianWords(final RegionKind kind)
    {
        final int[] widths = {4, 1, 2, 4, 4, 8, 8, 8, 8};
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            for (int length = 0; length <= 8; length++)
            {
                final byte[] data = pattern(length, 0x41);
                final SharedBytes value = region.sharedBytes("length" + length, data);
                assertEquals(widths[length], value.capacity(), "length " + length);
                assertEquals(ValueType.BYTES, region.entry("length" + length).orElseThrow().type(), "length " + length);
                final byte[] full = new byte[widths[length]];
                System.arraycopy(data, 0, full, full.length - length, length);
                assertArrayEquals(full, value.get(), "length " + length);
                assertArrayEquals(data, value.getBytes(true), "length " + length);
                assertArrayEquals(full, value.getBytes(false), "length " + length);
                final byte[] eight = new byte[Long.BYTES];
                System.arraycopy(data, 0, eight, Long.BYTES - length, length);
                assertEquals(ByteBuffer.wrap(eight).getLong(), value.getAsLong(), "length " + length);
            }

            // get_bytes(trim=True) strips genuine leading zeros, keeps trailing ones; value keeps the full width
            final SharedBytes leading = region.sharedBytes("leading", hex("000061"));
            assertHex("00000061", leading.get());
            assertHex("61", leading.getBytes(true));
            final SharedBytes trailing = region.sharedBytes("trailing", hex("610000"));
            assertHex("00610000", trailing.get());
            assertHex("610000", trailing.getBytes(true));

            // the value 0 reads as b'' when trimmed; a short set keeps the width and right-aligns
            final SharedBytes word = region.sharedBytes("word", ascii("abcdefgh"));
            word.set(new byte[0]);
            assertHex("0000000000000000", word.get());
            assertArrayEquals(new byte[0], word.getBytes(true));
            word.set(ascii("z"));
            assertHex("000000000000007a", word.get());
            assertEquals(8, word.capacity());

            // extra leading zero bytes beyond the width are fine (SEED-SPEC 1.7: b'\x00\x00\x01' into a 2-byte word)
            final SharedBytes two = region.sharedBytes("two", ascii("ab"));
            assertHex("6162", two.getAndSet(hex("000001")));
            assertHex("0001", two.get());
            final byte[] into = new byte[5];
            assertEquals(2, two.get(into));
            assertHex("0001000000", into);
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldPassTestResizeOnTheFullWordAndKeepTheOldValue(final RegionKind kind)
    {
        final String word = "0061623132333435";
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final SharedBytes a = region.sharedBytes("a", Shaping.shape(ascii("ab1234567"), 7, Side.RIGHT, ZERO, Side.RIGHT));
            assertHex(word, a.get());

            // the original's five resizes, chained on one object as it did
            final SharedBytes r1 = assertInstanceOf(SharedBytes.class, a.resize("r1", 8, Side.RIGHT, ZERO, Side.RIGHT));
            final SharedBytes r2 = assertInstanceOf(SharedBytes.class, r1.resize("r2", 7, Side.RIGHT, ZERO, Side.LEFT));
            final SharedBytes r3 = assertInstanceOf(SharedBytes.class, r2.resize("r3", 8, Side.LEFT, ascii("a"), Side.RIGHT));
            final SharedBytes r4 = assertInstanceOf(SharedBytes.class, r3.resize("r4", 7, Side.RIGHT, ZERO, Side.LEFT));
            final SharedBytes r5 = assertInstanceOf(SharedBytes.class, r4.resize("r5", 8, Side.RIGHT, ascii("a"), Side.RIGHT));
            // and each applied to the original value
            final SharedBytes s1 = assertInstanceOf(SharedBytes.class, a.resize("s1", 8, Side.RIGHT, ZERO, Side.RIGHT));
            final SharedBytes s2 = assertInstanceOf(SharedBytes.class, a.resize("s2", 7, Side.RIGHT, ZERO, Side.LEFT));
            final SharedBytes s3 = assertInstanceOf(SharedBytes.class, a.resize("s3", 8, Side.LEFT, ascii("a"), Side.RIGHT));
            final SharedBytes s4 = assertInstanceOf(SharedBytes.class, a.resize("s4", 7, Side.RIGHT, ZERO, Side.LEFT));
            final SharedBytes s5 = assertInstanceOf(SharedBytes.class, a.resize("s5", 8, Side.RIGHT, ascii("a"), Side.RIGHT));

            for (final SharedBytes resized : List.of(r1, r2, r3, r4, r5, s1, s2, s3, s4, s5))
            {
                assertArrayEquals(ascii("ab12345"), resized.getBytes(true), resized.name());
                assertHex(word, resized.get());
                assertEquals(8, resized.capacity(), resized.name());
            }
            assertEquals(11, region.entries().size());

            // each resize is a new value: the old one is unchanged, and independent of it
            assertHex(word, a.get());
            r1.set(ascii("zz"));
            assertHex(word, a.get());
            assertHex(word, r2.get());
            assertHex("0000000000007a7a", r1.get());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldResizeTheZeroPaddedWordAsSeedSpecOneSeven(final RegionKind kind)
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final SharedBytes abc = region.sharedBytes("abc", ascii("abc"));
            assertHex("00616263", abc.get());

            final SharedBytes two = assertInstanceOf(SharedBytes.class, abc.resize("two", 2, Side.RIGHT, ZERO, Side.RIGHT));
            assertEquals(2, two.capacity());
            assertHex("0061", two.get());
            assertArrayEquals(ascii("a"), two.getBytes(true));

            final SharedBytes twoLeft = assertInstanceOf(SharedBytes.class, abc.resize("twoLeft", 2, Side.RIGHT, ZERO, Side.LEFT));
            assertEquals(2, twoLeft.capacity());
            assertArrayEquals(ascii("bc"), twoLeft.getBytes(true));

            final SharedBytes six = assertInstanceOf(SharedBytes.class, abc.resize("six", 6, Side.LEFT, ascii("x"), Side.RIGHT));
            assertEquals(8, six.capacity());
            assertArrayEquals(ascii("xx\0abc"), six.getBytes(true));
            assertHex("0000787800616263", six.get());

            assertHex("00616263", abc.get());
            assertEquals(4, abc.capacity());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldPassTestBytes(final RegionKind kind)
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final SharedBytes a = region.sharedBytes("a", Shaping.shape(ascii("ab"), 7, Side.RIGHT, ascii("012"), Side.RIGHT));
            assertArrayEquals(ascii("ab01201"), a.getBytes(true));
            a.set(ascii("abc"));
            assertArrayEquals(ascii("abc"), a.getBytes(true));
            assertHex("0000000000616263", a.get());

            final SharedBytes aa = region.sharedBytes("aa", Shaping.shape(ascii("aa"), 7, Side.RIGHT, ascii("012"), Side.RIGHT));
            final SharedBytes bb = region.sharedBytes("bb", Shaping.shape(ascii("bb"), 7, Side.RIGHT, ascii("012"), Side.RIGHT));

            assertFalse(aa.compareAndSet(bb, ascii("ab")));
            assertArrayEquals(aa.getBytes(true), bb.getBytes(true));
            assertArrayEquals(ascii("aa01201"), bb.getBytes(true));
            assertArrayEquals(ascii("aa01201"), aa.getBytes(true));

            assertTrue(aa.compareAndSet(bb, ascii("ab")));
            assertArrayEquals(ascii("ab"), aa.getBytes(true));
            assertArrayEquals(ascii("aa01201"), bb.getBytes(true));

            final byte[] previous = aa.getAndAnd(hex("ff01"));
            assertHex("0000000000006162", previous);
            assertArrayEquals(ascii("ab"), Shaping.trimLeadingZeros(previous));
            assertArrayEquals(new byte[] {'a', 0}, aa.getBytes(true));
            assertEquals(0x6100L, aa.getAsLong());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldPassTestValueBytearrayWithTheFixedOperands(final RegionKind kind)
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            for (int i = 0; i < 4; i++)
            {
                assertValueBytearray(region, i, FIXED_OPERANDS, FIXED_RESULTS[i]);
                assertValueLongOperations(region, i, FIXED_OPERANDS, FIXED_RESULTS[i]);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldPassTestValueBytearrayWithSeededRandomOperands(final RegionKind kind)
    {
        final Random random = new Random(42);
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            for (int i = 0; i < 4; i++)
            {
                // the original draws and, or, xor, nand for each width in turn, each in 0..127
                final int[] operands = {random.nextInt(128), random.nextInt(128), random.nextInt(128), random.nextInt(128)};
                final String[] expected = expectedResults(1 << i, operands);
                assertValueBytearray(region, i, operands, expected);
                assertValueLongOperations(region, i, operands, expected);
            }
        }
    }

    /**
     * The new values of sub 100, add 100, and, or, xor and nand starting from all ones, computed with plain long
     * arithmetic masked to the width and rendered at the full width.
     */
    private static String[] expectedResults(final int width, final int[] operands)
    {
        final long mask = width == Long.BYTES ? -1L : (1L << (Byte.SIZE * width)) - 1;
        final long ones = mask;
        final long sub = (ones - 100) & mask;
        final long add = (sub + 100) & mask;
        final long and = add & operands[0];
        final long or = and | operands[1];
        final long xor = or ^ operands[2];
        final long nand = ~(xor & operands[3]) & mask;
        final String format = "%0" + (2 * width) + "x";
        final String[] results = new String[6];
        final long[] values = {sub, add, and, or, xor, nand};
        for (int k = 0; k < values.length; k++)
        {
            results[k] = String.format(format, values[k]);
        }
        return results;
    }

    /**
     * SEED-SPEC 4.4 test_value_bytearray at width {@code 1 << i}: store, get-and-set, compare-and-set, shift, then the
     * *AndGet family and the getAnd* family through the byte[] operand forms.
     */
    private static void assertValueBytearray(final SharedRegion region, final int i, final int[] operands, final String[] expected)
    {
        final int width = 1 << i;
        final byte[] in = hex(IN[i]);
        final byte[] ex = hex(EX[i]);
        final byte[] hundred = new byte[width];
        hundred[width - 1] = 100;
        final byte[] and = {(byte)operands[0]};
        final byte[] or = {(byte)operands[1]};
        final byte[] xor = {(byte)operands[2]};
        final byte[] nand = {(byte)operands[3]};

        final byte[] initial = new byte[width];
        Arrays.fill(initial, (byte)'a');
        final SharedBytes a = region.sharedBytes("a" + i, initial);
        assertEquals(width, a.capacity());

        a.store(region.sharedBytes("in" + i, in));
        assertArrayEquals(in, a.getBytes(true));
        assertArrayEquals(in, a.getAndSet(ex));
        assertArrayEquals(ex, a.getBytes(true));
        assertTrue(a.compareAndSet(region.sharedBytes("cas" + i, ex), in));
        assertArrayEquals(in, a.getBytes(true));

        final SharedBytes c1 = region.sharedBytes("c1-" + i, in);
        final SharedBytes c2 = region.sharedBytes("c2-" + i, ex);
        a.shift(c2, c1);
        assertArrayEquals(c2.getBytes(true), a.getBytes(true));
        assertArrayEquals(ex, a.getBytes(true));
        assertArrayEquals(in, c1.getBytes(true));
        assertArrayEquals(ex, c2.getBytes(true));

        assertNewValue(expected[0], a.subtractAndGet(hundred), a);
        assertNewValue(expected[1], a.addAndGet(hundred), a);
        assertNewValue(expected[2], a.andAndGet(and), a);
        assertNewValue(expected[3], a.orAndGet(or), a);
        assertNewValue(expected[4], a.xorAndGet(xor), a);
        assertNewValue(expected[5], a.nandAndGet(nand), a);

        a.store(region.sharedBytes("ex" + i, ex));
        assertHex(EX[i], a.get());
        assertHex(EX[i], a.getAndSubtract(hundred));
        assertHex(expected[0], a.get());
        assertHex(expected[0], a.getAndAdd(hundred));
        assertHex(expected[1], a.get());
        assertHex(expected[1], a.getAndAnd(and));
        assertHex(expected[2], a.get());
        assertHex(expected[2], a.getAndOr(or));
        assertHex(expected[3], a.get());
        assertHex(expected[3], a.getAndXor(xor));
        assertHex(expected[4], a.get());
        assertHex(expected[4], a.getAndNand(nand));
        assertHex(expected[5], a.get());
        assertEquals(trimHex(expected[5]), HexFormat.of().formatHex(a.getBytes(true)));
    }

    private static void assertNewValue(final String expected, final byte[] returned, final SharedBytes value)
    {
        assertHex(expected, returned);
        assertHex(expected, value.get());
        assertEquals(trimHex(expected), HexFormat.of().formatHex(value.getBytes(true)));
        assertArrayEquals(value.getBytes(true), Shaping.trimLeadingZeros(returned));
    }

    /**
     * The same two families through the long operand forms, on a value of its own.
     */
    private static void assertValueLongOperations(final SharedRegion region, final int i, final int[] operands, final String[] expected)
    {
        final long[] results = new long[expected.length];
        for (int k = 0; k < expected.length; k++)
        {
            results[k] = Long.parseUnsignedLong(expected[k], 16);
        }
        final long ones = Long.parseUnsignedLong(EX[i], 16);
        final SharedBytes a = region.sharedBytes("long" + i, hex(EX[i]));
        assertEquals(ones, a.getAsLong());

        assertEquals(results[0], a.subtractAndGet(100L));
        assertEquals(results[1], a.addAndGet(100L));
        assertEquals(results[2], a.andAndGet(operands[0]));
        assertEquals(results[3], a.orAndGet(operands[1]));
        assertEquals(results[4], a.xorAndGet(operands[2]));
        assertEquals(results[5], a.nandAndGet(operands[3]));
        assertEquals(results[5], a.getAsLong());
        assertHex(expected[5], a.get());

        a.set(hex(EX[i]));
        assertEquals(ones, a.getAndSubtract(100L));
        assertEquals(results[0], a.getAndAdd(100L));
        assertEquals(results[1], a.getAndAnd(operands[0]));
        assertEquals(results[2], a.getAndOr(operands[1]));
        assertEquals(results[3], a.getAndXor(operands[2]));
        assertEquals(results[4], a.getAndNand(operands[3]));
        assertEquals(results[5], a.getAsLong());
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldPassTestThreadAtomicWithTenThousandSubtractions(final RegionKind kind) throws Exception
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final SharedBytes a = region.sharedBytes("a", Shaping.shape(ascii("ab"), 7, Side.RIGHT, ascii("012"), Side.RIGHT));
            assertEquals(27411031864258609L, a.getAsLong());
            assertHex("0061623031323031", a.get());

            final List<byte[]> results = Tasks.call(TASKS, THREADS, i -> a.subtractAndGet(new byte[] {0x0F}));

            assertArrayEquals(ByteBuffer.allocate(Long.BYTES).putLong(27411031864108609L).array(), a.get());
            assertHex("00616230312fe641", a.get());
            assertArrayEquals(ascii("\0ab01/\u00e6A"), a.get());
            assertEquals(27411031864108609L, a.getAsLong());

            // every task saw a distinct new value: exactly the initial value minus 15, 30, ..., 150 000
            final Set<Long> seen = new HashSet<>();
            for (final byte[] result : results)
            {
                assertEquals(Long.BYTES, result.length);
                seen.add(ByteBuffer.wrap(result).getLong());
            }
            final Set<Long> expected = new HashSet<>();
            for (int k = 1; k <= TASKS; k++)
            {
                expected.add(27411031864258609L - 15L * k);
            }
            assertEquals(expected, seen);
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldRoundTripWideBytesOfEveryLength(final RegionKind kind)
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final byte[] initial = pattern(100, 7);
            final SharedWideBytes w = region.sharedWideBytes("w", 1024, initial);
            assertEquals(ValueType.WIDE_BYTES, region.entry("w").orElseThrow().type());
            assertEquals(1024, w.capacity());
            assertArrayEquals(initial, w.get());
            assertArrayEquals(initial, w.getBytes(false));

            final byte[] into = new byte[1024];
            for (int length = 0; length <= 1024; length++)
            {
                final byte[] value = pattern(length, length);
                w.set(value);
                assertArrayEquals(value, w.get(), "length " + length);
                Arrays.fill(into, (byte)0x5A);
                assertEquals(length, w.get(into), "length " + length);
                assertArrayEquals(value, Arrays.copyOf(into, length), "length " + length);
            }

            // an exactly sized array is enough; get_bytes(trim=True) strips leading zeros as for one-word values
            w.set(hex("0000ab00"));
            final byte[] exact = new byte[4];
            assertEquals(4, w.get(exact));
            assertHex("0000ab00", exact);
            assertHex("ab00", w.getBytes(true));

            // set from part of an array
            w.set(pattern(50, 3), 10, 20);
            assertArrayEquals(Arrays.copyOfRange(pattern(50, 3), 10, 30), w.get());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldExchangeCompareAndUpdateWideBytes(final RegionKind kind)
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final byte[] first = pattern(1024, 1);
            final byte[] second = pattern(17, 2);
            final byte[] third = new byte[0];
            final SharedWideBytes w = region.sharedWideBytes("w", 1024, first);

            assertArrayEquals(first, w.getAndSet(second));
            assertArrayEquals(second, w.get());

            // compare-and-set compares the bytes and their length
            assertFalse(w.compareAndSet(first, third));
            assertFalse(w.compareAndSet(Arrays.copyOf(second, 16), third));
            assertFalse(w.compareAndSet(Arrays.copyOf(second, 18), third));
            assertArrayEquals(second, w.get());
            assertTrue(w.compareAndSet(second.clone(), third));
            assertArrayEquals(third, w.get());
            assertTrue(w.compareAndSet(new byte[0], first));
            assertArrayEquals(first, w.get());

            // compare-and-exchange returns the witness
            assertArrayEquals(first, w.compareAndExchange(second, third));
            assertArrayEquals(first, w.get());
            assertArrayEquals(first, w.compareAndExchange(first.clone(), second));
            assertArrayEquals(second, w.get());

            final byte[] updated = w.updateAndGet(current ->
            {
                final byte[] next = Arrays.copyOf(current, current.length + 3);
                next[current.length] = 'x';
                return next;
            });
            final byte[] expected = Arrays.copyOf(second, 20);
            expected[17] = 'x';
            assertArrayEquals(expected, updated);
            assertArrayEquals(expected, w.get());
            assertArrayEquals(new byte[0], w.updateAndGet(current -> new byte[0]));
            assertEquals(0, w.get().length);
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldCompareAndSetWideBytesWithTheOriginalsWriteBack(final RegionKind kind)
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final byte[] current = pattern(600, 4);
            final byte[] other = pattern(300, 5);
            final byte[] update = pattern(1024, 6);
            final SharedWideBytes w = region.sharedWideBytes("w", 1024, current);
            final SharedWideBytes expected = region.sharedWideBytes("expected", 1024, other);

            assertFalse(w.compareAndSet(expected, update));
            assertArrayEquals(current, expected.get());
            assertArrayEquals(current, w.get());

            assertTrue(w.compareAndSet(expected, update));
            assertArrayEquals(update, w.get());
            assertArrayEquals(current, expected.get());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldStoreAndShiftBetweenWideBytesOfEqualCapacity(final RegionKind kind)
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final byte[] one = pattern(1000, 1);
            final byte[] two = pattern(10, 2);
            final byte[] three = pattern(1024, 3);
            final SharedWideBytes a = region.sharedWideBytes("a", 1024, one);
            final SharedWideBytes b = region.sharedWideBytes("b", 1024, two);
            final SharedWideBytes c = region.sharedWideBytes("c", 1024, three);

            a.store(b);
            assertArrayEquals(two, a.get());
            assertArrayEquals(two, b.get());

            // a takes c's value, b receives a's previous value
            a.set(one);
            a.shift(c, b);
            assertArrayEquals(three, a.get());
            assertArrayEquals(one, b.get());
            assertArrayEquals(three, c.get());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldHoldA64KibWideValue(final RegionKind kind)
    {
        final int capacity = 64 << 10;
        try (SharedRegion region = kind.open(tempDir, RegionSpec.defaults().withDataCapacity(1 << 20), SharedRegion::inMemory,
            SharedRegion::open))
        {
            final byte[] full = pattern(capacity, 9);
            final SharedWideBytes w = region.sharedWideBytes("w", capacity, full);
            assertEquals(capacity, w.capacity());
            assertArrayEquals(full, w.get());
            final byte[] into = new byte[capacity];
            assertEquals(capacity, w.get(into));
            assertArrayEquals(full, into);

            final byte[] half = pattern(capacity / 2, 10);
            assertArrayEquals(full, w.getAndSet(half));
            assertArrayEquals(half, w.get());
            assertTrue(w.compareAndSet(half, full));
            assertArrayEquals(full, w.get());
            assertArrayEquals(full, w.compareAndExchange(half, half));
            assertArrayEquals(full, w.get());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldResizeBeyondEightBytesIntoANewWideValue(final RegionKind kind)
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final SharedBytes a = region.sharedBytes("a", Shaping.shape(ascii("ab1234567"), 7, Side.RIGHT, ZERO, Side.RIGHT));
            final SharedWideBytes grown =
                assertInstanceOf(SharedWideBytes.class, a.resize("grown", 12, Side.RIGHT, ascii("x"), Side.RIGHT));
            assertEquals(ValueType.WIDE_BYTES, region.entry("grown").orElseThrow().type());
            assertEquals(12, grown.capacity());
            assertHex("006162313233343578787878", grown.get());
            assertHex("0061623132333435", a.get());
            assertEquals(ValueType.BYTES, region.entry("a").orElseThrow().type());
        }
    }
}
