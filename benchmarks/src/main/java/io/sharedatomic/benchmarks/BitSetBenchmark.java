package io.sharedatomic.benchmarks;

import java.nio.file.Path;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.sharedatomic.RegionSpec;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.collections.SharedBitSet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code SharedBitSet} of {@code bits} bits whose lowest {@code fillPercent}% are set (claims fill a bitmap from the
 * bottom, so this is how an id or slot allocator looks), one thread:
 * <ul>
 *   <li>{@code addRemove}: add then remove a bit that is clear (two real updates per call; reported per update, so
 *       the score is the mean of add and remove and the fill never drifts), at random positions above the fill;</li>
 *   <li>{@code contains}: at random positions over the whole set (about fillPercent% hits);</li>
 *   <li>{@code claimRelease}: {@code claimFirstClear()} then {@code release} of the bit it got, reported per pair:
 *       on a 99%-full set the first clear bit lies past 99% of the words, so this shows what the hint saves.</li>
 * </ul>
 *
 * <p><b>Baselines</b>, in the same class: {@code atomicArray}, the same algorithm over an {@code AtomicLongArray} on
 * the heap ({@link AtomicLongArrayBitSet}, with the same claim hint; issue 6: per-bit operations at most 1.2x it), and
 * {@code concurrentSet}, {@code ConcurrentHashMap.newKeySet()} of boxed {@code Long}s (no claim operation). Random
 * positions come from a table of 4096, drawn once with a fixed seed.
 */
@Baselines(value = {"atomicArray", "concurrentSet"},
    description = "atomicArray: the same word-CAS algorithm (and claim hint) over an AtomicLongArray on the heap; " +
        "concurrentSet: ConcurrentHashMap.newKeySet() of Long.")
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BitSetBenchmark
{
    private static final int POSITIONS = 4096;
    private static final int MASK = POSITIONS - 1;

    /** Capacity in bits. */
    @Param({"1048576"})
    public long bits;

    /** Percentage of bits set, lowest first. */
    @Param({"0", "50", "99"})
    public int fillPercent;

    private Path regionPath;
    private SharedRegion region;
    private SharedBitSet shared;
    private AtomicLongArrayBitSet atomicArray;
    private Set<Long> concurrentSet;
    private final long[] clearPositions = new long[POSITIONS];
    private final long[] anyPositions = new long[POSITIONS];
    private int cursor;

    /**
     * Builds the three sets with the same bits set, and the tables of positions.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        final long filled = bits * fillPercent / 100;
        regionPath = BenchFiles.newPath("bitset");
        region = SharedRegion.open(regionPath, RegionSpec.defaults().withEntryCapacity(16).withDataCapacity(bits / 8 + 64 * 1024));
        shared = SharedBitSet.of(region, "bits", bits);
        shared.set(0, filled);
        atomicArray = new AtomicLongArrayBitSet(bits);
        atomicArray.setPrefix(filled);
        concurrentSet = ConcurrentHashMap.newKeySet();
        for (long i = 0; i < filled; i++)
        {
            concurrentSet.add(i);
        }
        final SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < POSITIONS; i++)
        {
            clearPositions[i] = random.nextLong(filled, bits);
            anyPositions[i] = random.nextLong(bits);
        }
    }

    /**
     * Closes and deletes the region file.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        region.close();
        BenchFiles.delete(regionPath);
    }

    private long nextClear()
    {
        return clearPositions[cursor++ & MASK];
    }

    private long nextAny()
    {
        return anyPositions[cursor++ & MASK];
    }

    // ----- add then remove a clear bit -------------------------------------------------------------------------------

    /** @return true: both updates changed the bit. */
    @Benchmark
    @OperationsPerInvocation(2)
    public boolean shared_addRemove()
    {
        final long index = nextClear();
        return shared.add(index) & shared.remove(index);
    }

    /** @return true: both updates changed the bit. */
    @Benchmark
    @OperationsPerInvocation(2)
    public boolean atomicArray_addRemove()
    {
        final long index = nextClear();
        return atomicArray.add(index) & atomicArray.remove(index);
    }

    /** @return true: both updates changed the set. */
    @Benchmark
    @OperationsPerInvocation(2)
    public boolean concurrentSet_addRemove()
    {
        final long index = nextClear();
        return concurrentSet.add(index) & concurrentSet.remove(index);
    }

    // ----- contains --------------------------------------------------------------------------------------------------

    /** @return whether a random bit is set. */
    @Benchmark
    public boolean shared_contains()
    {
        return shared.contains(nextAny());
    }

    /** @return whether a random bit is set. */
    @Benchmark
    public boolean atomicArray_contains()
    {
        return atomicArray.contains(nextAny());
    }

    /** @return whether a random bit is set. */
    @Benchmark
    public boolean concurrentSet_contains()
    {
        return concurrentSet.contains(nextAny());
    }

    // ----- claimFirstClear then release ------------------------------------------------------------------------------

    /** @return the claimed bit. */
    @Benchmark
    public long shared_claimRelease()
    {
        final long index = shared.claimFirstClear();
        shared.release(index);
        return index;
    }

    /** @return the claimed bit. */
    @Benchmark
    public long atomicArray_claimRelease()
    {
        final long index = atomicArray.claimFirstClear();
        atomicArray.release(index);
        return index;
    }

    /**
     * Runs this class alone through {@link RunAll}, with its options.
     *
     * @param args RunAll's options, e.g. {@code --quick}.
     * @throws Exception if the run fails.
     */
    public static void main(final String[] args) throws Exception
    {
        RunAll.main(RunAll.only(BitSetBenchmark.class, args));
    }
}
