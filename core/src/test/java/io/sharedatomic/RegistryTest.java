package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.sharedatomic.internal.NativeMemory;
import io.sharedatomic.layout.RegionDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Create-or-attach by name: exactly one record per name when threads race to create the same names (a
 * {@link CreationRace}: rounds of fresh names, a spinning start barrier, a different order per thread, and a check
 * that every thread's handle is the published record), existing values untouched, enumeration, and no harm from a
 * creator that died before publishing.
 */
class RegistryTest
{
    @TempDir
    Path tempDir;

    @Test
    void shouldCreateEachNameOnceWhenThreadsRace() throws Exception
    {
        final int threads = CreationRace.MAX_PARTIES;
        try (SharedRegion region = SharedRegion.open(tempDir.resolve("race.region"), CreationRace.RACE_SPEC);
            SharedRegion control = SharedRegion.inMemory(CreationRace.CONTROL_SPEC))
        {
            CreationRace.createControl(control);
            final ExecutorService pool = Executors.newFixedThreadPool(threads);
            try
            {
                final List<Future<Integer>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++)
                {
                    final int creator = t;
                    futures.add(pool.submit(() -> CreationRace.create(region, control, creator, threads)));
                }
                for (final Future<Integer> future : futures)
                {
                    future.get();
                }
            }
            finally
            {
                pool.shutdown();
            }

            final CreationRace.Outcome outcome = CreationRace.check(region, control, threads);
            assertTrue(outcome.problems().isEmpty(), outcome::report);
            // Passing proves something only if the threads really ran at once: a run that could not race fails.
            assertTrue(outcome.races() >= CreationRace.MIN_RACES, "the threads raced for only " + outcome.races() +
                " names in " + outcome.rounds() + " rounds: this machine gave them no second core");
        }
    }

    @Test
    void shouldKeepAnExistingValueAndIgnoreTheInitialValueOnAttach()
    {
        try (SharedRegion region = SharedRegion.inMemory())
        {
            region.sharedLong("limit", 500).addAndGet(5);
            assertEquals(505, region.sharedLong("limit", 0).get());
            assertEquals(505, region.sharedLong("limit").get());
            assertEquals(new RegionEntry("limit", ValueType.LONG, 8, "", "", "505"), region.entry("limit").orElseThrow());
            assertTrue(region.entry("absent").isEmpty());
        }
    }

    @Test
    void shouldEnumerateEveryTypeWithItsValue() throws Exception
    {
        final Path path = tempDir.resolve("enum.region");
        try (SharedRegion region = SharedRegion.open(path))
        {
            region.sharedLong("l", -5);
            region.sharedULong("u", -1L);
            region.sharedDouble("d", 2.5);
            region.sharedBoolean("b", true);
        }
        try (SharedRegion reader = SharedRegion.attachReadOnly(path))
        {
            assertEquals(Set.of(
                new RegionEntry("l", ValueType.LONG, 8, "", "", "-5"),
                new RegionEntry("u", ValueType.ULONG, 8, "", "", "18446744073709551615"),
                new RegionEntry("d", ValueType.DOUBLE, 8, "", "", "2.5"),
                new RegionEntry("b", ValueType.BOOLEAN, 8, "", "", "true")), new HashSet<>(reader.entries()));
        }
    }

    @Test
    void shouldNotBeHarmedByACreatorThatDiedBeforePublishing() throws Exception
    {
        final Path path = tempDir.resolve("crashed.region");
        try (SharedRegion region = SharedRegion.open(path))
        {
            region.sharedLong("before", 1);
            // What a creator killed between claiming data space and publishing leaves: space claimed by the cursor,
            // filled with a half-written record that no directory slot points to.
            final long cursorAddress = region.memory().address() + RegionDescriptor.ALLOCATION_CURSOR_OFFSET;
            final long cursor = NativeMemory.getVolatile(cursorAddress);
            for (long offset = cursor; offset < cursor + 256; offset += 8)
            {
                NativeMemory.setPlain(region.memory().address() + offset, 0xDEAD_BEEF_DEAD_BEEFL);
            }
            NativeMemory.setVolatile(cursorAddress, cursor + 256);
        }
        try (SharedRegion survivor = SharedRegion.attach(path))
        {
            assertEquals(1, survivor.sharedLong("before").get());
            assertEquals(7, survivor.sharedLong("after", 7).get());
            assertEquals(2, survivor.entries().size());
        }
    }

    @Test
    void shouldPlaceEachValueOnItsOwnCacheLineByDefaultAndPackOnRequest()
    {
        try (SharedRegion padded = SharedRegion.inMemory(); SharedRegion packed = SharedRegion.inMemory(
            RegionSpec.defaults().withPadding(ValuePadding.PACKED)))
        {
            assertEquals(ValuePadding.CACHE_LINE, padded.padding());
            assertEquals(ValuePadding.PACKED, packed.padding());
            final long a = padded.sharedLong("a").address();
            final long b = padded.sharedLong("b").address();
            assertEquals(0, a % 64);
            assertEquals(0, b % 64);
            assertTrue(Math.abs(b - a) >= 64);
            assertEquals(0, packed.sharedLong("a").address() % 8);
            assertEquals(0, packed.sharedLong("b").address() % 8);
        }
    }
}
