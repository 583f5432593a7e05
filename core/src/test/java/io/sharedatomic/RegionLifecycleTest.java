package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.sharedatomic.testkit.ChildJvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A service can attach and close regions for as long as it runs: attach/close cycles of any kind (open on an
 * existing file, attach, attachReadOnly, each with handles taken and used; and handles read back from their
 * serialized form) leave at most a bound number of mappings of each file and no extra file descriptors, WITHOUT any
 * garbage collection. The cycling runs in a child JVM with a heap large enough that no collection runs (checked: the
 * child reports its collection count, and explicit GC is disabled) and with at most 1024 open files
 * ({@code prlimit}), so a leak of one descriptor or mapping per cycle fails long before the end. Also: closing a region while other threads hammer its handles and re-attaching in a
 * loop lets only {@link IllegalStateException} escape, loses no update and leaks nothing; and a region file deleted
 * while attached gives its tmpfs memory back once it is closed and nothing of it is reachable (after a GC); and a
 * file replaced at the same path is never served from the old file's mapping.
 *
 * <p>Mappings are counted in the child's {@code /proc/self/maps} by device and inode, descriptors in
 * {@code /proc/self/fd}. Every failure message says what was counted.
 */
@Tag("slow")
class RegionLifecycleTest
{
    private static final Path PRLIMIT = Path.of("/usr/bin/prlimit");
    private static final Path UNSHARE = Path.of("/usr/bin/unshare");
    private static final Path SHM = Path.of("/dev/shm");
    private static final int DESCRIPTOR_LIMIT = 1024;
    private static final Duration CYCLE_TIMEOUT = Duration.ofSeconds(180);
    /** A heap where 100,000 cycles allocate far less than the young generation, so no collection runs. */
    private static final List<String> NO_GC_FLAGS = List.of("-Xms3g", "-Xmx3g", "-Xmn2560m", "-XX:+UseParallelGC",
        // Loading Chronicle's classes must not reach the first metaspace threshold, which would run a full GC.
        "-XX:MetaspaceSize=256m",
        // Nothing (library, Chronicle, JDK) may collect on our behalf.
        "-XX:+DisableExplicitGC");

    private Path directory;

    @BeforeEach
    void makeDirectory() throws IOException
    {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/maps")), "needs Linux /proc/self/maps");
        Assumptions.assumeTrue(Files.isDirectory(SHM), "needs /dev/shm");
        directory = Files.createTempDirectory(SHM, "region-lifecycle-");
    }

    @AfterEach
    void removeDirectory() throws IOException
    {
        if (directory != null)
        {
            deleteRecursively(directory);
        }
    }

    @Test
    void shouldAttachAndCloseOneFile100000TimesWithoutGcAndLeaveAtMostTwoMappingsAndNoDescriptors() throws Exception
    {
        final int cycles = 100_000;
        createRegions(1);
        final Path path = LifecycleChildMain.file(directory, 0);
        final Report report = runCycling("cycle-one", path.toString(), Integer.toString(cycles), "10", "2");

        report.assertCompleted(cycles,
            "100,000 attach/close cycles of one file (open, attach, attachReadOnly; a counter and a wide string each)");
        final long baselineFds = report.baseline().get("fds");
        final long baselineMaps = report.baseline().get("maps");
        for (final Map<String, Long> sample : report.samples())
        {
            assertTrue(sample.get("maps") <= Math.max(2, baselineMaps) && sample.get("fds") <= baselineFds,
                "mappings and descriptors must stay flat; at cycle " + sample.get("cycle") + ": " + report.series());
        }
        final Map<String, Long> end = report.end();
        assertTrue(end.get("maps") <= 2, "after " + cycles + " cycles the file has " + end.get("maps") + " mappings (at most 2 allowed); " +
            report.series());
        assertTrue(end.get("fds") <= baselineFds, "after " + cycles + " cycles " + end.get("fds") + " descriptors are open, " +
            baselineFds + " at the start; " + report.series());
        assertEquals(end.get("added"), end.get("counter"), "every increment of the read-write cycles is in the file");
        report.assertNoGc();
    }

    @Test
    void shouldCycle100FilesWithoutGcAndLeaveAtMostOneMappingPerFileAndNoDescriptors() throws Exception
    {
        final int files = 100;
        final int cycles = 10_000;
        createRegions(files);
        final Report report = runCycling("cycle-many", directory.toString(), Integer.toString(files), Integer.toString(cycles), "10");

        report.assertCompleted(cycles, "10,000 attach/close cycles over 100 files (open, attach; a counter and a wide string each)");
        final long baselineFds = report.baseline().get("fds");
        for (final Map<String, Long> sample : report.samples())
        {
            assertTrue(sample.get("maxPerFile") <= 1 && sample.get("fds") <= baselineFds,
                "at most one mapping per file and no extra descriptors, at every point; at cycle " + sample.get("cycle") + ": " +
                    report.series());
        }
        final Map<String, Long> end = report.end();
        assertTrue(end.get("maxPerFile") <= 1, "after " + cycles + " cycles one file has " + end.get("maxPerFile") + " mappings (" +
            end.get("maps") + " over all " + files + " files); " + report.series());
        assertTrue(end.get("fds") <= baselineFds, "after " + cycles + " cycles " + end.get("fds") + " descriptors are open, " +
            baselineFds + " at the start; " + report.series());
        assertEquals(end.get("added"), end.get("counter"), "every increment of every cycle is in its file");
        report.assertNoGc();
    }

    /**
     * A deserialized handle attaches its region by path, and nobody can close that region: reading handles back in a
     * loop must not leave a descriptor or mapping per handle either. Today the counts stay flat (one region per path
     * is cached for ever) and only the absolute bound fails, by the mappings the two regions closed before the
     * baseline leak; it guards the fix, where each deserialized handle attaches a region of its own.
     */
    @Test
    void shouldDeserializeHandles20000TimesWithoutGcAndLeaveAtMostTwoMappingsAndNoDescriptors() throws Exception
    {
        final int cycles = 20_000;
        createRegions(1);
        final Path path = LifecycleChildMain.file(directory, 0);
        final Report report = runCycling("cycle-deserialize", path.toString(), Integer.toString(cycles), "10");

        report.assertCompleted(cycles, "20,000 handles read back from their serialized form, each used once");
        final long baselineFds = report.baseline().get("fds");
        final long baselineMaps = report.baseline().get("maps");
        for (final Map<String, Long> sample : report.samples())
        {
            assertTrue(sample.get("maps") <= baselineMaps && sample.get("fds") <= baselineFds,
                "mappings and descriptors must stay flat; at cycle " + sample.get("cycle") + ": " + report.series());
        }
        final Map<String, Long> end = report.end();
        assertTrue(end.get("fds") <= baselineFds, "after " + cycles + " deserialized handles " + end.get("fds") +
            " descriptors are open, " + baselineFds + " at the start; " + report.series());
        assertTrue(end.get("maps") <= 2, "after " + cycles + " deserialized handles the file has " + end.get("maps") +
            " mappings (at most 2 allowed; the regions closed before the baseline count too); " + report.series());
        assertEquals(end.get("added"), end.get("counter"), "every increment through a deserialized handle is in the file");
        report.assertNoGc();
    }

    @Test
    void shouldOnlyThrowIllegalStateWhenClosedAndReattachedUnderHammeringThreadsAndLeakNothing() throws Exception
    {
        final int cycles = 3_000;
        createRegions(1);
        final Path path = LifecycleChildMain.file(directory, 0);
        final Report report = runCycling("race", path.toString(), "2", Integer.toString(cycles));

        final String unexpected = report.line("unexpected");
        assertTrue(unexpected == null, "only IllegalStateException may reach a thread using a handle of a closed region: " + unexpected);
        report.assertCompleted(cycles, "3,000 close-and-reattach cycles under 2 hammering threads");
        final Map<String, Long> end = report.end();
        assertEquals(0L, end.get("stuck"), "every hammering thread stopped");
        assertTrue(end.get("added") > 0, "the hammering threads got work done: " + end);
        assertEquals(end.get("added"), end.get("counter"), "every increment that returned is in the file, none twice");
        assertTrue(end.get("maps") <= 2,
            "after " + cycles + " re-attaches the file has " + end.get("maps") + " mappings (at most 2 allowed)");
        assertTrue(end.get("fds") <= report.baseline().get("fds"), "after " + cycles + " re-attaches " + end.get("fds") +
            " descriptors are open, " + report.baseline().get("fds") + " at the start");
        report.assertNoGc();
    }

    /**
     * Documents when a deleted file's memory comes back: not while a region of it is open (deleting only unlinks it),
     * and, by the design, once every region object and handle of it is closed and unreachable and a GC has run
     * (a Cleaner unmaps it). As root the child gets a tmpfs of its own, mounted on the test's directory under /dev/shm
     * in a private mount namespace, so the space it reports is exactly the file's; otherwise it measures the shared
     * /dev/shm, where other processes may use space meanwhile, with a tolerance of a quarter of the file.
     */
    @Test
    void shouldReturnTheMemoryOfADeletedFileOnceClosedAndUnreachable() throws Exception
    {
        final long size = 256L << 20;
        final long sizeMiB = size >> 20;
        final boolean privateTmpfs = isRoot() && Files.isExecutable(UNSHARE) && Files.isExecutable(Path.of("/usr/bin/mount"));
        final long tolerance = privateTmpfs ? 0 : size / 4;
        Assumptions.assumeTrue(privateTmpfs || Files.getFileStore(directory).getUnallocatedSpace() > 4 * size,
            "needs 1 GiB free in /dev/shm");
        final List<String> prefix = privateTmpfs ? List.of(UNSHARE.toString(), "--mount", "--propagation", "private", "--", "sh", "-c",
            "mount -t tmpfs -o size=1g,mode=0700 region-lifecycle \"$0\" && exec \"$@\"", directory.toString()) : List.of();
        // This child may collect (Serial, small heap): the design releases a mapping with a Cleaner.
        final Report report = runChild(prefix, List.of(), Duration.ofSeconds(60), "deleted", directory.toString(), Long.toString(size),
            Long.toString(tolerance), "10000");
        assertEquals(0, report.result.exitCode(), report.describe());

        final Map<String, Long> attached = report.values("attached");
        assertTrue(attached.get("maps") >= 1 && attached.get("heldMiB") >= sizeMiB - tolerance / (1 << 20),
            "the attached file is mapped and fills tmpfs: " + attached + (privateTmpfs ? " (private tmpfs)" : " (shared /dev/shm)"));
        final Map<String, Long> deleted = report.values("deleted");
        assertTrue(deleted.get("maps") >= 1 && deleted.get("heldMiB") >= sizeMiB - tolerance / (1 << 20),
            "deleting a file while it is attached gives no memory back yet: " + deleted);
        assertEquals(2L, deleted.get("counter"), "the regions still share the deleted file's values");

        final Map<String, Long> released = report.values("released");
        assertTrue(released.get("maps") == 0 && released.get("fds") == 0 && released.get("heldMiB") <= tolerance / (1 << 20),
            "after the regions were closed, their handles dropped and " + released.get("gcCalls") + " System.gc() calls in " +
                released.get("millis") + " ms, the deleted file still has " + released.get("maps") + " mappings and " +
                released.get("fds") + " descriptors, and " + released.get("heldMiB") + " MiB of " +
                (privateTmpfs ? "its private tmpfs" : "/dev/shm") + " are not returned (the file is " + sizeMiB + " MiB); " +
                "right after close: " + report.values("closed"));
    }

    /**
     * Sharing one mapping per file must never hand a region the memory of another file that had the same path: here
     * the old regions stay reachable (one open, others closed), so their mappings certainly stay alive, while the path
     * is deleted and created again, and then replaced by a rename. Passes today; guards the fix.
     */
    @Test
    void shouldNeverServeANewFileAtTheSamePathFromAnOldFilesMapping() throws Exception
    {
        final Path path = directory.resolve("replaced.region");
        final SharedRegion first = SharedRegion.open(path);
        final SharedLong firstValue = first.sharedLong("value", 0);
        firstValue.set(41);
        final SharedRegion firstReader = SharedRegion.attachReadOnly(path);
        firstReader.close();

        Files.delete(path);
        final SharedRegion second = SharedRegion.open(path);
        assertEquals(0, second.sharedLong("value", 0).get(), "a new file at the path starts empty, not with the deleted file's value");
        second.sharedLong("value").set(7);
        second.close();
        final SharedRegion secondAttached = SharedRegion.attach(path);
        assertEquals(7, secondAttached.sharedLong("value").get(), "attach sees the file now at the path");
        secondAttached.close();
        assertEquals(41, firstValue.get(), "the region still open on the deleted file keeps its own memory");

        final Path other = directory.resolve("other.region");
        try (SharedRegion region = SharedRegion.open(other))
        {
            region.sharedLong("value", 99);
        }
        Files.move(other, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (SharedRegion third = SharedRegion.attach(path))
        {
            assertEquals(99, third.sharedLong("value").get(), "attach after a rename over the path sees the renamed file");
        }
        try (SharedRegion third = SharedRegion.attachReadOnly(path))
        {
            assertEquals(99, third.sharedLong("value").get(), "attachReadOnly after a rename over the path sees the renamed file");
        }
        try (SharedRegion third = SharedRegion.open(path))
        {
            assertEquals(99, third.sharedLong("value").get(), "open after a rename over the path sees the renamed file");
        }
        assertEquals(41, firstValue.get(), "the first region is untouched by all of this");
        first.close();
        Reference.reachabilityFence(firstReader);
        Reference.reachabilityFence(second);
        Reference.reachabilityFence(secondAttached);
    }

    /** Creates region files 0..count-1 in a JVM of their own, so that no mapping of them is left in this one. */
    private void createRegions(final int count) throws Exception
    {
        ChildJvm.start(LifecycleChildMain.class, "create", directory.toString(), Integer.toString(count)).await(Duration.ofSeconds(60))
            .assertSuccess();
    }

    /**
     * Runs a cycling command of {@link LifecycleChildMain} in a JVM with {@link #NO_GC_FLAGS} under
     * {@code prlimit --nofile=1024:1024}, and checks that the limit took.
     */
    private Report runCycling(final String... args) throws Exception
    {
        Assumptions.assumeTrue(Files.isExecutable(PRLIMIT), "needs prlimit (util-linux) to lower the descriptor limit");
        final Report report = runChild(List.of(PRLIMIT.toString(), "--nofile=" + DESCRIPTOR_LIMIT + ":" + DESCRIPTOR_LIMIT), NO_GC_FLAGS,
            CYCLE_TIMEOUT, args);
        final Map<String, Long> limits = report.values("limits");
        assertEquals((long)DESCRIPTOR_LIMIT, limits.get("nofile"),
            "the cycling JVM runs with at most 1024 open files: " + report.describe());
        return report;
    }

    /**
     * Runs {@link LifecycleChildMain} with {@code args} in a JVM started through {@code prefix}, with the project's
     * flags from {@link ChildJvm#inheritedJvmArguments()} (less its heap and collector when {@code heapFlags} give
     * others). Built here rather than by ChildJvm, which cannot take a command prefix.
     */
    private Report runChild(final List<String> prefix, final List<String> heapFlags, final Duration timeout, final String... args)
        throws Exception
    {
        final List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String flag : ChildJvm.inheritedJvmArguments())
        {
            if (heapFlags.isEmpty() || !(flag.startsWith("-Xmx") || flag.startsWith("-Xms") || flag.startsWith("-Xmn") ||
                (flag.startsWith("-XX:+Use") && flag.endsWith("GC"))))
            {
                command.add(flag);
            }
        }
        command.addAll(heapFlags);
        // Output and any crash report go to a directory of their own (the crash report's head into the failure message):
        // not the build's directory, and not the test directory, which the deleted-file child covers with its own tmpfs.
        final Path crashes = Files.createTempDirectory("region-lifecycle-crash-");
        command.add("-XX:ErrorFile=" + crashes.resolve("hs_err_%p.log"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(LifecycleChildMain.class.getName());
        command.addAll(Arrays.asList(args));
        final Path stdout = crashes.resolve("child.out");
        final Path stderr = crashes.resolve("child.err");
        try
        {
            final Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly().waitFor();
                fail("the child JVM (" + String.join(" ", args) + ") did not finish within " + timeout + "; it reported:\n" +
                    Files.readString(stdout) + "\n--- stderr ---\n" + tail(Files.readString(stderr)));
            }
            final StringBuilder errors = new StringBuilder(Files.readString(stderr));
            try (Stream<Path> files = Files.list(crashes))
            {
                for (final Path crash : files.filter(f -> f.getFileName().toString().startsWith("hs_err_")).collect(Collectors.toList()))
                {
                    errors.append("\n--- ").append(crash.getFileName()).append(" ---\n");
                    Files.readAllLines(crash).stream().limit(40).forEach(line -> errors.append(line).append('\n'));
                }
            }
            return new Report(new ChildJvm.Result(process.exitValue(), Files.readString(stdout), errors.toString()));
        }
        finally
        {
            deleteRecursively(crashes);
        }
    }

    private static boolean isRoot() throws Exception
    {
        final Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
        final String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertTrue(id.waitFor(30, TimeUnit.SECONDS), "id -u finished");
        return "0".equals(uid);
    }

    private static void deleteRecursively(final Path root) throws IOException
    {
        try (Stream<Path> files = Files.walk(root))
        {
            for (final Path file : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList()))
            {
                Files.deleteIfExists(file);
            }
        }
    }

    private static String tail(final String text)
    {
        return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
    }

    /** The lines a child printed, {@code kind key=value ...}, with the checks every cycling run shares. */
    private static final class Report
    {
        private final ChildJvm.Result result;
        private final List<String> lines;

        Report(final ChildJvm.Result result)
        {
            this.result = result;
            this.lines = result.stdout().lines().collect(Collectors.toList());
        }

        String line(final String kind)
        {
            for (final String line : lines)
            {
                if (line.startsWith(kind + " "))
                {
                    return line.substring(kind.length() + 1);
                }
            }
            return null;
        }

        Map<String, Long> values(final String kind)
        {
            final String line = line(kind);
            if (line == null)
            {
                throw new AssertionError("the child reported no '" + kind + "' line; " + describe());
            }
            return parse(line);
        }

        private static Map<String, Long> parse(final String line)
        {
            final Map<String, Long> values = new HashMap<>();
            for (final String field : line.trim().split("\\s+"))
            {
                final int equals = field.indexOf('=');
                if (equals > 0)
                {
                    try
                    {
                        values.put(field.substring(0, equals), Long.parseLong(field.substring(equals + 1)));
                    }
                    catch (final NumberFormatException notANumber)
                    {
                        // a name, e.g. of a collector: not counted
                    }
                }
            }
            return values;
        }

        Map<String, Long> baseline()
        {
            return values("baseline");
        }

        Map<String, Long> end()
        {
            return values("end");
        }

        List<Map<String, Long>> samples()
        {
            return lines.stream().filter(l -> l.startsWith("sample ")).map(l -> parse(l.substring("sample ".length())))
                .collect(Collectors.toList());
        }

        /** Mappings and descriptors at the baseline, every sample and the end or failure, for messages. */
        String series()
        {
            final StringBuilder text = new StringBuilder("cycle: mappings/descriptors");
            for (final String line : lines)
            {
                if (line.startsWith("baseline ") || line.startsWith("sample ") || line.startsWith("end ") || line.startsWith("failed "))
                {
                    final Map<String, Long> values = parse(line.substring(line.indexOf(' ') + 1));
                    text.append(", ").append(values.get("cycle")).append(": ").append(values.get("maps"));
                    if (values.containsKey("maxPerFile"))
                    {
                        text.append(" (max ").append(values.get("maxPerFile")).append(" per file)");
                    }
                    text.append('/').append(values.get("fds"));
                }
            }
            return text.toString();
        }

        /** The child ran every cycle: else says after how many cycles it stopped, why, and what it counted. */
        void assertCompleted(final int cycles, final String what)
        {
            final String failed = line("failed");
            if (failed != null)
            {
                final Map<String, Long> at = parse(failed);
                final Map<String, Long> baseline = baseline();
                fail(what + ": after " + at.get("cycle") + " cycles: " + line("error") + "; mappings grew from " + baseline.get("maps") +
                    " to " + at.get("maps") + (at.get("maxPerFile") == null ? "" : " (" + at.get("maxPerFile") + " of one file)") +
                    ", descriptors from " + baseline.get("fds") + " to " + at.get("fds") + " (limit " + DESCRIPTOR_LIMIT + "); GCs run: " +
                    at.get("gcs") + "; " + series());
            }
            if (result.exitCode() != 0 || line("end") == null)
            {
                fail(what + ": the cycling JVM exited with " + result.exitCode() + " before the end; " + series() + "; " + describe());
            }
            assertEquals((long)cycles, end().get("cycle"), what + ": every cycle ran");
        }

        /** No collection ran, so nothing above relied on one. */
        void assertNoGc()
        {
            assertEquals(0L, end().get("gcs"), "garbage collections ran in the cycling JVM, so it did not prove anything without GC; " +
                line("limits"));
        }

        String describe()
        {
            final String errors = result.stderr();
            return "exit " + result.exitCode() + "\n--- stdout ---\n" + result.stdout() + "\n--- stderr ---\n" +
                (errors.length() <= 8000 ? errors : errors.substring(0, 8000) + "...");
        }
    }
}
