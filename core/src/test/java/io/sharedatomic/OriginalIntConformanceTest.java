package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import io.sharedatomic.testkit.RegionKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The original's test_atomic_int.py (SEED-SPEC 4.1) as conformance vectors: test_init and test_int steps 1 to 8. The
 * original's free functions on {@code a.reference} (step 8) are run through a second handle on the same memory,
 * attached through a second {@link SharedRegion#attach(Path)} of the same file.
 */
class OriginalIntConformanceTest
{
    @TempDir
    Path tempDir;

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldRoundTripExtremeInitialValues(final RegionKind kind)
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final SharedLong max = region.sharedLong("max", 9223372036854775807L);
            final SharedLong min = region.sharedLong("min", -9223372036854775808L);

            assertEquals(9223372036854775807L, max.get());
            assertEquals(-9223372036854775808L, min.get());
            assertEquals("9223372036854775807", max.toString());
            assertEquals("-9223372036854775808", min.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldPassTestIntStepsOneToSeven(final RegionKind kind)
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final SharedLong a = region.sharedLong("a", 9223372036854775807L);
            assertEquals(9223372036854775807L, a.get());

            // 1. set(-2^63)
            a.set(-9223372036854775808L);
            assertEquals(-9223372036854775808L, a.get());

            // 2. compare_and_set fails and copies the current value into b, then succeeds
            final SharedLong b2 = region.sharedLong("b2", 9223372036854775806L);
            assertFalse(a.compareAndSet(b2, 1));
            assertEquals(-9223372036854775808L, b2.get());
            assertEquals(-9223372036854775808L, a.get());
            assertEquals(a.get(), b2.get());
            assertTrue(a.compareAndSet(b2, 1));
            assertEquals(1L, a.get());
            assertEquals(-9223372036854775808L, b2.get());

            // 3. store(b)
            final SharedLong b3 = region.sharedLong("b3", 9223372036854775806L);
            a.store(b3);
            assertEquals(b3.get(), a.get());
            assertEquals(9223372036854775806L, a.get());
            assertEquals(9223372036854775806L, b3.get());

            // 4. get_and_set(2^63-3)
            assertEquals(9223372036854775806L, a.getAndSet(9223372036854775805L));
            assertEquals(9223372036854775805L, a.get());

            // 5. shift(b, c): a takes b's value, c receives a's old value
            final SharedLong c5 = region.sharedLong("c5", 9223372036854775804L);
            final SharedLong b5 = region.sharedLong("b5", 9223372036854775803L);
            a.shift(b5, c5);
            assertEquals(9223372036854775803L, a.get());
            assertEquals(9223372036854775805L, c5.get());
            assertEquals(9223372036854775803L, b5.get());

            // 6. and 7.
            assertStepSix(a, a);
            a.set(9223372036854775804L);
            assertStepSeven(a, a);
        }
    }

    @Test
    void shouldPassTestIntStepEightThroughSecondAttachedHandle()
    {
        final Path path = tempDir.resolve("r.region");
        try (SharedRegion region = SharedRegion.open(path); SharedRegion attached = SharedRegion.attach(path))
        {
            final SharedLong a = region.sharedLong("a", 9223372036854775807L);
            final SharedLong reference = attached.sharedLong("a", 0);
            assertNotSame(a, reference);
            assertEquals(9223372036854775807L, reference.get());

            // 8. steps 6 and 7 again, every operation through the second handle, observed through both
            reference.set(9223372036854775803L);
            assertEquals(9223372036854775803L, a.get());
            assertStepSix(reference, a);
            reference.set(9223372036854775804L);
            assertEquals(9223372036854775804L, a.get());
            assertStepSeven(reference, a);

            // and the other way round: operate through the first handle, observe through the second
            a.set(9223372036854775803L);
            assertStepSix(a, reference);
            a.set(9223372036854775804L);
            assertStepSeven(a, reference);
        }
    }

    /**
     * Step 6 on a value of 2^63-5: the *AndGet methods.
     */
    private static void assertStepSix(final SharedLong operated, final SharedLong observed)
    {
        assertBoth(9223372036854775803L, operated, observed);
        assertEquals(9223372036854775804L, operated.addAndGet(1));
        assertBoth(9223372036854775804L, operated, observed);
        assertEquals(9223372036854775803L, operated.subtractAndGet(1));
        assertBoth(9223372036854775803L, operated, observed);
        assertEquals(1107L, operated.andAndGet(1111));
        assertBoth(1107L, operated, observed);
        assertEquals(1111L, operated.orAndGet(1111));
        assertBoth(1111L, operated, observed);
        assertEquals(0L, operated.xorAndGet(1111));
        assertBoth(0L, operated, observed);
        assertEquals(-1L, operated.nandAndGet(1111));
        assertBoth(-1L, operated, observed);
    }

    /**
     * Step 7 on a value of 2^63-4: the getAnd* methods.
     */
    private static void assertStepSeven(final SharedLong operated, final SharedLong observed)
    {
        assertBoth(9223372036854775804L, operated, observed);
        assertEquals(9223372036854775804L, operated.getAndAdd(1));
        assertBoth(9223372036854775805L, operated, observed);
        assertEquals(9223372036854775805L, operated.getAndSubtract(1));
        assertBoth(9223372036854775804L, operated, observed);
        assertEquals(9223372036854775804L, operated.getAndAnd(1111));
        assertBoth(1108L, operated, observed);
        assertEquals(1108L, operated.getAndOr(1111));
        assertBoth(1111L, operated, observed);
        assertEquals(1111L, operated.getAndXor(1111));
        assertBoth(0L, operated, observed);
        assertEquals(0L, operated.getAndNand(1111));
        assertBoth(-1L, operated, observed);
    }

    private static void assertBoth(final long expected, final SharedLong operated, final SharedLong observed)
    {
        assertEquals(expected, operated.get());
        assertEquals(expected, observed.get());
    }
}
