package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;

import io.sharedatomic.testkit.RegionKind;
import io.sharedatomic.testkit.Tasks;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The original's thread tests (SEED-SPEC 4.1, 4.2 and 4.3 test_thread_atomic): 10 000 tasks, one operation each, here
 * on a fixed pool of 8 threads.
 */
class ThreadedTest
{
    private static final int TASKS = 10_000;
    private static final int THREADS = 8;
    private static final long PI_BITS = 0x400921FB54442D18L;

    @TempDir
    Path tempDir;

    /**
     * Runs {@code TASKS} tasks on a fixed pool of {@code THREADS} threads and returns their results in task order;
     * any task's exception fails the test.
     */
    private static <T> List<T> runTasks(final IntFunction<Callable<T>> task) throws Exception
    {
        return Tasks.call(TASKS, THREADS, index -> task.apply(index).call());
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldAddExactlyOneMillionToSharedLong(final RegionKind kind) throws Exception
    {
        try (SharedRegion region = kind.open(tempDir, RegionSpec.defaults(), SharedRegion::inMemory, SharedRegion::open))
        {
            final SharedLong counter = region.sharedLong("counter", 0);
            runTasks(i -> () -> counter.addAndGet(100));
            assertEquals(1_000_000L, counter.get());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldAddExactlyOneMillionToSharedULong(final RegionKind kind) throws Exception
    {
        try (SharedRegion region = kind.open(tempDir, RegionSpec.defaults(), SharedRegion::inMemory, SharedRegion::open))
        {
            final SharedULong counter = region.sharedULong("counter", 0L);
            runTasks(i -> () -> counter.addAndGet(100));
            assertEquals(1_000_000L, counter.get());
            assertEquals("1000000", Long.toUnsignedString(counter.get()));
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldLetExactlyOneTaskWinWriteBackCompareAndSet(final RegionKind kind) throws Exception
    {
        final RegionSpec spec = RegionSpec.defaults().withEntryCapacity(16384).withDataCapacity(4 << 20);
        try (SharedRegion region = kind.open(tempDir, spec, SharedRegion::inMemory, SharedRegion::open))
        {
            final SharedBoolean flag = region.sharedBoolean("flag", false);
            final SharedLong winners = region.sharedLong("winners", 0);
            final SharedDouble pi = region.sharedDouble("pi", Math.E);
            final SharedDouble source = region.sharedDouble("source", Math.PI);

            runTasks(i -> () ->
            {
                final SharedBoolean expected = region.sharedBoolean("expected-" + i, false);
                if (flag.compareAndSet(expected, true))
                {
                    winners.incrementAndGet();
                }
                pi.store(source);
                return null;
            });

            assertTrue(flag.get());
            assertEquals(1L, winners.get());
            assertEquals(Math.PI, pi.get());
            assertEquals(PI_BITS, Double.doubleToRawLongBits(pi.get()));

            // every loser had the current value (true) written back into its expected value; the winner's stays false
            int stillFalse = 0;
            for (int i = 0; i < TASKS; i++)
            {
                if (!region.sharedBoolean("expected-" + i).get())
                {
                    stillFalse++;
                }
            }
            assertEquals(1, stillFalse);
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldLetExactlyOneTaskWinPlainCompareAndSet(final RegionKind kind) throws Exception
    {
        try (SharedRegion region = kind.open(tempDir, RegionSpec.defaults(), SharedRegion::inMemory, SharedRegion::open))
        {
            final SharedBoolean flag = region.sharedBoolean("flag", false);
            final List<Boolean> results = runTasks(i -> () -> flag.compareAndSet(false, true));

            final long wins = results.stream().filter(Boolean::booleanValue).count();
            assertEquals(1L, wins);
            assertEquals(TASKS, results.size());
            assertTrue(flag.get());
        }
    }
}
