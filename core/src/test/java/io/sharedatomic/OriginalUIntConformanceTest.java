package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;

import io.sharedatomic.testkit.RegionKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The original's test_atomic_uint.py (SEED-SPEC 4.2) as conformance vectors: test_uinit and test_uint steps 1 to 7.
 * The original's free functions (step 7) are run through a second handle on the same memory, attached through a second
 * {@link SharedRegion#attach(Path)} of the same file. Values are compared as unsigned decimal strings.
 */
class OriginalUIntConformanceTest
{
    private static final long MAX = Long.parseUnsignedLong("18446744073709551615");
    private static final long MAX_MINUS_1 = Long.parseUnsignedLong("18446744073709551614");
    private static final long MAX_MINUS_3 = Long.parseUnsignedLong("18446744073709551612");
    private static final long MAX_MINUS_4 = Long.parseUnsignedLong("18446744073709551611");

    @TempDir
    Path tempDir;

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldRoundTripExtremeInitialValues(final RegionKind kind)
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final SharedULong maxFromBits = region.sharedULong("max-bits", MAX);
            final SharedULong maxFromBigInteger = region.sharedULong("max-big", BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
            final SharedULong maxFromString = region.sharedULong("max-string", "18446744073709551615");
            final SharedULong zero = region.sharedULong("zero", 0L);
            final SharedULong zeroFromString = region.sharedULong("zero-string", "0");

            for (final SharedULong max : new SharedULong[]{maxFromBits, maxFromBigInteger, maxFromString})
            {
                assertEquals("18446744073709551615", Long.toUnsignedString(max.get()));
                assertEquals(new BigInteger("18446744073709551615"), max.getAsBigInteger());
                assertEquals("18446744073709551615", max.toString());
                assertEquals(0xFFFF_FFFF_FFFF_FFFFL, max.get());
            }
            assertEquals(0L, zero.get());
            assertEquals("0", Long.toUnsignedString(zero.get()));
            assertEquals(BigInteger.ZERO, zero.getAsBigInteger());
            assertEquals(0L, zeroFromString.get());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldRejectOutOfRangeInitialValuesAndCreateNothing(final RegionKind kind)
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            assertThrows(IllegalArgumentException.class, () -> region.sharedULong("too-big-string", "18446744073709551616"));
            assertTrue(region.entry("too-big-string").isEmpty());

            assertThrows(IllegalArgumentException.class, () -> region.sharedULong("negative-big", BigInteger.valueOf(-1)));
            assertTrue(region.entry("negative-big").isEmpty());

            assertThrows(IllegalArgumentException.class, () -> region.sharedULong("too-big-big", BigInteger.ONE.shiftLeft(64)));
            assertTrue(region.entry("too-big-big").isEmpty());

            assertThrows(IllegalArgumentException.class, () -> region.sharedULong("negative-string", "-1"));
            assertTrue(region.entry("negative-string").isEmpty());

            assertTrue(region.entries().isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldPassTestUIntStepsOneToSix(final RegionKind kind)
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final SharedULong a = region.sharedULong("a", MAX);
            assertUnsigned("18446744073709551615", a);
            a.set(0);
            assertUnsigned("0", a);

            // 1. compare_and_set fails and copies the current value (0) into b, then succeeds
            final SharedULong b1 = region.sharedULong("b1", "18446744073709551615");
            assertFalse(a.compareAndSet(b1, MAX));
            assertUnsigned("0", b1);
            assertUnsigned("0", a);
            assertTrue(a.compareAndSet(b1, MAX));
            assertUnsigned("18446744073709551615", a);
            assertUnsigned("0", b1);

            // 2. store(b)
            final SharedULong b2 = region.sharedULong("b2", MAX_MINUS_1);
            a.store(b2);
            assertUnsigned("18446744073709551614", a);
            assertEquals(b2.get(), a.get());

            // 3. get_and_set(2^64-1)
            assertEquals("18446744073709551614", Long.toUnsignedString(a.getAndSet(MAX)));
            assertUnsigned("18446744073709551615", a);

            // 4. shift(b, c): a takes b's value, c receives a's old value
            final SharedULong c4 = region.sharedULong("c4", MAX_MINUS_3);
            final SharedULong b4 = region.sharedULong("b4", MAX_MINUS_4);
            a.shift(b4, c4);
            assertUnsigned("18446744073709551611", a);
            assertUnsigned("18446744073709551615", c4);
            assertUnsigned("18446744073709551611", b4);

            // 5. and 6.
            assertStepFive(a, a);
            a.set(MAX_MINUS_3);
            assertStepSix(a, a);
        }
    }

    @Test
    void shouldPassTestUIntStepSevenThroughSecondAttachedHandle()
    {
        final Path path = tempDir.resolve("r.region");
        try (SharedRegion region = SharedRegion.open(path); SharedRegion attached = SharedRegion.attach(path))
        {
            final SharedULong a = region.sharedULong("a", MAX);
            final SharedULong reference = attached.sharedULong("a", 0L);
            assertNotSame(a, reference);
            assertUnsigned("18446744073709551615", reference);

            // 7. steps 5 and 6 again, every operation through the second handle, observed through both
            reference.set(MAX_MINUS_4);
            assertUnsigned("18446744073709551611", a);
            assertStepFive(reference, a);
            reference.set(MAX_MINUS_3);
            assertUnsigned("18446744073709551612", a);
            assertStepSix(reference, a);

            // and the other way round: operate through the first handle, observe through the second
            a.set(MAX_MINUS_4);
            assertStepFive(a, reference);
            a.set(MAX_MINUS_3);
            assertStepSix(a, reference);
        }
    }

    /**
     * Step 5 on a value of 2^64-5: the *AndGet methods.
     */
    private static void assertStepFive(final SharedULong operated, final SharedULong observed)
    {
        assertBoth("18446744073709551611", operated, observed);
        assertEquals("18446744073709551612", Long.toUnsignedString(operated.addAndGet(1)));
        assertBoth("18446744073709551612", operated, observed);
        assertEquals("18446744073709551611", Long.toUnsignedString(operated.subtractAndGet(1)));
        assertBoth("18446744073709551611", operated, observed);
        assertEquals("1107", Long.toUnsignedString(operated.andAndGet(1111)));
        assertBoth("1107", operated, observed);
        assertEquals("1111", Long.toUnsignedString(operated.orAndGet(1111)));
        assertBoth("1111", operated, observed);
        assertEquals("0", Long.toUnsignedString(operated.xorAndGet(1111)));
        assertBoth("0", operated, observed);
        assertEquals("18446744073709551615", Long.toUnsignedString(operated.nandAndGet(1111)));
        assertBoth("18446744073709551615", operated, observed);
        assertEquals(0xFFFF_FFFF_FFFF_FFFFL, observed.get());
    }

    /**
     * Step 6 on a value of 2^64-4: the getAnd* methods.
     */
    private static void assertStepSix(final SharedULong operated, final SharedULong observed)
    {
        assertBoth("18446744073709551612", operated, observed);
        assertEquals("18446744073709551612", Long.toUnsignedString(operated.getAndAdd(1)));
        assertBoth("18446744073709551613", operated, observed);
        assertEquals("18446744073709551613", Long.toUnsignedString(operated.getAndSubtract(1)));
        assertBoth("18446744073709551612", operated, observed);
        assertEquals("18446744073709551612", Long.toUnsignedString(operated.getAndAnd(1111)));
        assertBoth("1108", operated, observed);
        assertEquals("1108", Long.toUnsignedString(operated.getAndOr(1111)));
        assertBoth("1111", operated, observed);
        assertEquals("1111", Long.toUnsignedString(operated.getAndXor(1111)));
        assertBoth("0", operated, observed);
        assertEquals("0", Long.toUnsignedString(operated.getAndNand(1111)));
        assertBoth("18446744073709551615", operated, observed);
        assertEquals(new BigInteger("18446744073709551615"), observed.getAsBigInteger());
    }

    private static void assertBoth(final String expected, final SharedULong operated, final SharedULong observed)
    {
        assertUnsigned(expected, operated);
        assertUnsigned(expected, observed);
    }

    private static void assertUnsigned(final String expected, final SharedULong value)
    {
        assertEquals(expected, Long.toUnsignedString(value.get()));
        assertEquals(new BigInteger(expected), value.getAsBigInteger());
    }
}
