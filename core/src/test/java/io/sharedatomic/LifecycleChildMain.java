package io.sharedatomic;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Entry point of the child JVMs of {@link RegionLifecycleTest}: each command attaches and closes regions in a loop
 * and reports, one {@code kind key=value ...} line at a time, how many mappings of the region files
 * ({@code /proc/self/maps}) and how many descriptors ({@code /proc/self/fd}) this JVM has, and how many garbage
 * collections ran. It never asserts: the parent judges the numbers, so a failing run still says what it counted.
 *
 * <p>A mapping is matched to a file by device and inode, not by name: a mapping made while the file had another name
 * (the creator's temporary file) or after it was deleted still counts.
 */
final class LifecycleChildMain
{
    /** Descriptors held from the start and given back on failure, so that the counts can still be taken then. */
    private static final int RESERVED_DESCRIPTORS = 8;
    /** How long a sample waits for counts above the expected bound to settle (a background release, say). */
    private static final long SETTLE_NANOS = 1_000_000_000L;
    private static final String WIDE = "wide";
    private static final int WIDE_CAPACITY = 64;

    private static final List<FileChannel> RESERVE = new ArrayList<>();

    private LifecycleChildMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        switch (args[0])
        {
            case "create":
                create(Path.of(args[1]), Integer.parseInt(args[2]));
                break;
            case "cycle-one":
                cycleOne(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
                break;
            case "cycle-many":
                cycleMany(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
                break;
            case "cycle-deserialize":
                cycleDeserialize(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
                break;
            case "race":
                race(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
                break;
            case "deleted":
                deleted(Path.of(args[1]), Long.parseLong(args[2]), Long.parseLong(args[3]), Long.parseLong(args[4]));
                break;
            default:
                throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    static Path file(final Path directory, final int index)
    {
        return directory.resolve("r" + index + ".region");
    }

    /** Creates {@code count} regions, each with a counter and a wide string, then exits (its mappings go with it). */
    private static void create(final Path directory, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            try (SharedRegion region = SharedRegion.open(file(directory, i)))
            {
                region.sharedLong("counter", 0);
                region.sharedWideString(WIDE, WIDE_CAPACITY, StandardCharsets.UTF_8, "created");
            }
        }
        System.out.println("created " + count);
    }

    /**
     * One cycle on one file: get a region by one of the three ways, take a counter and a wide string and use them,
     * close the region, and drop everything. Read-write ways add one to the counter.
     *
     * @return 1 if the counter was incremented, else 0.
     */
    private static int oneCycle(final Path path, final int way, final boolean checkClosed)
    {
        final SharedRegion region;
        switch (way)
        {
            case 0:
                region = SharedRegion.open(path);
                break;
            case 1:
                region = SharedRegion.attach(path);
                break;
            default:
                region = SharedRegion.attachReadOnly(path);
                break;
        }
        final SharedLong counter;
        final SharedWideString wide;
        int added = 0;
        try
        {
            counter = region.sharedLong("counter");
            wide = region.sharedWideString(WIDE, WIDE_CAPACITY, StandardCharsets.UTF_8, "");
            if (way == 2)
            {
                counter.get();
                wide.get();
            }
            else
            {
                counter.incrementAndGet();
                added = 1;
                wide.set(way == 0 ? "opened" : "attached");
            }
        }
        finally
        {
            region.close();
        }
        if (checkClosed)
        {
            try
            {
                counter.get();
                throw new AssertionError("a handle of a closed region still worked");
            }
            catch (final IllegalStateException expected)
            {
                // what close promises
            }
        }
        return added;
    }

    /** {@code cycles} cycles of one file, rotating open, attach and attachReadOnly; {@code samples} samples. */
    private static void cycleOne(final Path path, final int cycles, final int samples, final int maxMaps) throws Exception
    {
        final FileKey key = FileKey.of(path);
        final long initial = readCounters(List.of(path));
        reserveDescriptors();
        reportLimits();
        // One cycle of each way first, so classes are loaded and every jar the JVM needs is open before the baseline.
        long added = 0;
        for (int way = 0; way < 3; way++)
        {
            added += oneCycle(path, way, true);
        }
        cycleAndSample(path, key, cycles, samples, maxMaps, initial, added, cycle -> oneCycle(path, cycle % 3, cycle % 100 == 0));
    }

    /** A cycle that returns how many increments it added to the file's counter. */
    @FunctionalInterface
    private interface Cycle
    {
        long run(int cycle) throws Exception;
    }

    /**
     * Takes the baseline after the warm-up cycles, runs cycles 3 .. {@code cycles} - 1, printing {@code samples}
     * samples of the file's mappings and this process's descriptors, and the end line (or the failure).
     */
    private static void cycleAndSample(final Path path, final FileKey key, final int cycles, final int samples, final int maxMaps,
        final long initial, final long warmUpAdded, final Cycle cycleStep) throws Exception
    {
        final long baselineFds = countDescriptors();
        final long baselineMaps = countMappings(List.of(key)).total;
        final long settleMaps = Math.max(maxMaps, baselineMaps);
        System.out.println("baseline cycle=3 maps=" + baselineMaps + " fds=" + baselineFds);
        long added = warmUpAdded;
        int done = 3;
        try
        {
            for (int cycle = 3; cycle < cycles; cycle++)
            {
                added += cycleStep.run(cycle);
                done = cycle + 1;
                if (done % (cycles / samples) == 0)
                {
                    final long[] counts = settledCounts(List.of(key), settleMaps, baselineFds);
                    System.out.println("sample cycle=" + done + " maps=" + counts[0] + " fds=" + counts[1]);
                }
            }
        }
        catch (final Throwable failure)
        {
            reportFailure(done, failure, List.of(key));
            return;
        }
        final long[] counts = settledCounts(List.of(key), settleMaps, baselineFds);
        System.out.println("end cycle=" + done + " maps=" + counts[0] + " fds=" + counts[1] + " added=" + added + " counter=" +
            (readCounters(List.of(path)) - initial) + " gcs=" + gcCount());
    }

    /**
     * {@code cycles} cycles over {@code files} files: cycle i uses file i % files, and read-write ways only (open,
     * attach), so that one mapping per file is the bound even for an implementation that maps read-only attaches apart.
     */
    private static void cycleMany(final Path directory, final int files, final int cycles, final int samples) throws Exception
    {
        final List<FileKey> keys = new ArrayList<>();
        final List<Path> paths = new ArrayList<>();
        for (int i = 0; i < files; i++)
        {
            paths.add(file(directory, i));
            keys.add(FileKey.of(paths.get(i)));
        }
        final long initial = readCounters(paths);
        reserveDescriptors();
        reportLimits();
        oneCycle(paths.get(0), 0, true);
        oneCycle(paths.get(0), 1, true);
        long added = 2;
        final long baselineFds = countDescriptors();
        final Mappings baseline = countMappings(keys);
        System.out.println("baseline cycle=2 maps=" + baseline.total + " maxPerFile=" + baseline.maxPerFile + " fds=" + baselineFds);
        int done = 2;
        try
        {
            for (int cycle = 2; cycle < cycles; cycle++)
            {
                added += oneCycle(paths.get(cycle % files), (cycle / files) % 2, cycle % 100 == 0);
                done = cycle + 1;
                if (done % (cycles / samples) == 0)
                {
                    final long[] counts = settledCounts(keys, files, baselineFds);
                    System.out.println("sample cycle=" + done + " maps=" + counts[0] + " maxPerFile=" + counts[2] + " fds=" + counts[1]);
                }
            }
        }
        catch (final Throwable failure)
        {
            reportFailure(done, failure, keys);
            return;
        }
        final long[] counts = settledCounts(keys, files, baselineFds);
        System.out.println("end cycle=" + done + " maps=" + counts[0] + " maxPerFile=" + counts[2] + " fds=" + counts[1] +
            " added=" + added + " counter=" + (readCounters(paths) - initial) + " gcs=" + gcCount());
    }

    /**
     * {@code cycles} times: read a counter handle back from its serialized form (which attaches the region by its
     * path), add one through it, and drop it. Nobody can close the region a deserialized handle attached, so this is
     * the way of getting a region that most relies on the release of unreachable regions.
     */
    private static void cycleDeserialize(final Path path, final int cycles, final int samples) throws Exception
    {
        final FileKey key = FileKey.of(path);
        final long initial = readCounters(List.of(path));
        final byte[] serialized;
        try (SharedRegion region = SharedRegion.attach(path))
        {
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes))
            {
                out.writeObject(region.sharedLong("counter"));
            }
            serialized = bytes.toByteArray();
        }
        reserveDescriptors();
        reportLimits();
        for (int i = 0; i < 3; i++)
        {
            deserializeAndAdd(serialized);
        }
        cycleAndSample(path, key, cycles, samples, 2, initial, 3, cycle ->
        {
            deserializeAndAdd(serialized);
            return 1;
        });
    }

    private static void deserializeAndAdd(final byte[] serialized) throws Exception
    {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(serialized)))
        {
            ((SharedLong)in.readObject()).incrementAndGet();
        }
    }

    /**
     * {@code threads} threads add one to the counter of whichever region is current, as fast as they can, while the
     * main thread attaches a new region, makes it current and closes the old one, {@code cycles} times. Only
     * {@link IllegalStateException} may reach the threads, and every increment that returned must be in the file.
     */
    private static void race(final Path path, final int threads, final int cycles) throws Exception
    {
        final FileKey key = FileKey.of(path);
        reserveDescriptors();
        reportLimits();
        oneCycle(path, 0, true);
        oneCycle(path, 1, true);
        final long baselineFds = countDescriptors();
        final long start = readCounters(List.of(path));
        final long baselineMaps = countMappings(List.of(key)).total;
        System.out.println("baseline cycle=0 maps=" + baselineMaps + " fds=" + baselineFds);

        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong succeeded = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final AtomicReference<Throwable> unexpected = new AtomicReference<>();
        SharedRegion current = SharedRegion.attach(path);
        final AtomicReference<SharedLong> handle = new AtomicReference<>(current.sharedLong("counter"));
        final List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++)
        {
            final Thread worker = new Thread(() ->
            {
                long mine = 0;
                long closed = 0;
                while (!stop.get())
                {
                    try
                    {
                        handle.get().incrementAndGet();
                        mine++;
                    }
                    catch (final IllegalStateException expected)
                    {
                        closed++;
                    }
                    catch (final Throwable other)
                    {
                        unexpected.compareAndSet(null, other);
                        break;
                    }
                }
                succeeded.addAndGet(mine);
                refused.addAndGet(closed);
            }, "hammer-" + t);
            workers.add(worker);
            worker.start();
        }
        int done = 0;
        Throwable failure = null;
        try
        {
            for (int cycle = 0; cycle < cycles; cycle++)
            {
                if (cycle % 2 == 0)
                {
                    // attach the next, switch the threads to it, then close the old one
                    final SharedRegion next = SharedRegion.attach(path);
                    handle.set(next.sharedLong("counter"));
                    current.close();
                    current = next;
                }
                else
                {
                    // close first, so the threads run into the closed region until the next one is published
                    current.close();
                    current = SharedRegion.open(path);
                    handle.set(current.sharedLong("counter"));
                }
                if (cycle % 50 == 0)
                {
                    // A read-only attachment of the same file, opened and closed while the others are in use.
                    try (SharedRegion reader = SharedRegion.attachReadOnly(path))
                    {
                        reader.sharedLong("counter").get();
                    }
                }
                done = cycle + 1;
            }
        }
        catch (final Throwable th)
        {
            failure = th;
        }
        stop.set(true);
        for (final Thread worker : workers)
        {
            worker.join(30_000);
        }
        current.close();
        final Throwable other = unexpected.get();
        if (other != null)
        {
            System.out.println("unexpected " + other.toString().replace('\n', ' '));
        }
        if (failure != null)
        {
            reportFailure(done, failure, List.of(key));
            return;
        }
        final long[] counts = settledCounts(List.of(key), Math.max(2, baselineMaps), baselineFds);
        System.out.println("end cycle=" + done + " maps=" + counts[0] + " fds=" + counts[1] + " added=" + succeeded.get() +
            " counter=" + (readCounters(List.of(path)) - start) + " refused=" + refused.get() + " stuck=" +
            workers.stream().filter(Thread::isAlive).count() + " gcs=" + gcCount());
    }

    /**
     * A region of {@code dataBytes} in {@code directory} (on tmpfs), deleted while attached by two region objects
     * and in use, then closed with its handles dropped; then System.gc() until no mapping and no descriptor of it is
     * left and tmpfs has its space back (to within {@code toleranceBytes}), or {@code waitMillis} pass. Each stage
     * prints its mappings and descriptors of the file and the MiB of tmpfs still used since the start.
     */
    private static void deleted(final Path directory, final long dataBytes, final long toleranceBytes, final long waitMillis)
        throws Exception
    {
        final Path path = directory.resolve("deleted.region");
        final long free0 = Files.getFileStore(directory).getUnallocatedSpace();
        final FileKey key = attachDeleteAndClose(path, dataBytes, free0);

        final long start = System.nanoTime();
        int gcCalls = 0;
        long maps;
        long fds;
        long held;
        do
        {
            System.gc();
            gcCalls++;
            Thread.sleep(100);
            maps = countMappings(List.of(key)).total;
            fds = countDescriptorsOf(key);
            held = Math.max(0, free0 - Files.getFileStore(directory).getUnallocatedSpace());
        }
        while ((maps > 0 || fds > 0 || held > toleranceBytes) && System.nanoTime() - start < waitMillis * 1_000_000L);
        System.out.println("released maps=" + maps + " fds=" + fds + " heldMiB=" + held / (1 << 20) + " gcCalls=" + gcCalls + " millis=" +
            (System.nanoTime() - start) / 1_000_000);
    }

    /** In its own frame, so that nothing it made is reachable once it returns. */
    private static FileKey attachDeleteAndClose(final Path path, final long dataBytes, final long free0) throws IOException
    {
        final SharedRegion writer = SharedRegion.open(path, RegionSpec.defaults().withDataCapacity(dataBytes));
        final SharedRegion reader = SharedRegion.attachReadOnly(path);
        final FileKey key = FileKey.of(path);
        final SharedLong counter = writer.sharedLong("counter", 1);
        final SharedWideString wide = writer.sharedWideString(WIDE, WIDE_CAPACITY, StandardCharsets.UTF_8, "before delete");
        final SharedLong seen = reader.sharedLong("counter");
        System.out.println("attached " + stage(key, path.getParent(), free0));

        Files.delete(path);
        counter.incrementAndGet();
        wide.set("after delete");
        System.out.println("deleted " + stage(key, path.getParent(), free0) + " counter=" + seen.get() + " wide=" +
            wide.get().replace(' ', '_'));

        writer.close();
        reader.close();
        System.out.println("closed " + stage(key, path.getParent(), free0));
        return key;
    }

    private static String stage(final FileKey key, final Path directory, final long free0) throws IOException
    {
        return "maps=" + countMappings(List.of(key)).total + " fds=" + countDescriptorsOf(key) + " heldMiB=" +
            Math.max(0, free0 - Files.getFileStore(directory).getUnallocatedSpace()) / (1 << 20);
    }

    /**
     * The sum of the counters of these files. Attached read-write, the mode of the cycles, so that reading them before
     * the baseline cannot add a read-only mapping that one mapping per file would not allow for.
     */
    private static long readCounters(final List<Path> paths)
    {
        long sum = 0;
        for (final Path path : paths)
        {
            try (SharedRegion region = SharedRegion.attach(path))
            {
                sum += region.sharedLong("counter").get();
            }
        }
        return sum;
    }

    /**
     * Counts now, then again for up to a second while they are above the bounds (callers pass the larger of the
     * allowed and the baseline count, so that counts that are merely flat do not wait). {mappings, descriptors, max per file}.
     */
    private static long[] settledCounts(final List<FileKey> keys, final long maxMaps, final long maxFds) throws Exception
    {
        final long deadline = System.nanoTime() + SETTLE_NANOS;
        while (true)
        {
            final Mappings mappings = countMappings(keys);
            final long fds = countDescriptors();
            if ((mappings.total <= maxMaps && fds <= maxFds) || System.nanoTime() > deadline)
            {
                return new long[]{mappings.total, fds, mappings.maxPerFile};
            }
            Thread.sleep(20);
        }
    }

    private static void reportFailure(final int done, final Throwable failure, final List<FileKey> keys) throws Exception
    {
        // Give back the reserved descriptors: when the failure is running out of them, counting needs a few.
        for (final FileChannel channel : RESERVE)
        {
            channel.close();
        }
        RESERVE.clear();
        final Mappings mappings = countMappings(keys);
        System.out.println("failed cycle=" + done + " maps=" + mappings.total + " maxPerFile=" + mappings.maxPerFile + " fds=" +
            (countDescriptors() + RESERVED_DESCRIPTORS) + " gcs=" + gcCount());
        final StringBuilder message = new StringBuilder(failure.toString());
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause())
        {
            message.append(" / caused by ").append(cause);
        }
        System.out.println("error " + message.toString().replace('\n', ' '));
    }

    private static void reserveDescriptors() throws IOException
    {
        for (int i = 0; i < RESERVED_DESCRIPTORS; i++)
        {
            RESERVE.add(FileChannel.open(Path.of("/dev/null")));
        }
    }

    /** The soft limit of open files this JVM runs under, and its collectors. */
    private static void reportLimits() throws IOException
    {
        String nofile = "unknown";
        for (final String line : Files.readAllLines(Path.of("/proc/self/limits")))
        {
            if (line.startsWith("Max open files"))
            {
                nofile = line.substring("Max open files".length()).trim().split("\\s+")[0];
            }
        }
        final StringBuilder collectors = new StringBuilder();
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
        {
            collectors.append(collectors.length() == 0 ? "" : ",").append(gc.getName().replace(' ', '_'));
        }
        System.out.println("limits nofile=" + nofile + " maxHeapMiB=" + Runtime.getRuntime().maxMemory() / (1 << 20) +
            " collectors=" + collectors + " gcs=" + gcCount());
    }

    private static long gcCount()
    {
        long count = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
        {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
    }

    static long countDescriptors() throws IOException
    {
        try (Stream<Path> entries = Files.list(Path.of("/proc/self/fd")))
        {
            return entries.count();
        }
    }

    /** Descriptors of this JVM open on the file, also once it is deleted (the /proc links still lead to it). */
    static long countDescriptorsOf(final FileKey key) throws IOException
    {
        final List<Path> entries;
        try (Stream<Path> list = Files.list(Path.of("/proc/self/fd")))
        {
            entries = list.collect(Collectors.toList());
        }
        long count = 0;
        for (final Path entry : entries)
        {
            try
            {
                if (key.equals(FileKey.of(entry)))
                {
                    count++;
                }
            }
            catch (final IOException | UnsupportedOperationException gone)
            {
                // closed since the listing (the listing's own descriptor, say), or not a file
            }
        }
        return count;
    }

    static Mappings countMappings(final List<FileKey> keys) throws IOException
    {
        final Map<FileKey, Integer> perFile = new HashMap<>();
        for (final FileKey key : keys)
        {
            perFile.put(key, 0);
        }
        for (final String line : Files.readAllLines(Path.of("/proc/self/maps")))
        {
            // address perms offset dev inode [path]
            final String[] fields = line.trim().split("\\s+", 6);
            if (fields.length < 5)
            {
                continue;
            }
            final FileKey key = new FileKey(fields[3], Long.parseLong(fields[4]));
            perFile.computeIfPresent(key, (k, n) -> n + 1);
        }
        long total = 0;
        long max = 0;
        for (final int n : perFile.values())
        {
            total += n;
            max = Math.max(max, n);
        }
        return new Mappings(total, max);
    }

    /** Mappings of a set of files: in all, and of the file with the most. */
    record Mappings(long total, long maxPerFile)
    {
    }

    /** A file as /proc/self/maps names it: device as "major:minor" in hex, and inode. */
    record FileKey(String device, long inode)
    {
        static FileKey of(final Path path) throws IOException
        {
            final long dev = (Long)Files.getAttribute(path, "unix:dev");
            final long major = ((dev >>> 8) & 0xfffL) | ((dev >>> 32) & ~0xfffL);
            final long minor = (dev & 0xffL) | ((dev >>> 12) & 0xffffff00L);
            return new FileKey(String.format("%02x:%02x", major, minor), (Long)Files.getAttribute(path, "unix:ino"));
        }
    }
}
