package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.sharedatomic.internal.NativeMemory;
import io.sharedatomic.internal.RegionMemory;
import io.sharedatomic.layout.RegionDescriptor;
import io.sharedatomic.testkit.ChildJvm;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@link RegionSpec} describes only regions that attach accepts: a shape whose file would exceed the layout's
 * 32 GiB limit (an entry capacity above 2^23 leaves less than {@link RegionSpec#MAX_DATA_CAPACITY} for data) is
 * refused with an {@link IllegalArgumentException} that names the limit, at the latest when a region is made, and
 * no file is left; the largest shapes at the limit are accepted and a file of that shape attaches.
 */
class RegionSpecTest
{
    /** The layout's region limit: directory words hold data offsets divided by 8 in 32 bits. */
    private static final long LIMIT = 1L << 35;
    private static final Path PRLIMIT = Path.of("/usr/bin/prlimit");

    @TempDir
    Path tempDir;

    /**
     * @return slots of the directory for {@code entries}: twice as many, rounded up to a power of two (the layout).
     */
    private static long slots(final int entries)
    {
        long slots = 1;
        while (slots < 2L * entries)
        {
            slots <<= 1;
        }
        return slots;
    }

    /**
     * @return where the data area starts: the 128-byte header, then 8-byte slots, rounded up to 64.
     */
    private static long dataOffset(final int entries)
    {
        return RegionDescriptor.align(RegionDescriptor.HEADER_LENGTH + 8 * slots(entries), 64);
    }

    /**
     * @return the largest data capacity that keeps a region of {@code entries} within the limit, which is a multiple
     *         of every page size, so rounding the length up to a page never crosses it.
     */
    private static long largestData(final int entries)
    {
        return Math.min(RegionSpec.MAX_DATA_CAPACITY, LIMIT - dataOffset(entries));
    }

    /**
     * @return the largest entry capacity that keeps a region with {@code data} bytes of data within the limit.
     */
    private static long largestEntries(final long data)
    {
        for (long slots = 2L * RegionSpec.MAX_ENTRY_CAPACITY; slots >= 2; slots >>= 1)
        {
            if (RegionDescriptor.align(RegionDescriptor.HEADER_LENGTH + 8 * slots, 64) + data <= LIMIT)
            {
                return slots / 2;
            }
        }
        return 0;
    }

    @Test
    void shouldRefuseEveryShapeAboveTheLayoutLimitAndCreateNoFile() throws Exception
    {
        assertEquals(LIMIT, RegionDescriptor.MAX_REGION_LENGTH, "the documented 32 GiB limit");
        final int aboveHalf = (1 << 23) + 1;
        final int most = RegionSpec.MAX_ENTRY_CAPACITY;
        // Entry capacity and data capacity, each just past the limit with the other at its largest or at the edge.
        final long[][] cases = {
            {aboveHalf, RegionSpec.MAX_DATA_CAPACITY},
            {most, RegionSpec.MAX_DATA_CAPACITY},
            {most, largestData(most) + 1},
            {aboveHalf, largestData(aboveHalf) + 1},
        };
        final Path directory = Files.createDirectories(tempDir.resolve("refused"));
        final List<String> failures = new ArrayList<>();
        final List<String> childCases = new ArrayList<>();
        for (final long[] shape : cases)
        {
            final int entries = (int)shape[0];
            final long data = shape[1];
            final String what = "entryCapacity " + entries + ", dataCapacity " + data + " (a region of " +
                (dataOffset(entries) + data) + " bytes, above " + LIMIT + ")";
            final List<Supplier<RegionSpec>> ways = List.of(
                () -> RegionSpec.defaults().withEntryCapacity(entries).withDataCapacity(data),
                () -> RegionSpec.defaults().withDataCapacity(data).withEntryCapacity(entries));
            boolean accepted = false;
            for (final Supplier<RegionSpec> way : ways)
            {
                try
                {
                    way.get();
                    accepted = true;
                }
                catch (final IllegalArgumentException ex)
                {
                    checkNamesTheLimit(what, "RegionSpec", ex.getMessage(), entries, data, failures);
                }
            }
            if (accepted)
            {
                // RegionSpec let it through, so creation must refuse it. Tried in a child JVM under small limits,
                // since code that accepts it would write a 32 GiB file or allocate 32 GiB.
                childCases.add("open:" + directory.resolve("r-" + entries + "-" + data + ".region") + ":" + entries + ":" + data);
                childCases.add("inMemory:" + entries + ":" + data);
            }
        }
        if (!childCases.isEmpty())
        {
            final List<String> outcomes = runLimited(childCases);
            for (int i = 0; i < childCases.size(); i++)
            {
                final String[] parts = childCases.get(i).split(":");
                final int entries = Integer.parseInt(parts[parts.length - 2]);
                final long data = Long.parseLong(parts[parts.length - 1]);
                final String what = "entryCapacity " + entries + ", dataCapacity " + data;
                final String call = parts[0].equals("open") ? "SharedRegion.open" : "SharedRegion.inMemory";
                final String outcome = i < outcomes.size() ? outcomes.get(i) : "(no outcome)";
                if (outcome.startsWith("IAE "))
                {
                    checkNamesTheLimit(what, call, outcome.substring(4), entries, data, failures);
                }
                else
                {
                    failures.add(what + ": RegionSpec accepted it and " + call + " did not throw IllegalArgumentException but: " + outcome);
                }
            }
        }
        try (Stream<Path> files = Files.list(directory))
        {
            for (final Path left : files.toList())
            {
                failures.add("a refused shape left a file: " + left + " (" + Files.size(left) + " bytes)");
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " failures:\n" + String.join("\n", failures));
    }

    private static void checkNamesTheLimit(final String what, final String where, final String message, final int entries,
        final long data, final List<String> failures)
    {
        final List<String> limits = List.of(String.valueOf(LIMIT), "32 GiB", "32GiB", "2^35", String.valueOf(largestData(entries)),
            String.valueOf(largestEntries(data)));
        if (message == null || limits.stream().noneMatch(message::contains))
        {
            failures.add(what + ": " + where + " refused it, but its message names none of the limits " + limits + ": " + message);
        }
    }

    /**
     * Runs {@link RegionSpecChildMain} with files limited to 64 MiB and the address space to 8 GiB.
     *
     * @return one outcome line per case.
     */
    private List<String> runLimited(final List<String> cases) throws Exception
    {
        Assumptions.assumeTrue(Files.isExecutable(PRLIMIT), "prlimit is needed to try an oversized shape safely");
        final List<String> command = new ArrayList<>(List.of(PRLIMIT.toString(), "--fsize=" + (64L << 20), "--as=" + (8L << 30),
            Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ChildJvm.inheritedJvmArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(RegionSpecChildMain.class.getName());
        command.addAll(cases);
        final Path stdout = tempDir.resolve("child.out");
        final Path stderr = tempDir.resolve("child.err");
        final Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!process.waitFor(2, TimeUnit.MINUTES))
        {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the child JVM did not finish: " + Files.readString(stdout));
        }
        assertEquals(0, process.exitValue(), "child JVM\n--- stdout ---\n" + Files.readString(stdout) + "\n--- stderr ---\n" +
            Files.readString(stderr));
        return Files.readAllLines(stdout);
    }

    @Test
    void shouldAcceptTheLargestShapesAndAttachTheirFiles() throws Exception
    {
        final int half = 1 << 23;
        final int most = RegionSpec.MAX_ENTRY_CAPACITY;
        assertEquals(RegionSpec.MAX_DATA_CAPACITY, largestData(half), "up to 2^23 entries leave room for the most data");
        assertEquals(LIMIT - (1L << 28) - 128, largestData(most));
        final long[][] edges = {
            {half, RegionSpec.MAX_DATA_CAPACITY},
            {most, largestData(most)},
            {half + 1, largestData(half + 1)},
            {1, RegionSpec.MAX_DATA_CAPACITY},
        };
        for (final long[] edge : edges)
        {
            final int entries = (int)edge[0];
            final long data = edge[1];
            final String what = "entryCapacity " + entries + ", dataCapacity " + data;
            final RegionSpec spec = assertDoesNotThrow(() -> RegionSpec.defaults().withEntryCapacity(entries).withDataCapacity(data), what);
            assertDoesNotThrow(() -> RegionSpec.defaults().withDataCapacity(data).withEntryCapacity(entries), what);
            final RegionDescriptor.Shape shape = RegionDescriptor.Shape.of(entries, data, spec.padding().alignment(), NativeMemory.pageSize());
            assertTrue(shape.regionLength() <= LIMIT, what + ": " + shape);

            // Writing 32 GiB to prove that such a file attaches is out of the question, but a sparse file costs
            // nothing: the header as a creator writes it, then holes up to the full length. Attach runs every check
            // it runs on any file, maps the whole length, and a new entry lands in the directory and data area.
            final Path path = tempDir.resolve("edge.region");
            final NativeMemory.Block header = NativeMemory.allocate(RegionDescriptor.HEADER_LENGTH);
            final byte[] bytes = new byte[RegionDescriptor.HEADER_LENGTH];
            try
            {
                RegionMemory.writeHeader(header.address(), shape);
                NativeMemory.copyToArray(header.address(), bytes, 0, bytes.length);
            }
            finally
            {
                header.release();
            }
            try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw"))
            {
                file.write(bytes);
                file.setLength(shape.regionLength());
            }
            try (SharedRegion region = SharedRegion.attach(path))
            {
                assertEquals(shape.regionLength(), region.byteLength(), what);
                assertEquals(entries, region.entryCapacity(), what);
                final SharedLong value = region.sharedLong("edge", 7);
                assertEquals(8, value.incrementAndGet(), what);
                assertEquals(8, region.sharedLong("edge").get(), what);
            }
            finally
            {
                Files.delete(path);
            }
        }
    }
}
