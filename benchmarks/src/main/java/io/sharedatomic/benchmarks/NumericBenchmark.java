package io.sharedatomic.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import static io.sharedatomic.benchmarks.NumericFixture.BASELINE_OFFSET;
import static io.sharedatomic.benchmarks.NumericFixture.LONGS;

/**
 * Uncontended numeric operations (one thread) on values in a mapped region file: {@code get}, {@code set},
 * {@code getAndAdd}, {@code compareAndSet} that always succeeds (it alternates between two values), and a CAS
 * increment loop ({@code get} then {@code compareAndSet(v, v + 1)}), for {@code SharedLong}, {@code SharedULong},
 * {@code SharedDouble} (no getAndAdd) and {@code SharedBoolean} (get, set, compareAndSet); and for {@code SharedLong}
 * the library's own CAS loops: {@code getAndXor}, {@code getAndOr} then {@code getAndAnd} of one bit (every call a
 * change), {@code getAndOr} of a bit already set (no change: no CAS), {@code getAndNand}, {@code updateAndGet} and
 * {@code accumulateAndGet} (increments).
 *
 * <p><b>Baselines</b>, run in the same class so every result is a ratio:
 * <ul>
 *   <li>{@code atomicLong}: {@link java.util.concurrent.atomic.AtomicLong} on the heap, the bound the library aims
 *       at (issue 6: at most 1.15x);</li>
 *   <li>{@code varHandle}: {@code MethodHandles.byteBufferViewVarHandle(long[].class, nativeOrder)} over a
 *       {@code MappedByteBuffer} of a file of the region's length, the plain-JDK way to the same mapped word (the
 *       library should be no slower);</li>
 *   <li>{@code chronicle}: Chronicle Bytes' own {@code MappedBytes} methods ({@code readVolatileLong},
 *       {@code writeVolatileLong}, {@code addAndGetLong}, {@code compareAndSwapLong}) with its single-thread check
 *       off, which is what a user of Chronicle alone gets;</li>
 *   <li>{@code agrona}: Agrona's {@code UnsafeBuffer} over a {@code MappedByteBuffer} of a file of the region's length
 *       ({@code getLongVolatile}, {@code putLongVolatile}, {@code getAndAddLong}, {@code compareAndSetLong}), with
 *       Agrona's default bounds checks: the off-heap peer users compare the library with (issue 12: a {@code get} at
 *       most 1.0x Agrona's {@code getLongVolatile}).</li>
 * </ul>
 * The library's handles and every baseline word sit alone on a cache line. The JVM flags come from
 * {@link RunAll}, which appends the parent pom's {@code shared.atomic.jvm.args} to every fork.
 */
@Baselines(value = {"atomicLong", "varHandle", "chronicle", "agrona"},
    description = "AtomicLong on the heap; a byteBufferViewVarHandle over a MappedByteBuffer of a file of the same length; " +
        "Chronicle MappedBytes' own methods (readVolatileLong, writeVolatileLong, addAndGetLong, compareAndSwapLong); " +
        "Agrona's UnsafeBuffer over a MappedByteBuffer of a file of the same length (getLongVolatile, putLongVolatile, " +
        "getAndAddLong, compareAndSetLong; bounds checks on, Agrona's default).")
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class NumericBenchmark
{
    private static final long XOR_OPERAND = 0x5555_5555_5555_5555L;
    private static final long BIT = 1L << 17;
    private static final LongUnaryOperator INCREMENT = value -> value + 1;
    private static final LongBinaryOperator SUM = Long::sum;

    private NumericFixture values;
    private long nextValue;
    private long expectedLong;
    private double expectedDouble;
    private boolean expectedBoolean;

    /**
     * Maps the region and the baseline files.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        values = new NumericFixture();
    }

    /**
     * Closes and deletes them.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        values.close();
    }

    // ----- get -------------------------------------------------------------------------------------------------------

    /** @return the value. */
    @Benchmark
    public long sharedLong_get()
    {
        return values.sharedLong.get();
    }

    /** @return the value. */
    @Benchmark
    public long sharedULong_get()
    {
        return values.sharedULong.get();
    }

    /** @return the value. */
    @Benchmark
    public double sharedDouble_get()
    {
        return values.sharedDouble.get();
    }

    /** @return the value. */
    @Benchmark
    public boolean sharedBoolean_get()
    {
        return values.sharedBoolean.get();
    }

    /** @return the value. */
    @Benchmark
    public long atomicLong_get()
    {
        return values.atomicLong.get();
    }

    /** @return the value. */
    @Benchmark
    public long varHandle_get()
    {
        return (long)LONGS.getVolatile(values.buffer, BASELINE_OFFSET);
    }

    /** @return the value. */
    @Benchmark
    public long chronicle_get()
    {
        return values.chronicle.readVolatileLong(BASELINE_OFFSET);
    }

    /** @return the value. */
    @Benchmark
    public long agrona_get()
    {
        return values.agrona.getLongVolatile(BASELINE_OFFSET);
    }

    // ----- set (volatile) --------------------------------------------------------------------------------------------

    /** Volatile store of a changing value. */
    @Benchmark
    public void sharedLong_set()
    {
        values.sharedLong.set(nextValue++);
    }

    /** Volatile store of a changing value. */
    @Benchmark
    public void sharedULong_set()
    {
        values.sharedULong.set(nextValue++);
    }

    /** Volatile store of a changing value. */
    @Benchmark
    public void sharedDouble_set()
    {
        values.sharedDouble.set(nextValue++);
    }

    /** Volatile store of a changing value. */
    @Benchmark
    public void sharedBoolean_set()
    {
        values.sharedBoolean.set((nextValue++ & 1) == 0);
    }

    /** Volatile store of a changing value. */
    @Benchmark
    public void atomicLong_set()
    {
        values.atomicLong.set(nextValue++);
    }

    /** Volatile store of a changing value. */
    @Benchmark
    public void varHandle_set()
    {
        LONGS.setVolatile(values.buffer, BASELINE_OFFSET, nextValue++);
    }

    /** Volatile store of a changing value. */
    @Benchmark
    public void chronicle_set()
    {
        values.chronicle.writeVolatileLong(BASELINE_OFFSET, nextValue++);
    }

    /** Volatile store of a changing value. */
    @Benchmark
    public void agrona_set()
    {
        values.agrona.putLongVolatile(BASELINE_OFFSET, nextValue++);
    }

    // ----- getAndAdd -------------------------------------------------------------------------------------------------

    /** @return the previous value. */
    @Benchmark
    public long sharedLong_getAndAdd()
    {
        return values.sharedLong.getAndAdd(1);
    }

    /** @return the previous value. */
    @Benchmark
    public long sharedULong_getAndAdd()
    {
        return values.sharedULong.getAndAdd(1);
    }

    /** @return the previous value. */
    @Benchmark
    public long atomicLong_getAndAdd()
    {
        return values.atomicLong.getAndAdd(1);
    }

    /** @return the previous value. */
    @Benchmark
    public long varHandle_getAndAdd()
    {
        return (long)LONGS.getAndAdd(values.buffer, BASELINE_OFFSET, 1L);
    }

    /** @return the new value: Chronicle's addAndGetLong is itself a CAS loop with per-call checks. */
    @Benchmark
    public long chronicle_getAndAdd()
    {
        return values.chronicle.addAndGetLong(BASELINE_OFFSET, 1);
    }

    /** @return the previous value. */
    @Benchmark
    public long agrona_getAndAdd()
    {
        return values.agrona.getAndAddLong(BASELINE_OFFSET, 1);
    }

    // ----- compareAndSet that succeeds: each call expects what the previous one wrote ---------------------------------

    /** @return true. */
    @Benchmark
    public boolean sharedLong_casSuccess()
    {
        final long expected = expectedLong;
        expectedLong = expected ^ 1;
        return values.sharedLong.compareAndSet(expected, expected ^ 1);
    }

    /** @return true. */
    @Benchmark
    public boolean sharedULong_casSuccess()
    {
        final long expected = expectedLong;
        expectedLong = expected ^ 1;
        return values.sharedULong.compareAndSet(expected, expected ^ 1);
    }

    /** @return true. */
    @Benchmark
    public boolean sharedDouble_casSuccess()
    {
        final double expected = expectedDouble;
        final double update = expected == 0.0 ? 1.0 : 0.0;
        expectedDouble = update;
        return values.sharedDouble.compareAndSet(expected, update);
    }

    /** @return true. */
    @Benchmark
    public boolean sharedBoolean_casSuccess()
    {
        final boolean expected = expectedBoolean;
        expectedBoolean = !expected;
        return values.sharedBoolean.compareAndSet(expected, !expected);
    }

    /** @return true. */
    @Benchmark
    public boolean atomicLong_casSuccess()
    {
        final long expected = expectedLong;
        expectedLong = expected ^ 1;
        return values.atomicLong.compareAndSet(expected, expected ^ 1);
    }

    /** @return true. */
    @Benchmark
    public boolean varHandle_casSuccess()
    {
        final long expected = expectedLong;
        expectedLong = expected ^ 1;
        return LONGS.compareAndSet(values.buffer, BASELINE_OFFSET, expected, expected ^ 1);
    }

    /** @return true. */
    @Benchmark
    public boolean chronicle_casSuccess()
    {
        final long expected = expectedLong;
        expectedLong = expected ^ 1;
        return values.chronicle.compareAndSwapLong(BASELINE_OFFSET, expected, expected ^ 1);
    }

    /** @return true. */
    @Benchmark
    public boolean agrona_casSuccess()
    {
        final long expected = expectedLong;
        expectedLong = expected ^ 1;
        return values.agrona.compareAndSetLong(BASELINE_OFFSET, expected, expected ^ 1);
    }

    // ----- CAS increment loop ----------------------------------------------------------------------------------------

    /** @return the value before the increment. */
    @Benchmark
    public long sharedLong_casLoop()
    {
        long value;
        do
        {
            value = values.sharedLong.get();
        }
        while (!values.sharedLong.compareAndSet(value, value + 1));
        return value;
    }

    /** @return the value before the increment. */
    @Benchmark
    public long sharedULong_casLoop()
    {
        long value;
        do
        {
            value = values.sharedULong.get();
        }
        while (!values.sharedULong.compareAndSet(value, value + 1));
        return value;
    }

    /** @return the value before the increment. */
    @Benchmark
    public double sharedDouble_casLoop()
    {
        double value;
        do
        {
            value = values.sharedDouble.get();
        }
        while (!values.sharedDouble.compareAndSet(value, value + 1));
        return value;
    }

    /** @return the value before the increment. */
    @Benchmark
    public long atomicLong_casLoop()
    {
        long value;
        do
        {
            value = values.atomicLong.get();
        }
        while (!values.atomicLong.compareAndSet(value, value + 1));
        return value;
    }

    /** @return the value before the increment. */
    @Benchmark
    public long varHandle_casLoop()
    {
        long value;
        do
        {
            value = (long)LONGS.getVolatile(values.buffer, BASELINE_OFFSET);
        }
        while (!LONGS.compareAndSet(values.buffer, BASELINE_OFFSET, value, value + 1));
        return value;
    }

    /** @return the value before the increment. */
    @Benchmark
    public long chronicle_casLoop()
    {
        long value;
        do
        {
            value = values.chronicle.readVolatileLong(BASELINE_OFFSET);
        }
        while (!values.chronicle.compareAndSwapLong(BASELINE_OFFSET, value, value + 1));
        return value;
    }

    /** @return the value before the increment. */
    @Benchmark
    public long agrona_casLoop()
    {
        long value;
        do
        {
            value = values.agrona.getLongVolatile(BASELINE_OFFSET);
        }
        while (!values.agrona.compareAndSetLong(BASELINE_OFFSET, value, value + 1));
        return value;
    }

    // ----- bitwise CAS loops: every call changes the value, except in *Unchanged ---------------------------------------

    /** @return the previous value. */
    @Benchmark
    public long sharedLong_getAndXor()
    {
        return values.sharedLong.getAndXor(XOR_OPERAND);
    }

    /** @return the previous value. */
    @Benchmark
    public long varHandle_getAndXor()
    {
        return (long)LONGS.getAndBitwiseXor(values.buffer, BASELINE_OFFSET, XOR_OPERAND);
    }

    /** @return the value before the AND: a set bit is set, then cleared (two real updates, reported per update). */
    @Benchmark
    @OperationsPerInvocation(2)
    public long sharedLong_getAndOrAnd()
    {
        values.sharedLong.getAndOr(BIT);
        return values.sharedLong.getAndAnd(~BIT);
    }

    /** @return the value before the AND. */
    @Benchmark
    @OperationsPerInvocation(2)
    public long varHandle_getAndOrAnd()
    {
        LONGS.getAndBitwiseOr(values.buffer, BASELINE_OFFSET, BIT);
        return (long)LONGS.getAndBitwiseAnd(values.buffer, BASELINE_OFFSET, ~BIT);
    }

    /** @return the previous value: the bit is already set after the first call, so nothing changes. */
    @Benchmark
    public long sharedLong_getAndOrUnchanged()
    {
        return values.sharedLong.getAndOr(BIT);
    }

    /** @return the previous value: the JDK writes even when nothing changes. */
    @Benchmark
    public long varHandle_getAndOrUnchanged()
    {
        return (long)LONGS.getAndBitwiseOr(values.buffer, BASELINE_OFFSET, BIT);
    }

    /** @return the previous value: NAND with every bit complements the value. */
    @Benchmark
    public long sharedLong_getAndNand()
    {
        return values.sharedLong.getAndNand(-1L);
    }

    // ----- update functions (CAS loops) ------------------------------------------------------------------------------

    /** @return the new value. */
    @Benchmark
    public long sharedLong_updateAndGet()
    {
        return values.sharedLong.updateAndGet(INCREMENT);
    }

    /** @return the new value. */
    @Benchmark
    public long atomicLong_updateAndGet()
    {
        return values.atomicLong.updateAndGet(INCREMENT);
    }

    /** @return the new value. */
    @Benchmark
    public long sharedLong_accumulateAndGet()
    {
        return values.sharedLong.accumulateAndGet(1, SUM);
    }

    /** @return the new value. */
    @Benchmark
    public long atomicLong_accumulateAndGet()
    {
        return values.atomicLong.accumulateAndGet(1, SUM);
    }

    /**
     * Runs this class alone through {@link RunAll}, with its options.
     *
     * @param args RunAll's options, e.g. {@code --quick}.
     * @throws Exception if the run fails.
     */
    public static void main(final String[] args) throws Exception
    {
        RunAll.main(RunAll.only(NumericBenchmark.class, args));
    }
}
