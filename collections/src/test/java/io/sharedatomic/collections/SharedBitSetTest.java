package io.sharedatomic.collections;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

import io.sharedatomic.IncompatibleEntryException;
import io.sharedatomic.RegionSpec;
import io.sharedatomic.SharedLongArray;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.StructureEntries;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of {@link SharedBitSet}, run on an in-memory and on a file region, plus the cases that need one kind.
 */
class SharedBitSetTest
{
    private static final RegionSpec SPEC = RegionSpec.defaults().withDataCapacity(4L << 20);
    private static final int THREADS = 4;

    abstract static class Contract
    {
        abstract SharedRegion openRegion();

        @Test
        void shouldMatchJavaUtilBitSetUnderSeededRandomOperations()
        {
            try (SharedRegion region = openRegion())
            {
                runModel(SharedBitSet.of(region, "model-1000", 1000), 1000, 42L);
                runModel(SharedBitSet.of(region, "model-130", 130), 130, 7L);
            }
        }

        @Test
        void shouldHandleBoundaryCapacitiesAndMaskTheLastWord()
        {
            try (SharedRegion region = openRegion())
            {
                for (final int capacity : new int[]{1, 63, 64, 65, 1000})
                {
                    checkBoundaries(region, capacity);
                }
            }
        }

        @Test
        void shouldKeepTheDocumentedLayout()
        {
            try (SharedRegion region = openRegion())
            {
                final SharedBitSet bits = SharedBitSet.of(region, "layout", 200);
                final SharedLongArray raw = StructureEntries.words(region, "layout", 4 + 7 + 1, "bitset:200");
                bits.add(0);
                bits.add(63);
                bits.add(64);
                bits.add(199);
                assertEquals(1L | 1L << 63, raw.get(0));
                assertEquals(1L, raw.get(1));
                assertEquals(0L, raw.get(2));
                assertEquals(1L << (199 - 192), raw.get(3));
                bits.clearAll();

                // Filling word 0 moves the hint (the last word) to word 1; a release below it moves it back.
                for (int i = 0; i < 64; i++)
                {
                    assertEquals(i, bits.claimFirstClear());
                }
                assertEquals(1L, raw.get(11));
                assertEquals(64, bits.claimFirstClear());
                assertTrue(bits.release(5));
                assertEquals(0L, raw.get(11));
                assertEquals(5, bits.claimFirstClear());
                for (int word = 4; word < 11; word++)
                {
                    assertEquals(0L, raw.get(word), "padding word " + word);
                }

                // A garbage hint written by another process is ignored, not trusted as an index.
                raw.set(11, -7L);
                assertEquals(65, bits.claimFirstClear());
                raw.set(11, 1000L);
                assertEquals(66, bits.claimFirstClear());
            }
        }

        @Test
        void shouldClaimEachBitExactlyOnceThenReturnMinusOne()
        {
            try (SharedRegion region = openRegion())
            {
                final SharedBitSet bits = SharedBitSet.of(region, "ids", 1000);
                for (int i = 0; i < 1000; i++)
                {
                    // One thread using only claims and releases gets the lowest clear bit each time.
                    assertEquals(i, bits.claimFirstClear());
                }
                assertEquals(-1, bits.claimFirstClear());
                assertEquals(-1, bits.claimFirstClear(0));
                assertEquals(1000, bits.cardinality());
                assertEquals(-1, bits.nextClearBit(0));
            }
        }

        @Test
        void shouldClaimTheReleasedBitAfterARelease()
        {
            try (SharedRegion region = openRegion())
            {
                final SharedBitSet bits = SharedBitSet.of(region, "ids", 1000);
                bits.set(0, 1000);
                assertTrue(bits.release(537));
                assertFalse(bits.release(537));
                assertEquals(537, bits.claimFirstClear());
                assertEquals(-1, bits.claimFirstClear());

                assertTrue(bits.release(900));
                assertTrue(bits.release(10));
                assertEquals(10, bits.claimFirstClear());
                assertEquals(900, bits.claimFirstClear());
                assertEquals(-1, bits.claimFirstClear());

                // A plain remove does not lower the hint, but the search wraps around and still finds the bit.
                assertTrue(bits.remove(3));
                assertTrue(bits.remove(999));
                final long first = bits.claimFirstClear();
                final long second = bits.claimFirstClear();
                assertEquals(3 + 999, first + second);
                assertTrue(first == 3 || first == 999);
                assertEquals(-1, bits.claimFirstClear());
            }
        }

        @Test
        void shouldClaimFromAnIndexInOrder()
        {
            try (SharedRegion region = openRegion())
            {
                final SharedBitSet bits = SharedBitSet.of(region, "ids", 300);
                assertEquals(100, bits.claimFirstClear(100));
                assertEquals(101, bits.claimFirstClear(100));
                bits.set(102, 299);
                assertEquals(299, bits.claimFirstClear(100));
                assertEquals(-1, bits.claimFirstClear(100));
                assertEquals(99, bits.claimFirstClear(99));
                assertEquals(-1, bits.claimFirstClear(300));
                assertEquals(-1, bits.claimFirstClear(Long.MAX_VALUE));
                assertEquals(0, bits.claimFirstClear(0));
            }
        }

        @Test
        void shouldGiveEveryBitToExactlyOneOfFourClaimingThreads() throws Exception
        {
            final int capacity = 100_000;
            try (SharedRegion region = openRegion())
            {
                final SharedBitSet bits = SharedBitSet.of(region, "ids", capacity);
                final CountDownLatch start = new CountDownLatch(1);
                final List<Callable<long[]>> claimers = new ArrayList<>();
                for (int t = 0; t < THREADS; t++)
                {
                    claimers.add(() ->
                    {
                        final long[] claimed = new long[capacity + 1];
                        int count = 0;
                        start.await();
                        long id;
                        while ((id = bits.claimFirstClear()) >= 0)
                        {
                            claimed[count++] = id;
                        }
                        claimed[capacity] = count;
                        return claimed;
                    });
                }
                final List<long[]> results = runAll(claimers, start);

                final BitSet seen = new BitSet(capacity);
                long total = 0;
                for (final long[] claimed : results)
                {
                    final int count = (int)claimed[capacity];
                    for (int i = 0; i < count; i++)
                    {
                        final int id = (int)claimed[i];
                        assertTrue(id >= 0 && id < capacity, "id in range: " + id);
                        assertFalse(seen.get(id), "id claimed twice: " + id);
                        seen.set(id);
                    }
                    total += count;
                }
                assertEquals(capacity, total);
                assertEquals(capacity, seen.cardinality());
                assertEquals(capacity, bits.cardinality());
                assertEquals(-1, bits.claimFirstClear());
            }
        }

        @Test
        void shouldLoseNoUpdateWhenFourThreadsChangeBitsOfTheSameWord() throws Exception
        {
            final int rounds = 200_000;
            final int bitsPerThread = 64 / THREADS;
            try (SharedRegion region = openRegion())
            {
                final SharedBitSet bits = SharedBitSet.of(region, "word", 64);
                final CountDownLatch start = new CountDownLatch(1);
                final List<Callable<boolean[]>> writers = new ArrayList<>();
                for (int t = 0; t < THREADS; t++)
                {
                    final int thread = t;
                    writers.add(() ->
                    {
                        // Thread t owns bits t, t + 4, t + 8, ...: each return value must agree with its own model.
                        final boolean[] model = new boolean[bitsPerThread];
                        final SplittableRandom random = new SplittableRandom(1000 + thread);
                        start.await();
                        for (int round = 0; round < rounds; round++)
                        {
                            final int k = random.nextInt(bitsPerThread);
                            final long index = thread + (long)THREADS * k;
                            final boolean before = model[k];
                            final String what = "thread " + thread + ", round " + round + ", bit " + index;
                            final boolean after;
                            switch (random.nextInt(8))
                            {
                                case 0 ->
                                {
                                    assertEquals(!before, bits.add(index), what);
                                    after = true;
                                }
                                case 1 ->
                                {
                                    assertEquals(before, bits.remove(index), what);
                                    after = false;
                                }
                                case 2 ->
                                {
                                    assertEquals(!before, bits.flip(index), what);
                                    after = !before;
                                }
                                case 3 ->
                                {
                                    bits.set(index);
                                    after = true;
                                }
                                case 4 ->
                                {
                                    bits.clear(index);
                                    after = false;
                                }
                                case 5 ->
                                {
                                    final boolean value = random.nextBoolean();
                                    assertEquals(before, bits.getAndSet(index, value), what);
                                    after = value;
                                }
                                case 6 ->
                                {
                                    final boolean expected = random.nextBoolean();
                                    assertEquals(expected == before, bits.compareAndSet(index, expected, !expected), what);
                                    after = expected == before ? !expected : before;
                                }
                                default ->
                                {
                                    assertEquals(before, bits.get(index), what);
                                    after = before;
                                }
                            }
                            model[k] = after;
                        }
                        return model;
                    });
                }
                final List<boolean[]> models = runAll(writers, start);
                for (int t = 0; t < THREADS; t++)
                {
                    for (int k = 0; k < bitsPerThread; k++)
                    {
                        assertEquals(models.get(t)[k], bits.get(t + (long)THREADS * k), "bit " + (t + THREADS * k));
                    }
                }
            }
        }

        @Test
        void shouldShareBitsByNameAndRejectAnotherCapacity()
        {
            try (SharedRegion region = openRegion())
            {
                final SharedBitSet bits = SharedBitSet.of(region, "shared", 100);
                bits.add(42);
                final SharedBitSet again = SharedBitSet.of(region, "shared", 100);
                assertTrue(again.contains(42));
                again.remove(42);
                assertFalse(bits.contains(42));

                assertThrows(IncompatibleEntryException.class, () -> SharedBitSet.of(region, "shared", 101));
                assertThrows(IncompatibleEntryException.class, () -> SharedBitSet.of(region, "shared", 200));
                region.sharedLong("not-bits");
                assertThrows(IncompatibleEntryException.class, () -> SharedBitSet.of(region, "not-bits", 100));
            }
        }

        @Test
        void shouldRejectIndexesOutOfRangeAndChangeNothing()
        {
            try (SharedRegion region = openRegion())
            {
                final SharedBitSet bits = SharedBitSet.of(region, "range", 100);
                for (final long index : new long[]{-1, 100, 101, 128, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 32})
                {
                    final List<LongConsumer> operations = List.of(
                        bits::add, bits::remove, bits::contains, bits::get, bits::set, i -> bits.set(i, true),
                        i -> bits.set(i, false), bits::clear, bits::flip, i -> bits.getAndSet(i, true),
                        i -> bits.compareAndSet(i, false, true), bits::release);
                    for (final LongConsumer operation : operations)
                    {
                        assertThrows(IndexOutOfBoundsException.class, () -> operation.accept(index), "index " + index);
                    }
                }
                assertThrows(IndexOutOfBoundsException.class, () -> bits.nextSetBit(-1));
                assertThrows(IndexOutOfBoundsException.class, () -> bits.nextClearBit(-1));
                assertThrows(IndexOutOfBoundsException.class, () -> bits.previousSetBit(-2));
                assertThrows(IndexOutOfBoundsException.class, () -> bits.claimFirstClear(-1));
                assertThrows(IndexOutOfBoundsException.class, () -> bits.set(5, 4));
                assertThrows(IndexOutOfBoundsException.class, () -> bits.set(-1, 4));
                assertThrows(IndexOutOfBoundsException.class, () -> bits.set(0, 101));
                assertThrows(IndexOutOfBoundsException.class, () -> bits.clear(0, 101));
                assertTrue(bits.isEmpty());
                assertEquals(new BitSet(), bits.snapshot());

                assertThrows(IllegalArgumentException.class, () -> SharedBitSet.of(region, "zero", 0));
                assertThrows(IllegalArgumentException.class, () -> SharedBitSet.of(region, "negative", -1));
                assertThrows(IllegalArgumentException.class,
                    () -> SharedBitSet.of(region, "huge", SharedBitSet.MAX_CAPACITY + 1));
            }
        }

        @Test
        void shouldIterateStreamAndDescribeItself()
        {
            try (SharedRegion region = openRegion())
            {
                final SharedBitSet bits = SharedBitSet.of(region, "iter", 500);
                assertEquals("SharedBitSet[iter, cardinality=0, capacity=500]", bits.toString());
                assertFalse(bits.iterator().hasNext());
                for (final long index : new long[]{0, 63, 64, 200, 499})
                {
                    bits.add(index);
                }
                assertArrayEquals(new long[]{0, 63, 64, 200, 499}, bits.stream().toArray());
                assertEquals(499, bits.stream().max().orElseThrow());

                final PrimitiveIterator.OfLong iterator = bits.iterator();
                assertThrows(IllegalStateException.class, iterator::remove);
                assertEquals(0, iterator.nextLong());
                assertEquals(63, iterator.nextLong());
                iterator.remove();
                assertThrows(IllegalStateException.class, iterator::remove);
                assertEquals(64, iterator.nextLong());
                assertEquals(200, iterator.nextLong());
                assertEquals(499, iterator.nextLong());
                assertFalse(iterator.hasNext());
                assertThrows(NoSuchElementException.class, iterator::nextLong);
                assertArrayEquals(new long[]{0, 64, 200, 499}, bits.stream().toArray());
                assertEquals("SharedBitSet[iter, cardinality=4, capacity=500]", bits.toString());
                assertEquals("iter", bits.name());
                assertEquals(500, bits.capacity());
                assertEquals(region, bits.region());
            }
        }

        @Test
        void shouldThrowOnceTheRegionIsClosed()
        {
            final SharedRegion region = openRegion();
            final SharedBitSet bits = SharedBitSet.of(region, "closing", 100);
            bits.add(1);
            region.close();
            assertEquals("SharedBitSet[closing, closed]", bits.toString());
            assertThrows(IllegalStateException.class, () -> bits.add(1));
            assertThrows(IllegalStateException.class, () -> bits.contains(1));
            assertThrows(IllegalStateException.class, bits::claimFirstClear);
        }
    }

    @Nested
    class InMemoryRegion extends Contract
    {
        @Override
        SharedRegion openRegion()
        {
            return SharedRegion.inMemory(SPEC);
        }
    }

    @Nested
    class FileRegion extends Contract
    {
        @TempDir
        Path tempDir;

        @Override
        SharedRegion openRegion()
        {
            return SharedRegion.open(tempDir.resolve("b.region"), SPEC);
        }
    }

    @Test
    void shouldHoldTwoToTheThirtyFirstBits()
    {
        final long capacity = 1L << 31;
        try (SharedRegion region = SharedRegion.inMemory(RegionSpec.defaults().withDataCapacity(300L << 20)))
        {
            final SharedBitSet bits = SharedBitSet.of(region, "big", capacity);
            assertEquals(capacity, bits.capacity());
            final long last = capacity - 1;
            assertFalse(bits.get(last));
            assertTrue(bits.add(last));
            assertTrue(bits.get(last));
            assertFalse(bits.contains(last - 1));
            assertEquals(last, bits.previousSetBit(Long.MAX_VALUE));
            assertEquals(last, bits.nextSetBit(last - 100));
            assertEquals(-1, bits.claimFirstClear(last));
            assertEquals(last - 1, bits.claimFirstClear(last - 1));
            assertEquals(0, bits.claimFirstClear());
            assertThrows(IndexOutOfBoundsException.class, () -> bits.set(capacity));
            assertThrows(UnsupportedOperationException.class, bits::snapshot);
            assertEquals(3, bits.cardinality());
            assertTrue(bits.flip(1L << 30));
            assertEquals(1L << 30, bits.nextSetBit(1));
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** 10,000 seeded random operations, each checked against a {@link BitSet} model, with a full comparison after each. */
    private static void runModel(final SharedBitSet bits, final int capacity, final long seed)
    {
        final BitSet model = new BitSet(capacity);
        final SplittableRandom random = new SplittableRandom(seed);
        for (int op = 0; op < 10_000; op++)
        {
            final int i = random.nextInt(capacity);
            final String what = "op " + op + " on bit " + i;
            switch (random.nextInt(24))
            {
                case 0, 1 ->
                {
                    assertEquals(!model.get(i), bits.add(i), what);
                    model.set(i);
                }
                case 2 ->
                {
                    assertEquals(model.get(i), bits.remove(i), what);
                    model.clear(i);
                }
                case 3 -> assertEquals(model.get(i), bits.contains(i), what);
                case 4 -> assertEquals(model.get(i), bits.get(i), what);
                case 5 ->
                {
                    bits.set(i);
                    model.set(i);
                }
                case 6 ->
                {
                    final boolean value = random.nextBoolean();
                    bits.set(i, value);
                    model.set(i, value);
                }
                case 7 ->
                {
                    bits.clear(i);
                    model.clear(i);
                }
                case 8 ->
                {
                    model.flip(i);
                    assertEquals(model.get(i), bits.flip(i), what);
                }
                case 9 ->
                {
                    final boolean value = random.nextBoolean();
                    assertEquals(model.get(i), bits.getAndSet(i, value), what);
                    model.set(i, value);
                }
                case 10 ->
                {
                    final boolean expected = random.nextBoolean();
                    final boolean update = random.nextBoolean();
                    final boolean matches = model.get(i) == expected;
                    assertEquals(matches, bits.compareAndSet(i, expected, update), what);
                    if (matches)
                    {
                        model.set(i, update);
                    }
                }
                case 11, 12 ->
                {
                    final long claimed = bits.claimFirstClear();
                    if (model.cardinality() == capacity)
                    {
                        assertEquals(-1, claimed, what);
                    }
                    else
                    {
                        assertTrue(claimed >= 0 && claimed < capacity && !model.get((int)claimed), what + " claimed " + claimed);
                        model.set((int)claimed);
                    }
                }
                case 13 ->
                {
                    final int from = random.nextInt(capacity + 3);
                    final int expected = from >= capacity ? -1 : model.nextClearBit(from);
                    final long claimed = bits.claimFirstClear(from);
                    assertEquals(expected >= capacity ? -1 : expected, claimed, what + " from " + from);
                    if (claimed >= 0)
                    {
                        model.set((int)claimed);
                    }
                }
                case 14 ->
                {
                    assertEquals(model.get(i), bits.release(i), what);
                    model.clear(i);
                }
                case 15 ->
                {
                    final int from = random.nextInt(capacity + 3);
                    assertEquals(model.nextSetBit(from), bits.nextSetBit(from), what + " from " + from);
                }
                case 16 ->
                {
                    final int from = random.nextInt(capacity + 3);
                    final int expected = model.nextClearBit(from);
                    assertEquals(expected >= capacity ? -1 : expected, bits.nextClearBit(from), what + " from " + from);
                }
                case 17 ->
                {
                    final int from = random.nextInt(capacity + 4) - 1;
                    assertEquals(model.previousSetBit(from), bits.previousSetBit(from), what + " from " + from);
                }
                case 18 ->
                {
                    final int from = random.nextInt(capacity + 1);
                    final int to = from + random.nextInt(capacity + 1 - from);
                    bits.set(from, to);
                    model.set(from, to);
                }
                case 19 ->
                {
                    final int from = random.nextInt(capacity + 1);
                    final int to = from + random.nextInt(capacity + 1 - from);
                    bits.clear(from, to);
                    model.clear(from, to);
                }
                case 20 ->
                {
                    assertEquals(model.cardinality(), bits.cardinality(), what);
                    assertEquals(model.isEmpty(), bits.isEmpty(), what);
                }
                case 21 -> assertArrayEquals(model.stream().asLongStream().toArray(), bits.stream().toArray(), what);
                case 22 ->
                {
                    final PrimitiveIterator.OfLong iterator = bits.iterator();
                    if (iterator.hasNext())
                    {
                        final long first = iterator.nextLong();
                        assertEquals(model.nextSetBit(0), first, what);
                        iterator.remove();
                        model.clear((int)first);
                    }
                }
                default ->
                {
                    if (random.nextInt(20) == 0)
                    {
                        bits.clearAll();
                        model.clear();
                    }
                }
            }
            assertEquals(model, bits.snapshot(), "after " + what);
        }
        assertEquals(model.cardinality(), bits.cardinality());
    }

    private static void checkBoundaries(final SharedRegion region, final int capacity)
    {
        final String name = "edge-" + capacity;
        final SharedBitSet bits = SharedBitSet.of(region, name, capacity);
        final int last = capacity - 1;
        final int wordCount = (capacity + 63) / 64;
        final SharedLongArray raw = StructureEntries.words(region, name, wordCount + 8, "bitset:" + capacity);

        assertTrue(bits.isEmpty());
        assertEquals(0, bits.nextClearBit(0));
        assertEquals(last, bits.nextClearBit(last));
        assertEquals(-1, bits.nextClearBit(capacity));
        assertTrue(bits.add(last));
        assertEquals(last, bits.nextSetBit(0));
        assertEquals(last, bits.previousSetBit(capacity + 10));
        assertEquals(-1, bits.previousSetBit(last - 1));
        assertEquals(-1, bits.nextSetBit(capacity));
        assertThrows(IndexOutOfBoundsException.class, () -> bits.add(capacity));

        bits.set(0, capacity);
        assertEquals(capacity, bits.cardinality());
        assertEquals(-1, bits.nextClearBit(0));
        assertEquals(-1, bits.claimFirstClear());
        assertEquals(-1, bits.claimFirstClear(0));
        final long lastWordMask = capacity % 64 == 0 ? -1L : (1L << (capacity % 64)) - 1;
        assertEquals(lastWordMask, raw.get(wordCount - 1), "no bit at or past capacity in the last word");

        assertFalse(bits.flip(last));
        assertEquals(last, bits.nextClearBit(0));
        assertEquals(last, bits.claimFirstClear());
        assertEquals(-1, bits.claimFirstClear());
        assertEquals(lastWordMask, raw.get(wordCount - 1));

        // Bits past capacity set by some other writer are never reported.
        if (capacity % 64 != 0)
        {
            raw.set(wordCount - 1, -1L);
            assertEquals(capacity, bits.cardinality());
            assertEquals(-1, bits.claimFirstClear());
            assertEquals(capacity, bits.snapshot().cardinality());
            assertEquals(last, bits.previousSetBit(Long.MAX_VALUE));
            assertEquals(capacity, bits.stream().count());
        }

        bits.clear(0, capacity);
        assertTrue(bits.isEmpty());
        bits.set(last, last);
        bits.clear(0, 0);
        assertTrue(bits.isEmpty());
        assertEquals(new BitSet(), bits.snapshot());
        assertEquals(0, bits.claimFirstClear());
        bits.clearAll();
        assertTrue(bits.isEmpty());
    }

    private static <T> List<T> runAll(final List<Callable<T>> tasks, final CountDownLatch start) throws Exception
    {
        final ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try
        {
            final List<Future<T>> futures = new ArrayList<>();
            for (final Callable<T> task : tasks)
            {
                futures.add(pool.submit(task));
            }
            start.countDown();
            final List<T> results = new ArrayList<>();
            for (final Future<T> future : futures)
            {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        }
        finally
        {
            pool.shutdownNow();
            if (!pool.awaitTermination(10, TimeUnit.SECONDS))
            {
                fail("worker threads did not stop");
            }
        }
    }
}
