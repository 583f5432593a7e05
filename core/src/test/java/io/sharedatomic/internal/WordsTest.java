package io.sharedatomic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongBinaryOperator;

import io.sharedatomic.SharedBytes;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.testkit.ChildJvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@link Words} operation, on non-zero values and operands: what it returns AND what it stores (a return value
 * derived from the old value cannot show a wrong store); the masked forms on words with bits outside the mask set,
 * and against the one-word {@link SharedBytes} op table they are to replace; the calls that change nothing, which
 * must return the old value and write nothing (proven on a read-only mapping in a child JVM, where a write crashes);
 * and for every CAS loop, two threads at once losing no update.
 */
class WordsTest
{
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(2);
    /** Steps each racing thread makes at least. */
    private static final long RACE_STEPS = 100_000;
    /** Steps at least, per racing thread, that saw the other thread progress since its previous step. */
    private static final long RACE_OVERLAPS = 10_000;
    /** How long two threads may take to race that much. */
    private static final Duration RACE_LIMIT = Duration.ofSeconds(60);
    private static final LongBinaryOperator PREVIOUS = (value, operand) -> value;
    /** An update that depends on both inputs and is neither commutative nor idempotent. */
    private static final LongBinaryOperator MIX = (value, x) -> Long.rotateLeft(value, 13) ^ (x * 0x9E37_79B9_7F4A_7C15L);
    /** Masks of one run of bits, where addition is defined too. */
    private static final long[] RUN_MASKS = {0xFFL, 0xFFFFL, 0xFFFF_FFFFL, 0x00FF_FFFF_FFFF_FFFFL, -1L, 0xFF00L, 0x0000_FFFF_0000_0000L,
        Long.MIN_VALUE, 1L};
    /** Masks of scattered bits, for the bitwise operations. */
    private static final long[] SCATTERED_MASKS = {0x5555_5555_5555_5555L, 0xF0F0_0000_0000_0F0FL};

    @TempDir
    Path tempDir;

    private NativeMemory.Block block;
    private long word;

    /** A call under test: the word's address and an operand in, what it returns out. */
    @FunctionalInterface
    private interface Call
    {
        long apply(long address, long operand);
    }

    /** A masked call under test. */
    @FunctionalInterface
    private interface MaskedCall
    {
        long apply(long address, long operand, long mask);
    }

    /**
     * @param name     the operation.
     * @param call     it, through Words.
     * @param stored   what the word must hold afterwards, from the old value and the operand.
     * @param returned what it must return, from the old value and the operand.
     */
    private record Op(String name, Call call, LongBinaryOperator stored, LongBinaryOperator returned)
    {
    }

    /**
     * @param name       the operation.
     * @param call       it, through Words.
     * @param operation  the operation at 64 bits, whose result the mask wraps.
     * @param arithmetic whether it carries (defined for masks of one run of bits, with the operand in place).
     */
    private record MaskedOp(String name, MaskedCall call, LongBinaryOperator operation, boolean arithmetic)
    {
    }

    @BeforeEach
    void allocate()
    {
        block = NativeMemory.allocate(4096);
        word = block.address();
    }

    @AfterEach
    void release()
    {
        block.release();
    }

    private static List<Op> fullWidthOps()
    {
        return List.of(
            new Op("getAndAnd", Words::getAndAnd, (v, n) -> v & n, PREVIOUS),
            new Op("getAndOr", Words::getAndOr, (v, n) -> v | n, PREVIOUS),
            new Op("getAndXor", Words::getAndXor, (v, n) -> v ^ n, PREVIOUS),
            new Op("getAndNand", Words::getAndNand, (v, n) -> ~(v & n), PREVIOUS),
            new Op("getAndAdd", Words::getAndAdd, (v, n) -> v + n, PREVIOUS),
            new Op("getAndSet", Words::getAndSet, (v, n) -> n, PREVIOUS),
            new Op("getAndUpdate", (a, n) -> Words.getAndUpdate(a, v -> MIX.applyAsLong(v, n)), MIX, PREVIOUS),
            new Op("updateAndGet", (a, n) -> Words.updateAndGet(a, v -> MIX.applyAsLong(v, n)), MIX, MIX),
            new Op("getAndAccumulate", (a, n) -> Words.getAndAccumulate(a, n, MIX), MIX, PREVIOUS),
            new Op("accumulateAndGet", (a, n) -> Words.accumulateAndGet(a, n, MIX), MIX, MIX),
            new Op("compareAndSet that succeeds", (a, n) -> Words.compareAndSet(a, NativeMemory.getVolatile(a), n) ? 1 : 0, (v, n) -> n,
                (v, n) -> 1),
            new Op("compareAndSet that fails", (a, n) -> Words.compareAndSet(a, ~NativeMemory.getVolatile(a), n) ? 1 : 0, PREVIOUS,
                (v, n) -> 0),
            new Op("compareAndExchange that succeeds", (a, n) -> Words.compareAndExchange(a, NativeMemory.getVolatile(a), n), (v, n) -> n,
                PREVIOUS),
            new Op("compareAndExchange that fails", (a, n) -> Words.compareAndExchange(a, ~NativeMemory.getVolatile(a), n), PREVIOUS,
                PREVIOUS));
    }

    private static List<MaskedOp> maskedOps()
    {
        return List.of(
            new MaskedOp("getAndAddMasked", Words::getAndAddMasked, (v, n) -> v + n, true),
            new MaskedOp("getAndAndMasked", Words::getAndAndMasked, (v, n) -> v & n, false),
            new MaskedOp("getAndOrMasked", Words::getAndOrMasked, (v, n) -> v | n, false),
            new MaskedOp("getAndXorMasked", Words::getAndXorMasked, (v, n) -> v ^ n, false),
            new MaskedOp("getAndNandMasked", Words::getAndNandMasked, (v, n) -> ~(v & n), false));
    }

    /** Non-zero pairs of value and operand: edge patterns, then seeded random ones. */
    private static List<long[]> pairs()
    {
        final long[] edges = {-1L, 1L, Long.MIN_VALUE, Long.MAX_VALUE, 0x5555_5555_5555_5555L, 0xAAAA_AAAA_AAAA_AAAAL,
            0x0123_4567_89AB_CDEFL, 0xFF00_FF00_FF00_FF00L, 0x8000_0000_0000_0001L, 0x0000_0000_0000_FF80L};
        final List<long[]> pairs = new ArrayList<>();
        for (final long value : edges)
        {
            for (final long operand : edges)
            {
                pairs.add(new long[]{value, operand});
            }
        }
        final SplittableRandom random = new SplittableRandom(20261207);
        for (int i = 0; i < 200; i++)
        {
            pairs.add(new long[]{random.nextLong() | 1, random.nextLong() | 2});
        }
        return pairs;
    }

    private static String hex(final long value)
    {
        return "0x" + Long.toHexString(value);
    }

    @Test
    void shouldReturnAndStoreWhatEveryOperationComputes()
    {
        for (final Op op : fullWidthOps())
        {
            for (final long[] pair : pairs())
            {
                final long v = pair[0];
                final long n = pair[1];
                final String where = op.name() + " of " + hex(v) + " with " + hex(n);
                NativeMemory.setVolatile(word, v);
                assertEquals(op.returned().applyAsLong(v, n), op.call().apply(word, n), where + ": returned");
                assertEquals(op.stored().applyAsLong(v, n), NativeMemory.getVolatile(word), where + ": stored");
            }
        }
    }

    @Test
    void shouldWrapMaskedOperationsToTheMaskAndKeepTheBitsOutsideIt()
    {
        int outsideSet = 0;
        for (final MaskedOp op : maskedOps())
        {
            final List<Long> masks = new ArrayList<>();
            Arrays.stream(RUN_MASKS).forEach(masks::add);
            if (!op.arithmetic())
            {
                Arrays.stream(SCATTERED_MASKS).forEach(masks::add);
            }
            for (final long mask : masks)
            {
                for (final long[] pair : pairs())
                {
                    final long v = pair[0];
                    // Addition takes its operand in place: no bits below the mask's run, so no carry enters it.
                    final long n = op.arithmetic() ? pair[1] & -Long.lowestOneBit(mask) : pair[1];
                    final String where = op.name() + " of " + hex(v) + " with " + hex(n) + " in mask " + hex(mask);
                    if ((v & ~mask) != 0)
                    {
                        outsideSet++;
                    }
                    NativeMemory.setVolatile(word, v);
                    assertEquals(v & mask, op.call().apply(word, n, mask), where + ": returned");
                    final long expected = (v & ~mask) | (op.operation().applyAsLong(v, n) & mask);
                    assertEquals(expected, NativeMemory.getVolatile(word), where + ": stored");
                }
            }
        }
        assertTrue(outsideSet > 1000, "most cases have bits set outside the mask: " + outsideSet);
    }

    @Test
    void shouldBeTheFullWidthOperationsWithAMaskOfEveryBit()
    {
        final List<Call> full = List.of(Words::getAndAdd, Words::getAndAnd, Words::getAndOr, Words::getAndXor, Words::getAndNand);
        final List<MaskedOp> masked = maskedOps();
        for (int i = 0; i < full.size(); i++)
        {
            for (final long[] pair : pairs())
            {
                final String where = masked.get(i).name() + " of " + hex(pair[0]) + " with " + hex(pair[1]);
                NativeMemory.setVolatile(word, pair[0]);
                final long fullReturned = full.get(i).apply(word, pair[1]);
                final long fullStored = NativeMemory.getVolatile(word);
                NativeMemory.setVolatile(word, pair[0]);
                assertEquals(fullReturned, masked.get(i).call().apply(word, pair[1], -1L), where + ": returned");
                assertEquals(fullStored, NativeMemory.getVolatile(word), where + ": stored");
            }
        }
    }

    /**
     * The mapping a one-word {@link SharedBytes} switches to: add is {@code getAndAddMasked(operand)}, subtract
     * {@code getAndAddMasked(-operand)}, the bitwise operations their masked forms, the mask the width's; each
     * {@code xAndGet} is computed from the returned old value. Both return and store what SharedBytes does.
     */
    @Test
    void shouldReproduceTheOneWordBytesOperations()
    {
        try (SharedRegion region = SharedRegion.inMemory())
        {
            for (final int width : new int[]{1, 2, 4, 8})
            {
                final SharedBytes bytes = region.sharedBytes("w" + width, new byte[width]);
                assertEquals(width, bytes.capacity());
                final long mask = width == Long.BYTES ? -1L : (1L << (Byte.SIZE * width)) - 1;
                for (final long[] pair : pairs())
                {
                    final long v = pair[0] & mask;
                    final long n = pair[1] & mask;
                    checkBytes(bytes, v, n, mask, "add", b -> b.getAndAdd(n), b -> b.addAndGet(n),
                        a -> Words.getAndAddMasked(a, n, mask), previous -> (previous + n) & mask);
                    checkBytes(bytes, v, n, mask, "subtract", b -> b.getAndSubtract(n), b -> b.subtractAndGet(n),
                        a -> Words.getAndAddMasked(a, -n, mask), previous -> (previous - n) & mask);
                    checkBytes(bytes, v, n, mask, "and", b -> b.getAndAnd(n), b -> b.andAndGet(n),
                        a -> Words.getAndAndMasked(a, n, mask), previous -> previous & n);
                    checkBytes(bytes, v, n, mask, "or", b -> b.getAndOr(n), b -> b.orAndGet(n),
                        a -> Words.getAndOrMasked(a, n, mask), previous -> previous | n);
                    checkBytes(bytes, v, n, mask, "xor", b -> b.getAndXor(n), b -> b.xorAndGet(n),
                        a -> Words.getAndXorMasked(a, n, mask), previous -> previous ^ n);
                    checkBytes(bytes, v, n, mask, "nand", b -> b.getAndNand(n), b -> b.nandAndGet(n),
                        a -> Words.getAndNandMasked(a, n, mask), previous -> ~(previous & n) & mask);
                }
            }
        }
    }

    /** A SharedBytes call. */
    @FunctionalInterface
    private interface BytesCall
    {
        long apply(SharedBytes bytes);
    }

    /** A Words call on an address. */
    @FunctionalInterface
    private interface WordCall
    {
        long apply(long address);
    }

    /** The new value, from the returned old one. */
    @FunctionalInterface
    private interface Derive
    {
        long apply(long previous);
    }

    private void checkBytes(final SharedBytes bytes, final long v, final long n, final long mask, final String name,
        final BytesCall getAndX, final BytesCall xAndGet, final WordCall words, final Derive newValue)
    {
        final String where = name + " at width " + bytes.capacity() + " of " + hex(v) + " with " + hex(n);
        final byte[] value = Arrays.copyOfRange(ByteBuffer.allocate(Long.BYTES).putLong(v).array(), Long.BYTES - bytes.capacity(),
            Long.BYTES);
        bytes.set(value);
        final long bytesPrevious = getAndX.apply(bytes);
        final long bytesStored = bytes.getAsLong();
        bytes.set(value);
        final long bytesNew = xAndGet.apply(bytes);
        NativeMemory.setVolatile(word, v);
        final long previous = words.apply(word);
        assertEquals(bytesPrevious, previous, where + ": returned");
        assertEquals(bytesStored, NativeMemory.getVolatile(word), where + ": stored");
        assertEquals(bytesNew, newValue.apply(previous), where + ": new value derived from the returned one");
        assertEquals(0, NativeMemory.getVolatile(word) & ~mask, where + ": bits outside the width");
    }

    @Test
    void shouldReturnTheOldValueAndKeepItWhenNothingChanges()
    {
        for (final WordsReadOnlyChildMain.Unchanged unchanged : WordsReadOnlyChildMain.CASES)
        {
            NativeMemory.setVolatile(word, unchanged.initial());
            assertEquals(unchanged.returned(), unchanged.call().apply(word), unchanged.name() + ": returned");
            assertEquals(unchanged.initial(), NativeMemory.getVolatile(word), unchanged.name() + ": stored");
        }
        // An update function that changes nothing runs once: nothing failed, so nothing is computed again.
        final AtomicInteger calls = new AtomicInteger();
        NativeMemory.setVolatile(word, 42);
        assertEquals(42, Words.updateAndGet(word, v ->
        {
            calls.incrementAndGet();
            return v;
        }));
        assertEquals(42, Words.getAndAccumulate(word, 7, (v, x) ->
        {
            calls.incrementAndGet();
            return v;
        }));
        assertEquals(2, calls.get());
    }

    @Test
    void shouldWriteNothingWhenNothingChanges() throws Exception
    {
        final Path file = tempDir.resolve("words");
        final ByteBuffer initial = ByteBuffer.allocate(NativeMemory.pageSize()).order(ByteOrder.nativeOrder());
        for (final WordsReadOnlyChildMain.Unchanged unchanged : WordsReadOnlyChildMain.CASES)
        {
            initial.putLong(unchanged.initial());
        }
        Files.write(file, initial.array());
        final String[] crashQuietly = {"-XX:+SuppressFatalErrorMessage", "-XX:-CreateCoredumpOnCrash",
            "-XX:ErrorFile=" + tempDir.resolve("hs_err_%p.log")};
        final ChildJvm.Result result = ChildJvm.launcher(WordsReadOnlyChildMain.class, file.toString()).jvmArguments(crashQuietly).start()
            .await(CHILD_TIMEOUT);
        assertEquals(0, result.exitCode(), "a call that changes nothing wrote to a read-only mapping (or failed):\n" + result.stdout() +
            result.stderr());
        assertTrue(result.stdout().contains("ok " + WordsReadOnlyChildMain.CASES.size()), result.stdout());
        // The control: the same child making one change must not get through, or the check above proves nothing.
        final ChildJvm.Result control = ChildJvm.launcher(WordsReadOnlyChildMain.class, file.toString(), "control")
            .jvmArguments(crashQuietly).start().await(CHILD_TIMEOUT);
        assertTrue(control.stdout().contains("writing"), control.stdout() + control.stderr());
        assertFalse(control.stdout().contains("wrote"), "a CAS on a read-only mapping went through");
        assertNotEquals(0, control.exitCode());
    }

    // ----- two threads at once ---------------------------------------------------------------------------------------

    /** One step of one racing thread: its index (0 or 1) and its step count in; throws AssertionError on a lost update. */
    @FunctionalInterface
    private interface Racer
    {
        void step(int thread, long i);
    }

    /**
     * Runs {@code racer} in two threads until each has made at least {@link #RACE_STEPS} steps, of which at least
     * {@link #RACE_OVERLAPS} saw the other thread make progress since its previous step: on a busy machine two
     * threads can otherwise run one after the other and a lost-update check pass without a race. A run that cannot
     * race within {@link #RACE_LIMIT} fails.
     *
     * @return the steps each thread made.
     */
    private static long[] race(final Racer racer) throws InterruptedException
    {
        final CyclicBarrier start = new CyclicBarrier(2);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        // Slots 0 and 16: each thread's counters on a cache line of their own.
        final AtomicLongArray progress = new AtomicLongArray(32);
        final AtomicIntegerArray satisfied = new AtomicIntegerArray(32);
        final long[] steps = new long[2];
        final long[] overlaps = new long[2];
        final long deadline = System.nanoTime() + RACE_LIMIT.toNanos();
        final List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++)
        {
            final int thread = t;
            threads.add(new Thread(() ->
            {
                try
                {
                    start.await(30, TimeUnit.SECONDS);
                    long lastOther = -1;
                    long i = 0;
                    long seen = 0;
                    while (satisfied.get(0) == 0 || satisfied.get(16) == 0)
                    {
                        racer.step(thread, i);
                        i++;
                        progress.lazySet(16 * thread, i);
                        final long other = progress.get(16 * (1 - thread));
                        if (other != lastOther)
                        {
                            seen++;
                            lastOther = other;
                        }
                        if (i >= RACE_STEPS && seen >= RACE_OVERLAPS && satisfied.get(16 * thread) == 0)
                        {
                            satisfied.set(16 * thread, 1);
                        }
                        if ((i & 0xFFF) == 0 && System.nanoTime() - deadline > 0)
                        {
                            break;
                        }
                    }
                    steps[thread] = i;
                    overlaps[thread] = seen;
                }
                catch (final Throwable th)
                {
                    failure.compareAndSet(null, th);
                    // Let the other thread stop.
                    satisfied.set(0, 1);
                    satisfied.set(16, 1);
                }
            }, "words-race-" + t));
        }
        threads.forEach(Thread::start);
        for (final Thread thread : threads)
        {
            thread.join(RACE_LIMIT.plusMinutes(1).toMillis());
            assertFalse(thread.isAlive(), thread.getName() + " is still running");
        }
        if (failure.get() != null)
        {
            throw new AssertionError("a racer failed", failure.get());
        }
        assertTrue(satisfied.get(0) == 1 && satisfied.get(16) == 1, "the threads could not race within " + RACE_LIMIT + ": steps " +
            Arrays.toString(steps) + ", steps that saw the other progress " + Arrays.toString(overlaps));
        return steps;
    }

    /**
     * Each thread sets then clears a bit of its own, so each call must find the bit as the thread last left it; the
     * other bits (inside and outside the mask) stay.
     */
    private void raceSetAndClear(final String name, final Call set, final Call clear, final long initial, final long[] bits)
        throws InterruptedException
    {
        NativeMemory.setVolatile(word, initial);
        race((thread, i) ->
        {
            final long bit = bits[thread];
            if ((set.apply(word, bit) & bit) != 0)
            {
                throw new AssertionError(name + ": thread " + thread + " found its bit set before setting it, at " + i);
            }
            if ((clear.apply(word, ~bit) & bit) == 0)
            {
                throw new AssertionError(name + ": thread " + thread + " found its bit clear before clearing it, at " + i);
            }
        });
        assertEquals(initial, NativeMemory.getVolatile(word), name);
    }

    @Test
    void shouldLoseNoOrOrAndUnderContention() throws InterruptedException
    {
        final long initial = 0x0F00_0000_0000_00F0L;
        raceSetAndClear("getAndOr/getAndAnd", Words::getAndOr, Words::getAndAnd, initial, new long[]{1L << 3, 1L << 50});
        final long mask = 0x0000_FFFF_FFFF_0000L;
        raceSetAndClear("getAndOrMasked/getAndAndMasked", (a, n) -> Words.getAndOrMasked(a, n, mask),
            (a, n) -> Words.getAndAndMasked(a, n, mask), initial | 0x0000_0F00_0000_0000L, new long[]{1L << 17, 1L << 46});
    }

    private void raceToggle(final String name, final Call toggle, final long initial, final long[] bits) throws InterruptedException
    {
        NativeMemory.setVolatile(word, initial);
        final long[] steps = race((thread, i) ->
        {
            final long bit = bits[thread];
            // Only this thread flips this bit: before its i-th flip the bit is i flips away from where it started.
            if (((toggle.apply(word, bit) & bit) != 0) != (((i & 1) == 1) ^ ((initial & bit) != 0)))
            {
                throw new AssertionError(name + ": thread " + thread + " lost a flip before flip " + i);
            }
        });
        final long flipped = ((steps[0] & 1) == 1 ? bits[0] : 0) | ((steps[1] & 1) == 1 ? bits[1] : 0);
        assertEquals(initial ^ flipped, NativeMemory.getVolatile(word), name + ": each bit flipped as often as its thread flipped it");
    }

    @Test
    void shouldLoseNoXorUnderContention() throws InterruptedException
    {
        final long initial = 0x0F00_0000_0000_00F8L;
        raceToggle("getAndXor", Words::getAndXor, initial, new long[]{1L << 3, 1L << 41});
        final long mask = 0xFFFFL;
        raceToggle("getAndXorMasked", (a, n) -> Words.getAndXorMasked(a, n, mask), initial, new long[]{1L << 3, 1L << 9});
    }

    /**
     * Both threads complement the value (NAND with every bit of the mask): the old values then alternate between
     * the value and its complement, starting with the value, so each is seen half the time; a lost update breaks the
     * count or the final value.
     */
    private void raceComplement(final String name, final Call complement, final long initial, final long mask) throws InterruptedException
    {
        NativeMemory.setVolatile(word, initial);
        final long complemented = (initial & ~mask) | (~initial & mask);
        final AtomicLong sawInitial = new AtomicLong();
        final AtomicLong sawComplement = new AtomicLong();
        final long[] steps = race((thread, i) ->
        {
            final long previous = complement.apply(word, mask);
            if (previous == (initial & mask))
            {
                sawInitial.incrementAndGet();
            }
            else if (previous == (complemented & mask))
            {
                sawComplement.incrementAndGet();
            }
            else
            {
                throw new AssertionError(name + ": returned " + hex(previous));
            }
        });
        final long total = steps[0] + steps[1];
        assertEquals((total + 1) / 2, sawInitial.get(), name + ": old values equal to the first value, of " + total);
        assertEquals(total / 2, sawComplement.get(), name + ": old values equal to its complement, of " + total);
        assertEquals(total % 2 == 0 ? initial : complemented, NativeMemory.getVolatile(word), name + ": after " + total + " complements");
    }

    @Test
    void shouldLoseNoNandUnderContention() throws InterruptedException
    {
        raceComplement("getAndNand", Words::getAndNand, 0x0123_4567_89AB_CDEFL, -1L);
        raceComplement("getAndNandMasked", (a, n) -> Words.getAndNandMasked(a, n, 0xFFFF_FFFFL), 0x0123_4567_89AB_CDEFL, 0xFFFF_FFFFL);
    }

    /**
     * Both threads add one, through {@code increment} (which returns the old value, or the new one with
     * {@code returnsNew}): at the full width each thread sees the value only grow; the total arrives, which a lost
     * update would leave short. (A narrow value can wrap any number of times while one thread is descheduled, so
     * there only the total counts.)
     */
    private void raceIncrement(final String name, final Call increment, final boolean returnsNew, final long initial, final long mask)
        throws InterruptedException
    {
        NativeMemory.setVolatile(word, initial);
        final long[] last = {initial & mask, initial & mask};
        final long[] steps = race((thread, i) ->
        {
            final long old = increment.apply(word, 1) - (returnsNew ? 1 : 0);
            final long grown = (old - last[thread]) & mask;
            if (mask == -1L && i > 0 && (grown == 0 || grown < 0))
            {
                throw new AssertionError(name + ": thread " + thread + " saw " + hex(old) + " after " + hex(last[thread]));
            }
            last[thread] = old & mask;
        });
        final long total = steps[0] + steps[1];
        assertEquals((initial & ~mask) | ((initial + total) & mask), NativeMemory.getVolatile(word),
            name + ": after " + total + " increments");
    }

    @Test
    void shouldLoseNoIncrementOfTheUpdateFunctionsUnderContention() throws InterruptedException
    {
        final long initial = 0x0123_4567_89AB_0000L;
        raceIncrement("getAndUpdate", (a, n) -> Words.getAndUpdate(a, v -> v + 1), false, initial, -1L);
        raceIncrement("updateAndGet", (a, n) -> Words.updateAndGet(a, v -> v + 1), true, initial, -1L);
        raceIncrement("getAndAccumulate", (a, n) -> Words.getAndAccumulate(a, n, Long::sum), false, initial, -1L);
        raceIncrement("accumulateAndGet", (a, n) -> Words.accumulateAndGet(a, n, Long::sum), true, initial, -1L);
    }

    @Test
    void shouldLoseNoIncrementOfANarrowAddOrACompareAndExchangeLoopUnderContention() throws InterruptedException
    {
        // Bits outside the mask set; the value starts near its top so that it wraps during the race.
        final long mask = 0xF_FFFFL;
        raceIncrement("getAndAddMasked", (a, n) -> Words.getAndAddMasked(a, n, mask), false, 0xABCD_0000_000F_FFF0L, mask);
        raceIncrement("compareAndExchange loop", (a, n) ->
        {
            long expected = NativeMemory.getVolatile(a);
            while (true)
            {
                final long witness = Words.compareAndExchange(a, expected, expected + n);
                if (witness == expected)
                {
                    return expected;
                }
                expected = witness;
            }
        }, false, 0x0123_4567_89AB_0000L, -1L);
    }
}
