package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import io.sharedatomic.testkit.RegionKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The JDK memory-order variants read and write the same word as the volatile methods; and a smoke test of a release
 * write publishing plain writes made before it to an acquire reader. A handshake of two threads can only show the
 * ordering works once, not that it always does: the proof is the jcstress test {@code ReleaseAcquirePublication}.
 */
class MemoryOrderTest
{
    @TempDir
    Path tempDir;

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldAccessTheSameWordInEveryMode(final RegionKind kind)
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final SharedLong value = region.sharedLong("v");
            value.setPlain(1);
            assertEquals(1, value.getPlain());
            value.setOpaque(2);
            assertEquals(2, value.getOpaque());
            value.setRelease(3);
            assertEquals(3, value.getAcquire());
            assertTrue(value.weakCompareAndSetPlain(3, 4));
            assertTrue(value.weakCompareAndSetAcquire(4, 5));
            assertTrue(value.weakCompareAndSetRelease(5, 6));
            assertTrue(value.weakCompareAndSetVolatile(6, 7));
            assertFalse(value.weakCompareAndSetVolatile(6, 8), "never succeeds on a wrong expected value");
            assertEquals(7, value.compareAndExchange(6, 8));
            assertEquals(7, value.compareAndExchange(7, 8));
            assertEquals(8, value.get());

            final SharedDouble price = region.sharedDouble("p");
            price.setRelease(1.5);
            assertEquals(1.5, price.getAcquire());
            price.setPlain(2.5);
            assertEquals(2.5, price.getPlain());
            final SharedBoolean flag = region.sharedBoolean("f");
            flag.setRelease(true);
            assertTrue(flag.getAcquire());
            flag.setPlain(false);
            assertFalse(flag.getPlain());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldPublishPlainWritesThroughReleaseAndAcquire(final RegionKind kind) throws Exception
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final SharedLong data = region.sharedLong("data");
            final SharedLong sequence = region.sharedLong("sequence");
            final SharedLong acknowledged = region.sharedLong("acknowledged");
            final int rounds = 100_000;
            final Thread writer = new Thread(() ->
            {
                for (int i = 1; i <= rounds; i++)
                {
                    while (acknowledged.getAcquire() != i - 1)
                    {
                        Thread.onSpinWait();
                    }
                    data.setPlain(i * 31L);
                    sequence.setRelease(i);
                }
            });
            writer.start();
            long mismatches = 0;
            for (int i = 1; i <= rounds; i++)
            {
                while (sequence.getAcquire() != i)
                {
                    Thread.onSpinWait();
                }
                if (data.getPlain() != i * 31L)
                {
                    mismatches++;
                }
                // Hand the turn back: the writer waits for this before writing round i + 1.
                acknowledged.setRelease(i);
            }
            writer.join();
            assertEquals(0, mismatches);
            assertEquals(rounds, sequence.get());
        }
    }

    @Test
    void shouldOfferTheSameOrderingModesOnEveryNumericType()
    {
        final List<String> modes = List.of("get", "getAcquire", "getOpaque", "getPlain", "set", "setRelease", "setOpaque", "setPlain");
        for (final Class<?> type : List.of(SharedLong.class, SharedULong.class, SharedDouble.class, SharedBoolean.class, SharedLongArray.class))
        {
            for (final String mode : modes)
            {
                assertTrue(Arrays.stream(type.getMethods()).anyMatch(method -> method.getName().equals(mode)),
                    type.getSimpleName() + " offers " + mode);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldAccessTheSameWordInEveryModeOfDoublesBooleansAndArrays(final RegionKind kind)
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final SharedDouble price = region.sharedDouble("price");
            price.setOpaque(1.5);
            assertEquals(1.5, price.get());
            price.setPlain(2.5);
            assertEquals(2.5, price.getOpaque());
            final SharedBoolean flag = region.sharedBoolean("flag");
            flag.setOpaque(true);
            assertTrue(flag.get() && flag.getOpaque() && flag.getPlain());
            final SharedLongArray words = region.sharedLongArray("words", 3);
            words.setOpaque(1, 7);
            assertEquals(7, words.get(1));
            words.setPlain(2, 9);
            assertEquals(9, words.getOpaque(2));
            assertEquals(0, words.getPlain(0));
        }
    }
}
