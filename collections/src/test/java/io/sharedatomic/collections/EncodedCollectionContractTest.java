package io.sharedatomic.collections;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_16LE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

import io.sharedatomic.RegionSpec;
import io.sharedatomic.SharedLong;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.testkit.RegionKind;
import io.sharedatomic.testkit.Tasks;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What {@link SharedSet} and {@link SharedList} share, run over both kinds of region by
 * {@link OriginalSetConformanceTest} and {@link OriginalListConformanceTest}: the original's test_thread_atomic (one
 * winner among 10,000 compare-and-sets, with and without an expected value per task) and the checks of the object
 * forms' capacity and charset; plus the values, region helpers and task runner both use.
 *
 * @param <C> the collection type read back.
 * @param <S> the value type under test.
 */
abstract class EncodedCollectionContractTest<C extends Collection<Object>, S extends EncodedCollection<C, S>>
{
    static final ByteString AB = bytes("ab");
    static final ByteString CD = bytes("cd");
    static final ByteString X12 = bytes("x12");
    static final ByteString X21 = bytes("x21");
    static final ByteString X2 = bytes("x2");
    static final int TASKS = 10_000;
    static final int THREADS = 8;

    @TempDir
    Path tempDir;

    /** One test_init collection: what is passed, what reads back, and the original's width. */
    record InitCase(String name, Charset charset, Collection<?> initial, Collection<?> expected, int capacity)
    {
    }

    /** The value's {@code of(region, name, initial)}. */
    abstract S of(SharedRegion region, String name, Collection<?> initial);

    /** The value's {@code of(region, name, capacity, charset, initial)}. */
    abstract S of(SharedRegion region, String name, int capacity, Charset charset, Collection<?> initial);

    /** The collection of these elements, in the type the value reads back: {@code Set.of} or {@code List.of}. */
    abstract C collection(Object... elements);

    static ByteString bytes(final String text)
    {
        return ByteString.of(text.getBytes(ISO_8859_1));
    }

    SharedRegion open(final RegionKind kind)
    {
        return kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open);
    }

    SharedRegion open(final RegionKind kind, final RegionSpec spec)
    {
        return kind.open(tempDir, spec, SharedRegion::inMemory, SharedRegion::open);
    }

    /** A second view of the same values: the region itself in memory, a second mapping of the file otherwise. */
    SharedRegion second(final RegionKind kind, final SharedRegion region)
    {
        return kind.second(tempDir, region, SharedRegion::attach);
    }

    static void runTasks(final Tasks.Action task) throws Exception
    {
        Tasks.run(TASKS, THREADS, task);
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldRejectObjectFormsWithAnotherCapacityOrCharset(final RegionKind kind)
    {
        try (SharedRegion region = open(kind))
        {
            final S a = of(region, "a", 0, UTF_8, collection(1));
            final S otherCharset = of(region, "utf-16", 0, UTF_16LE, collection(1));
            final S otherCapacity = of(region, "eight", 8, UTF_8, collection(1));
            final S same = of(region, "same", 0, UTF_8, collection(2));
            for (final S other : List.of(otherCharset, otherCapacity))
            {
                assertThrows(IllegalArgumentException.class, () -> a.compareAndSet(other, collection(3)), other.name());
                assertThrows(IllegalArgumentException.class, () -> a.store(other), other.name());
                assertThrows(IllegalArgumentException.class, () -> a.shift(other, same), other.name());
                assertThrows(IllegalArgumentException.class, () -> a.shift(same, other), other.name());
                assertEquals(collection(1), a.get());
                assertEquals(collection(1), other.get());
                assertEquals(collection(2), same.get());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldHaveExactlyOneWinnerAmongTenThousandCompareAndSets(final RegionKind kind) throws Exception
    {
        try (SharedRegion region = open(kind))
        {
            final S a = of(region, "a", collection("ab"));
            final SharedLong winners = region.sharedLong("winners");
            runTasks(task ->
            {
                if (a.compareAndSet(collection("ab"), collection("cd")))
                {
                    winners.incrementAndGet();
                }
            });
            assertEquals(1L, winners.get());
            assertEquals(collection("cd"), a.get());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldHaveExactlyOneWinnerWithTheOriginalsExpectedValuePerTask(final RegionKind kind) throws Exception
    {
        final RegionSpec spec = RegionSpec.defaults().withEntryCapacity(16384).withDataCapacity(4 << 20);
        try (SharedRegion region = open(kind, spec))
        {
            final S a = of(region, "a", collection("ab"));
            final SharedLong winners = region.sharedLong("winners");
            runTasks(task ->
            {
                final S expected = of(region, "expected-" + task, collection("ab"));
                if (a.compareAndSet(expected, collection("cd")))
                {
                    winners.incrementAndGet();
                }
            });
            assertEquals(1L, winners.get());
            assertEquals(collection("cd"), a.get());
            // Every loser got the current value ('cd') written back; only the winner's expected still holds ('ab').
            int stillAb = 0;
            for (int i = 0; i < TASKS; i++)
            {
                final C expected = of(region, "expected-" + i, collection("ab")).get();
                stillAb += expected.equals(collection("ab")) ? 1 : 0;
                assertTrue(expected.equals(collection("ab")) || expected.equals(collection("cd")), expected::toString);
            }
            assertEquals(1, stillAb);
        }
    }
}
