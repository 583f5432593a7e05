package io.sharedatomic.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import static io.sharedatomic.benchmarks.NumericFixture.BASELINE_OFFSET;
import static io.sharedatomic.benchmarks.NumericFixture.LONGS;

/**
 * Two threads contending on ONE value: {@code get}, {@code set}, {@code getAndAdd} and the CAS increment loop, each a
 * {@code @Group} of two threads sharing the group's state. The score is each thread's average time per operation
 * (aggregate throughput is 2 / score); the CAS loops also report {@code casFailures} and {@code casSuccesses}.
 * A compareAndSet that always succeeds cannot be measured under contention, so it is left to {@link NumericBenchmark}.
 *
 * <p><b>Baselines</b>, the same as {@link NumericBenchmark}'s, run in this class: {@code atomicLong} ({@code AtomicLong}
 * on the heap; issue 6 asks for at least its throughput), {@code varHandle} (a {@code byteBufferViewVarHandle} over a
 * {@code MappedByteBuffer}) and {@code chronicle} (Chronicle {@code MappedBytes} methods, shared by both threads with
 * the single-thread check off). On a 2-core machine two contending threads need both cores: numbers taken while
 * anything else runs mean little.
 */
@Baselines(value = {"atomicLong", "varHandle", "chronicle"},
    description = "Two threads on one value. AtomicLong on the heap; a byteBufferViewVarHandle over a MappedByteBuffer; " +
        "Chronicle MappedBytes' own methods.")
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Group)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class NumericContendedBenchmark
{
    private NumericFixture values;

    /**
     * What each thread writes next.
     */
    @State(Scope.Thread)
    public static class Writer
    {
        private long next;

        long next()
        {
            return next++;
        }
    }

    /**
     * Maps the region and the baseline files, once per group.
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

    // ----- get: both threads read one line, which nobody writes ------------------------------------------------------

    /** @return the value. */
    @Benchmark
    @Group("sharedLong_get")
    @GroupThreads(2)
    public long sharedLong_get()
    {
        return values.sharedLong.get();
    }

    /** @return the value. */
    @Benchmark
    @Group("sharedDouble_get")
    @GroupThreads(2)
    public double sharedDouble_get()
    {
        return values.sharedDouble.get();
    }

    /** @return the value. */
    @Benchmark
    @Group("sharedBoolean_get")
    @GroupThreads(2)
    public boolean sharedBoolean_get()
    {
        return values.sharedBoolean.get();
    }

    /** @return the value. */
    @Benchmark
    @Group("atomicLong_get")
    @GroupThreads(2)
    public long atomicLong_get()
    {
        return values.atomicLong.get();
    }

    /** @return the value. */
    @Benchmark
    @Group("varHandle_get")
    @GroupThreads(2)
    public long varHandle_get()
    {
        return (long)LONGS.getVolatile(values.buffer, BASELINE_OFFSET);
    }

    /** @return the value. */
    @Benchmark
    @Group("chronicle_get")
    @GroupThreads(2)
    public long chronicle_get()
    {
        return values.chronicle.readVolatileLong(BASELINE_OFFSET);
    }

    // ----- set: both threads store to one line -----------------------------------------------------------------------

    /** @param writer this thread's next value. */
    @Benchmark
    @Group("sharedLong_set")
    @GroupThreads(2)
    public void sharedLong_set(final Writer writer)
    {
        values.sharedLong.set(writer.next());
    }

    /** @param writer this thread's next value. */
    @Benchmark
    @Group("sharedDouble_set")
    @GroupThreads(2)
    public void sharedDouble_set(final Writer writer)
    {
        values.sharedDouble.set(writer.next());
    }

    /** @param writer this thread's next value. */
    @Benchmark
    @Group("sharedBoolean_set")
    @GroupThreads(2)
    public void sharedBoolean_set(final Writer writer)
    {
        values.sharedBoolean.set((writer.next() & 1) == 0);
    }

    /** @param writer this thread's next value. */
    @Benchmark
    @Group("atomicLong_set")
    @GroupThreads(2)
    public void atomicLong_set(final Writer writer)
    {
        values.atomicLong.set(writer.next());
    }

    /** @param writer this thread's next value. */
    @Benchmark
    @Group("varHandle_set")
    @GroupThreads(2)
    public void varHandle_set(final Writer writer)
    {
        LONGS.setVolatile(values.buffer, BASELINE_OFFSET, writer.next());
    }

    /** @param writer this thread's next value. */
    @Benchmark
    @Group("chronicle_set")
    @GroupThreads(2)
    public void chronicle_set(final Writer writer)
    {
        values.chronicle.writeVolatileLong(BASELINE_OFFSET, writer.next());
    }

    // ----- getAndAdd -------------------------------------------------------------------------------------------------

    /** @return the previous value. */
    @Benchmark
    @Group("sharedLong_getAndAdd")
    @GroupThreads(2)
    public long sharedLong_getAndAdd()
    {
        return values.sharedLong.getAndAdd(1);
    }

    /** @return the previous value. */
    @Benchmark
    @Group("sharedULong_getAndAdd")
    @GroupThreads(2)
    public long sharedULong_getAndAdd()
    {
        return values.sharedULong.getAndAdd(1);
    }

    /** @return the previous value. */
    @Benchmark
    @Group("atomicLong_getAndAdd")
    @GroupThreads(2)
    public long atomicLong_getAndAdd()
    {
        return values.atomicLong.getAndAdd(1);
    }

    /** @return the previous value. */
    @Benchmark
    @Group("varHandle_getAndAdd")
    @GroupThreads(2)
    public long varHandle_getAndAdd()
    {
        return (long)LONGS.getAndAdd(values.buffer, BASELINE_OFFSET, 1L);
    }

    /** @return the new value. */
    @Benchmark
    @Group("chronicle_getAndAdd")
    @GroupThreads(2)
    public long chronicle_getAndAdd()
    {
        return values.chronicle.addAndGetLong(BASELINE_OFFSET, 1);
    }

    // ----- CAS increment loop, counting lost races -------------------------------------------------------------------

    /**
     * @param counters this thread's CAS counts.
     * @return the value before the increment.
     */
    @Benchmark
    @Group("sharedLong_casLoop")
    @GroupThreads(2)
    public long sharedLong_casLoop(final CasCounters counters)
    {
        long value;
        while (true)
        {
            value = values.sharedLong.get();
            if (values.sharedLong.compareAndSet(value, value + 1))
            {
                break;
            }
            counters.casFailures++;
        }
        counters.casSuccesses++;
        return value;
    }

    /**
     * @param counters this thread's CAS counts.
     * @return the value before the increment.
     */
    @Benchmark
    @Group("sharedULong_casLoop")
    @GroupThreads(2)
    public long sharedULong_casLoop(final CasCounters counters)
    {
        long value;
        while (true)
        {
            value = values.sharedULong.get();
            if (values.sharedULong.compareAndSet(value, value + 1))
            {
                break;
            }
            counters.casFailures++;
        }
        counters.casSuccesses++;
        return value;
    }

    /**
     * @param counters this thread's CAS counts.
     * @return the value before the increment.
     */
    @Benchmark
    @Group("sharedDouble_casLoop")
    @GroupThreads(2)
    public double sharedDouble_casLoop(final CasCounters counters)
    {
        double value;
        while (true)
        {
            value = values.sharedDouble.get();
            if (values.sharedDouble.compareAndSet(value, value + 1))
            {
                break;
            }
            counters.casFailures++;
        }
        counters.casSuccesses++;
        return value;
    }

    /**
     * @param counters this thread's CAS counts.
     * @return the value before the increment.
     */
    @Benchmark
    @Group("atomicLong_casLoop")
    @GroupThreads(2)
    public long atomicLong_casLoop(final CasCounters counters)
    {
        long value;
        while (true)
        {
            value = values.atomicLong.get();
            if (values.atomicLong.compareAndSet(value, value + 1))
            {
                break;
            }
            counters.casFailures++;
        }
        counters.casSuccesses++;
        return value;
    }

    /**
     * @param counters this thread's CAS counts.
     * @return the value before the increment.
     */
    @Benchmark
    @Group("varHandle_casLoop")
    @GroupThreads(2)
    public long varHandle_casLoop(final CasCounters counters)
    {
        long value;
        while (true)
        {
            value = (long)LONGS.getVolatile(values.buffer, BASELINE_OFFSET);
            if (LONGS.compareAndSet(values.buffer, BASELINE_OFFSET, value, value + 1))
            {
                break;
            }
            counters.casFailures++;
        }
        counters.casSuccesses++;
        return value;
    }

    /**
     * @param counters this thread's CAS counts.
     * @return the value before the increment.
     */
    @Benchmark
    @Group("chronicle_casLoop")
    @GroupThreads(2)
    public long chronicle_casLoop(final CasCounters counters)
    {
        long value;
        while (true)
        {
            value = values.chronicle.readVolatileLong(BASELINE_OFFSET);
            if (values.chronicle.compareAndSwapLong(BASELINE_OFFSET, value, value + 1))
            {
                break;
            }
            counters.casFailures++;
        }
        counters.casSuccesses++;
        return value;
    }

    /**
     * Runs this class alone through {@link RunAll}, with its options.
     *
     * @param args RunAll's options, e.g. {@code --quick}.
     * @throws Exception if the run fails.
     */
    public static void main(final String[] args) throws Exception
    {
        RunAll.main(RunAll.only(NumericContendedBenchmark.class, args));
    }
}
