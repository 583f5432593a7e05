package io.sharedatomic.benchmarks;

import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.sharedatomic.RegionSpec;
import io.sharedatomic.SharedRegion;
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

/**
 * Things that change what exists, so each shot starts from a fresh state and is timed once ({@code SingleShotTime},
 * reported per operation; {@link RunAll} runs this class separately with many shots):
 * <ul>
 *   <li>{@code create}: 1,000 new names ({@code region.sharedLong(name)}) in a fresh region file, which has room;</li>
 *   <li>{@code open}: {@code SharedRegion.open} creating a new region file with the default spec (1,024 entries,
 *       1 MiB of data), which writes every byte and maps it;</li>
 *   <li>{@code attach}: {@code SharedRegion.attach} of an existing region file, then {@code close}.</li>
 * </ul>
 *
 * <p><b>Baselines</b>, in the same class: {@code map}, {@code computeIfAbsent} of the same 1,000 names into a fresh
 * {@code ConcurrentHashMap<String, AtomicLong>}, and {@code mmap}, the plain JDK doing the same file work: create a
 * file of the region's length, write its zeros and map it ({@code open}); open and map an existing one
 * ({@code attach}).
 */
@Baselines(value = {"map", "mmap"},
    description = "map: computeIfAbsent of the same names into a fresh ConcurrentHashMap; mmap: FileChannel creating, " +
        "zero-filling and mapping a file of the same length (open), or opening and mapping an existing one (attach).")
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 10)
@Measurement(iterations = 30)
public class RegionLifecycleBenchmark
{
    private static final int CREATES = 1000;
    private static final int OPENS = 10;
    private static final int ATTACHES = 50;

    private final String[] names = new String[CREATES];
    private final List<Path> files = new ArrayList<>();
    private final List<SharedRegion> opened = new ArrayList<>();
    private final Path[] openPaths = new Path[OPENS];
    private Path existingPath;
    private long regionLength;
    private SharedRegion createRegion;
    private ConcurrentHashMap<String, AtomicLong> createMap;

    /**
     * Creates the region file that attach benchmarks attach to.
     */
    @Setup(Level.Trial)
    public void setUpTrial()
    {
        for (int i = 0; i < CREATES; i++)
        {
            names[i] = RegistryBenchmark.name(i);
        }
        existingPath = BenchFiles.newPath("lifecycle-existing");
        try (SharedRegion region = SharedRegion.open(existingPath, RegionSpec.defaults()))
        {
            region.sharedLong("x");
            regionLength = region.byteLength();
        }
    }

    /**
     * Deletes it.
     */
    @TearDown(Level.Trial)
    public void tearDownTrial()
    {
        BenchFiles.delete(existingPath);
    }

    /**
     * A fresh region and map for create, fresh paths for open.
     */
    @Setup(Level.Iteration)
    public void setUpShot()
    {
        final Path createPath = BenchFiles.newPath("lifecycle-create");
        files.add(createPath);
        createRegion = SharedRegion.open(createPath, RegionSpec.defaults().withEntryCapacity(2 * CREATES).withDataCapacity(256L * CREATES));
        opened.add(createRegion);
        createMap = new ConcurrentHashMap<>();
        for (int i = 0; i < OPENS; i++)
        {
            openPaths[i] = BenchFiles.newPath("lifecycle-open");
            files.add(openPaths[i]);
        }
    }

    /**
     * Closes and deletes what the shot made; a GC lets the closed mappings go before the next shot.
     */
    @TearDown(Level.Iteration)
    public void tearDownShot()
    {
        opened.forEach(SharedRegion::close);
        opened.clear();
        files.forEach(BenchFiles::delete);
        files.clear();
        createRegion = null;
        createMap = null;
        System.gc();
    }

    /** @return the region. */
    @Benchmark
    @OperationsPerInvocation(CREATES)
    public SharedRegion region_create()
    {
        final SharedRegion region = createRegion;
        for (final String name : names)
        {
            region.sharedLong(name);
        }
        return region;
    }

    /** @return the map. */
    @Benchmark
    @OperationsPerInvocation(CREATES)
    public ConcurrentHashMap<String, AtomicLong> map_create()
    {
        final ConcurrentHashMap<String, AtomicLong> map = createMap;
        for (final String name : names)
        {
            map.computeIfAbsent(name, key -> new AtomicLong());
        }
        return map;
    }

    /** @return how many regions were opened. */
    @Benchmark
    @OperationsPerInvocation(OPENS)
    public int region_open()
    {
        for (final Path path : openPaths)
        {
            opened.add(SharedRegion.open(path, RegionSpec.defaults()));
        }
        return opened.size();
    }

    /** @return the last mapping. */
    @Benchmark
    @OperationsPerInvocation(OPENS)
    public MappedByteBuffer mmap_open()
    {
        MappedByteBuffer last = null;
        for (final Path path : openPaths)
        {
            last = BenchFiles.createAndMap(path, regionLength);
        }
        return last;
    }

    /** @return the byte length of the last region attached. */
    @Benchmark
    @OperationsPerInvocation(ATTACHES)
    public long region_attach()
    {
        long length = 0;
        for (int i = 0; i < ATTACHES; i++)
        {
            try (SharedRegion region = SharedRegion.attach(existingPath))
            {
                length += region.byteLength();
            }
        }
        return length;
    }

    /** @return the sum of the first words mapped. */
    @Benchmark
    @OperationsPerInvocation(ATTACHES)
    public long mmap_attach()
    {
        long sum = 0;
        for (int i = 0; i < ATTACHES; i++)
        {
            // Read the header word a region attach validates, so the mapping is touched as attach touches it.
            sum += BenchFiles.map(existingPath, regionLength).getLong(0);
        }
        return sum;
    }

    /**
     * Runs this class alone through {@link RunAll}, with its options.
     *
     * @param args RunAll's options, e.g. {@code --quick}.
     * @throws Exception if the run fails.
     */
    public static void main(final String[] args) throws Exception
    {
        RunAll.main(RunAll.only(RegionLifecycleBenchmark.class, args));
    }
}
