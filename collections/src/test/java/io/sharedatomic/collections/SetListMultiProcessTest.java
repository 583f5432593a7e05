package io.sharedatomic.collections;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.sharedatomic.RegionSpec;
import io.sharedatomic.SharedLong;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The original's test_process_atomic of test_atomic_set.py and test_atomic_list.py (SEED-SPEC 4.6, 4.7): two JVMs of
 * 5,000 tasks each race one compare-and-set from {'ab'} to {'cd'} (['ab'] to ['cd']) on a value in a region file,
 * each task with its own expected value as in the original; the winners count themselves in a shared counter.
 */
class SetListMultiProcessTest
{
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final int TASKS_PER_JVM = 5_000;
    private static final RegionSpec SPEC = RegionSpec.defaults().withEntryCapacity(16384).withDataCapacity(4 << 20);

    @TempDir
    Path tempDir;

    private static List<ChildJvm.Result> race(final String command, final Path path) throws Exception
    {
        return ChildJvm.runAll(TIMEOUT, SetListChildMain.class, List.of(
            new String[]{command, path.toString(), Integer.toString(TASKS_PER_JVM), "a"},
            new String[]{command, path.toString(), Integer.toString(TASKS_PER_JVM), "b"}));
    }

    /** Each child prints its own wins, then the value it read last; their wins add up to the one winner. */
    private static void assertOneWinnerInOutput(final List<ChildJvm.Result> results, final String finalValue)
    {
        long wins = 0;
        for (final ChildJvm.Result result : results)
        {
            final String[] lines = result.stdout().strip().split("\n");
            assertEquals(2, lines.length, result.stdout());
            wins += Long.parseLong(lines[0].strip());
            assertEquals(finalValue, lines[1].strip());
        }
        assertEquals(1L, wins);
    }

    @Test
    void shouldHaveExactlyOneSetCasWinnerAcrossTwoJvms() throws Exception
    {
        final Path path = tempDir.resolve("set.region");
        try (SharedRegion region = SharedRegion.open(path, SPEC))
        {
            final SharedSet value = SharedSet.of(region, "value", Set.of("ab"));
            final SharedLong winners = region.sharedLong("winners");

            assertOneWinnerInOutput(race("set-cas", path), "[cd]");

            assertEquals(1L, winners.get());
            assertEquals(Set.of("cd"), value.get());
        }
        try (SharedRegion region = SharedRegion.attach(path))
        {
            assertEquals(1L, region.sharedLong("winners").get());
            assertEquals(Set.of("cd"), SharedSet.of(region, "value", Set.of("ab")).get());
            int stillAb = 0;
            for (final String jvm : List.of("a", "b"))
            {
                for (int i = 0; i < TASKS_PER_JVM; i++)
                {
                    final Set<Object> expected = SharedSet.of(region, "expected-" + jvm + "-" + i, Set.of("ab")).get();
                    stillAb += expected.equals(Set.of("ab")) ? 1 : 0;
                }
            }
            // Every loser got {'cd'} written back into its expected value; only the winner's still holds {'ab'}.
            assertEquals(1, stillAb);
        }
    }

    @Test
    void shouldHaveExactlyOneListCasWinnerAcrossTwoJvms() throws Exception
    {
        final Path path = tempDir.resolve("list.region");
        try (SharedRegion region = SharedRegion.open(path, SPEC))
        {
            final SharedList value = SharedList.of(region, "value", List.of("ab"));
            final SharedLong winners = region.sharedLong("winners");

            assertOneWinnerInOutput(race("list-cas", path), "[cd]");

            assertEquals(1L, winners.get());
            assertEquals(List.of("cd"), value.get());
        }
        try (SharedRegion region = SharedRegion.attach(path))
        {
            assertEquals(1L, region.sharedLong("winners").get());
            assertEquals(List.of("cd"), SharedList.of(region, "value", List.of("ab")).get());
            int stillAb = 0;
            for (final String jvm : List.of("a", "b"))
            {
                for (int i = 0; i < TASKS_PER_JVM; i++)
                {
                    final List<Object> expected = SharedList.of(region, "expected-" + jvm + "-" + i, List.of("ab")).get();
                    stillAb += expected.equals(List.of("ab")) ? 1 : 0;
                }
            }
            // Every loser got ['cd'] written back into its expected value; only the winner's still holds ['ab'].
            assertEquals(1, stillAb);
        }
    }
}
