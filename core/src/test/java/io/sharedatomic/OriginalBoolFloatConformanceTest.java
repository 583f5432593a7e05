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
 * The original's test_atomic_boolfloat.py (SEED-SPEC 4.3) as conformance vectors: test_init and test_int (the bool and
 * float test). The original's free functions are run through a second handle on the same memory, attached through a
 * second {@link SharedRegion#attach(Path)} of the same file. Doubles are compared exactly and bit for bit.
 */
class OriginalBoolFloatConformanceTest
{
    private static final long PI_BITS = 0x400921FB54442D18L;
    private static final long E_BITS = 0x4005BF0A8B145769L;

    @TempDir
    Path tempDir;

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldRoundTripInitialValues(final RegionKind kind)
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            assertTrue(region.sharedBoolean("true", true).get());
            assertFalse(region.sharedBoolean("false", false).get());

            final SharedDouble f = region.sharedDouble("f", Math.PI);
            assertEquals(Math.PI, f.get());
            assertEquals(PI_BITS, Double.doubleToRawLongBits(f.get()));
            assertTrue(f.get() == Math.PI);

            f.set(Math.E);
            assertEquals(Math.E, f.get());
            assertEquals(E_BITS, Double.doubleToRawLongBits(f.get()));
            assertTrue(f.get() == Math.E);
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldPassTestIntBoolAndFloatSteps(final RegionKind kind)
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final SharedBoolean a = region.sharedBoolean("a", true);
            assertTrue(a.get());
            a.set(false);
            assertFalse(a.get());
            a.set(true);
            assertTrue(a.get());

            // bool_store
            final SharedBoolean bStore = region.sharedBoolean("b-store", false);
            a.store(bStore);
            assertFalse(a.get());
            assertEquals(bStore.get(), a.get());

            // bool_get_and_set
            assertFalse(a.getAndSet(true));
            assertTrue(a.get());

            // bool_compare_and_set fails and copies the current value (true) into b, then succeeds
            final SharedBoolean bCas = region.sharedBoolean("b-cas", false);
            assertFalse(a.compareAndSet(bCas, true));
            assertTrue(bCas.get());
            assertTrue(a.get());
            assertTrue(a.compareAndSet(bCas, false));
            assertFalse(a.get());
            assertTrue(bCas.get());

            // float set round-trips
            final SharedDouble f = region.sharedDouble("f", Math.PI);
            f.set(Math.E);
            assertEquals(Math.E, f.get());
            assertEquals(E_BITS, Double.doubleToRawLongBits(f.get()));
            f.set(Math.PI);
            assertEquals(Math.PI, f.get());
            assertEquals(PI_BITS, Double.doubleToRawLongBits(f.get()));

            // float_store
            final SharedDouble source = region.sharedDouble("source", Math.E);
            f.store(source);
            assertEquals(Math.E, f.get());
            assertEquals(E_BITS, Double.doubleToRawLongBits(f.get()));
            f.set(Math.E);
            assertEquals(Math.E, f.get());
        }
    }

    @Test
    void shouldPassTestIntFreeFunctionsThroughSecondAttachedHandle()
    {
        final Path path = tempDir.resolve("r.region");
        try (SharedRegion region = SharedRegion.open(path); SharedRegion attached = SharedRegion.attach(path))
        {
            final SharedBoolean a = region.sharedBoolean("a", true);
            final SharedBoolean reference = attached.sharedBoolean("a", false);
            assertNotSame(a, reference);
            assertTrue(reference.get());

            // free bool_store(a.ref, b.ref)
            final SharedBoolean bStore = region.sharedBoolean("b-store", false);
            reference.store(bStore);
            assertFalse(a.get());
            assertFalse(reference.get());

            // free bool_get_and_set(a.ref, True)
            assertFalse(reference.getAndSet(true));
            assertTrue(a.get());
            assertTrue(reference.get());

            // free bool_compare_and_set(a.ref, b.ref, True) fails and b becomes True; then the method form succeeds
            final SharedBoolean bCas = region.sharedBoolean("b-cas", false);
            final SharedBoolean bCasReference = attached.sharedBoolean("b-cas", true);
            assertFalse(bCasReference.get());
            assertFalse(reference.compareAndSet(bCasReference, true));
            assertTrue(bCas.get());
            assertTrue(bCasReference.get());
            assertTrue(a.compareAndSet(bCas, true));
            assertTrue(a.get());
            assertTrue(reference.get());

            // free float_store(a.ref, b.ref), then a.value = e
            final SharedDouble f = region.sharedDouble("f", Math.PI);
            final SharedDouble fReference = attached.sharedDouble("f", 0.0);
            assertEquals(Math.PI, fReference.get());
            final SharedDouble source = region.sharedDouble("source", Math.E);
            fReference.store(source);
            assertEquals(Math.E, f.get());
            assertEquals(E_BITS, Double.doubleToRawLongBits(f.get()));
            fReference.set(Math.PI);
            assertEquals(Math.PI, f.get());
            assertEquals(PI_BITS, Double.doubleToRawLongBits(f.get()));
            f.set(Math.E);
            assertEquals(Math.E, fReference.get());
            assertEquals(E_BITS, Double.doubleToRawLongBits(fReference.get()));
        }
    }
}
