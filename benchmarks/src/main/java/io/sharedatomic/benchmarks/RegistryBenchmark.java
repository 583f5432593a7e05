package io.sharedatomic.benchmarks;

import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.sharedatomic.RegionEntry;
import io.sharedatomic.RegionSpec;
import io.sharedatomic.SharedLong;
import io.sharedatomic.SharedRegion;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Looking up an existing name among {@code entries} in a region file, one thread: {@code lookupHandle} is
 * {@code region.sharedLong(name)}, which finds the handle the region object cached for that name and checks its shape
 * (a region object caches the handle when it creates or first finds a name in the directory: in {@code setUp} here), and
 * {@code lookupEntry} is {@code region.entry(name)} (find the entry in the directory and snapshot its value). Names are drawn at random from a table of 1024.
 * Creating names, and opening and attaching regions, are in {@link RegionLifecycleBenchmark}.
 *
 * <p><b>Baseline</b>, in the same class: {@code map}, a {@code ConcurrentHashMap<String, AtomicLong>} holding the
 * same names, with {@code computeIfAbsent} for a handle and {@code get} for an entry: what an in-process registry
 * costs.
 */
@Baselines(value = {"map"},
    description = "map: a ConcurrentHashMap<String, AtomicLong> of the same names (computeIfAbsent for lookupHandle, " +
        "get for lookupEntry).")
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RegistryBenchmark
{
    private static final int LOOKUPS = 1024;
    private static final int MASK = LOOKUPS - 1;

    /** Names in the region. */
    @Param({"1000"})
    public int entries;

    private Path regionPath;
    private SharedRegion region;
    private final ConcurrentHashMap<String, AtomicLong> map = new ConcurrentHashMap<>();
    private final String[] lookups = new String[LOOKUPS];
    private int cursor;

    /**
     * Creates the names in the region and the map.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        regionPath = BenchFiles.newPath("registry");
        region = SharedRegion.open(regionPath, RegionSpec.defaults().withEntryCapacity(2 * entries).withDataCapacity(256L * entries));
        final String[] names = new String[entries];
        for (int i = 0; i < entries; i++)
        {
            names[i] = name(i);
            region.sharedLong(names[i], i);
            map.put(names[i], new AtomicLong(i));
        }
        final SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < LOOKUPS; i++)
        {
            lookups[i] = names[random.nextInt(entries)];
        }
    }

    static String name(final int i)
    {
        return "orders.venue-" + (i % 7) + ".counter-" + i;
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

    private String nextName()
    {
        return lookups[cursor++ & MASK];
    }

    /** @return a handle on an existing value. */
    @Benchmark
    public SharedLong region_lookupHandle()
    {
        return region.sharedLong(nextName());
    }

    /** @return the existing value. */
    @Benchmark
    public AtomicLong map_lookupHandle()
    {
        return map.computeIfAbsent(nextName(), name -> new AtomicLong());
    }

    /** @return a snapshot of an existing entry. */
    @Benchmark
    public Optional<RegionEntry> region_lookupEntry()
    {
        return region.entry(nextName());
    }

    /** @return the existing value. */
    @Benchmark
    public AtomicLong map_lookupEntry()
    {
        return map.get(nextName());
    }

    /**
     * Runs this class alone through {@link RunAll}, with its options.
     *
     * @param args RunAll's options, e.g. {@code --quick}.
     * @throws Exception if the run fails.
     */
    public static void main(final String[] args) throws Exception
    {
        RunAll.main(RunAll.only(RegistryBenchmark.class, args));
    }
}
