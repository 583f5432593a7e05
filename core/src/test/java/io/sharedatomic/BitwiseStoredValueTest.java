package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongBinaryOperator;

import org.junit.jupiter.api.Test;

/**
 * Every bitwise operation, in both orders ({@code getAndX} and {@code xAndGet}), on non-zero values and operands,
 * returns the right value AND stores the right value, for every type that has them: {@link SharedLong},
 * {@link SharedULong}, one-word {@link SharedBytes} of each width (the result wraps at the width), and
 * {@link SharedLongArray}. The original's test cases apply NAND to 0 only, and a return value derived from the old
 * value cannot show a wrong store: an implementation storing {@code ~current | operand} for NAND passed them all.
 */
class BitwiseStoredValueTest
{
    private static final LongBinaryOperator AND = (value, operand) -> value & operand;
    private static final LongBinaryOperator OR = (value, operand) -> value | operand;
    private static final LongBinaryOperator XOR = (value, operand) -> value ^ operand;
    private static final LongBinaryOperator NAND = (value, operand) -> ~(value & operand);

    /** Non-zero pairs: edge patterns, then seeded random ones. */
    private static List<long[]> pairs()
    {
        final long[] edges = {-1L, 1L, Long.MIN_VALUE, Long.MAX_VALUE, 0x5555_5555_5555_5555L, 0xAAAA_AAAA_AAAA_AAAAL,
            0x0123_4567_89AB_CDEFL, 0xFF00_FF00_FF00_FF00L, 0x8000_0000_0000_0001L};
        final List<long[]> pairs = new ArrayList<>();
        for (final long value : edges)
        {
            for (final long operand : edges)
            {
                pairs.add(new long[]{value, operand});
            }
        }
        final SplittableRandom random = new SplittableRandom(20261201);
        for (int i = 0; i < 200; i++)
        {
            pairs.add(new long[]{random.nextLong() | 1, random.nextLong() | 2});
        }
        return pairs;
    }

    @Test
    void shouldStoreWhatEveryBitwiseOperationOfALongComputes()
    {
        try (SharedRegion region = SharedRegion.inMemory())
        {
            for (final AbstractSharedLong<?> value : List.of(region.sharedLong("signed"), region.sharedULong("unsigned")))
            {
                for (final long[] pair : pairs())
                {
                    final long v = pair[0];
                    final long n = pair[1];
                    final String where = value.name() + " value 0x" + Long.toHexString(v) + " operand 0x" + Long.toHexString(n);
                    check(where + " getAndAnd", v, AND.applyAsLong(v, n), () -> value.set(v), () -> value.getAndAnd(n), value::get, v);
                    check(where + " andAndGet", v, AND.applyAsLong(v, n), () -> value.set(v), () -> value.andAndGet(n), value::get,
                        AND.applyAsLong(v, n));
                    check(where + " getAndOr", v, OR.applyAsLong(v, n), () -> value.set(v), () -> value.getAndOr(n), value::get, v);
                    check(where + " orAndGet", v, OR.applyAsLong(v, n), () -> value.set(v), () -> value.orAndGet(n), value::get,
                        OR.applyAsLong(v, n));
                    check(where + " getAndXor", v, XOR.applyAsLong(v, n), () -> value.set(v), () -> value.getAndXor(n), value::get, v);
                    check(where + " xorAndGet", v, XOR.applyAsLong(v, n), () -> value.set(v), () -> value.xorAndGet(n), value::get,
                        XOR.applyAsLong(v, n));
                    check(where + " getAndNand", v, NAND.applyAsLong(v, n), () -> value.set(v), () -> value.getAndNand(n), value::get, v);
                    check(where + " nandAndGet", v, NAND.applyAsLong(v, n), () -> value.set(v), () -> value.nandAndGet(n), value::get,
                        NAND.applyAsLong(v, n));
                }
            }
        }
    }

    @Test
    void shouldStoreWhatEveryBitwiseOperationOfOneWordBytesComputesAtItsWidth()
    {
        try (SharedRegion region = SharedRegion.inMemory())
        {
            for (final int width : new int[]{1, 2, 4, 8})
            {
                final SharedBytes value = region.sharedBytes("bytes" + width, new byte[width]);
                final long mask = width == Long.BYTES ? -1L : (1L << (8 * width)) - 1;
                for (final long[] pair : pairs())
                {
                    final long v = pair[0] & mask | 1;
                    final long n = pair[1] & mask | 2;
                    final String where = "width " + width + " value 0x" + Long.toHexString(v) + " operand 0x" + Long.toHexString(n);
                    final Runnable reset = () -> value.set(bigEndian(v, width));
                    for (final Object[] op : new Object[][]{{"And", AND}, {"Or", OR}, {"Xor", XOR}, {"Nand", NAND}})
                    {
                        final LongBinaryOperator f = (LongBinaryOperator)op[1];
                        final long expected = f.applyAsLong(v, n) & mask;
                        check(where + " getAnd" + op[0], v, expected, reset, () -> bytesOp(value, (String)op[0], n, false),
                            value::getAsLong, v);
                        check(where + " " + op[0] + "AndGet", v, expected, reset, () -> bytesOp(value, (String)op[0], n, true),
                            value::getAsLong, expected);
                    }
                }
            }
        }
    }

    @Test
    void shouldStoreWhatEveryBitwiseOperationOfALongArrayWordComputes()
    {
        try (SharedRegion region = SharedRegion.inMemory())
        {
            final SharedLongArray array = region.sharedLongArray("words", 3);
            for (final long[] pair : pairs())
            {
                final long v = pair[0];
                final long n = pair[1];
                final String where = "array word 1 value 0x" + Long.toHexString(v) + " operand 0x" + Long.toHexString(n);
                check(where + " getAndAnd", v, AND.applyAsLong(v, n), () -> array.set(1, v), () -> array.getAndAnd(1, n), () -> array.get(1), v);
                check(where + " getAndOr", v, OR.applyAsLong(v, n), () -> array.set(1, v), () -> array.getAndOr(1, n), () -> array.get(1), v);
                check(where + " getAndXor", v, XOR.applyAsLong(v, n), () -> array.set(1, v), () -> array.getAndXor(1, n), () -> array.get(1), v);
                assertEquals(0, array.get(0) | array.get(2), where + ": the neighbouring words are untouched");
            }
        }
    }

    private static long bytesOp(final SharedBytes value, final String op, final long operand, final boolean returnNew)
    {
        switch (op)
        {
            case "And":
                return returnNew ? value.andAndGet(operand) : value.getAndAnd(operand);
            case "Or":
                return returnNew ? value.orAndGet(operand) : value.getAndOr(operand);
            case "Xor":
                return returnNew ? value.xorAndGet(operand) : value.getAndXor(operand);
            default:
                return returnNew ? value.nandAndGet(operand) : value.getAndNand(operand);
        }
    }

    private static byte[] bigEndian(final long value, final int width)
    {
        return Arrays.copyOfRange(ByteBuffer.allocate(Long.BYTES).putLong(value).array(), Long.BYTES - width, Long.BYTES);
    }

    /** A long-valued operation of a handle. */
    @FunctionalInterface
    private interface LongCall
    {
        long call();
    }

    private static void check(final String where, final long before, final long expectedStored, final Runnable reset,
        final LongCall operation, final LongCall read, final long expectedReturn)
    {
        reset.run();
        assertEquals(before, read.call(), where + ": the value was set");
        assertEquals(expectedReturn, operation.call(), where + ": returned");
        assertEquals(expectedStored, read.call(), where + ": stored");
    }
}
