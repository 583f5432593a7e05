package io.sharedatomic.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import io.sharedatomic.SharedLong;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.collections.SharedBitSet;
import io.sharedatomic.collections.SharedSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectTest
{
    @TempDir
    Path tempDir;

    private record Run(int status, String out, String err)
    {
    }

    private static Run inspect(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = Inspect.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldListEveryEntryOfALiveRegionWhileAnotherThreadWrites() throws Exception
    {
        final Path path = tempDir.resolve("live.region");
        try (SharedRegion region = SharedRegion.open(path))
        {
            final SharedLong counter = region.sharedLong("orders.count");
            region.sharedULong("ids.max", "18446744073709551615");
            region.sharedDouble("px.last", 101.25);
            region.sharedBoolean("risk.halt", true);
            region.sharedBytes("client.id", new byte[]{1, 2, 3, 4});
            region.sharedString("venue", "XLON");
            region.sharedWideString("status", 64, StandardCharsets.UTF_8, "{\"state\":\"open\"}");
            final SharedBitSet ids = SharedBitSet.of(region, "ids.claimed", 1000);
            ids.add(3);
            ids.add(999);
            SharedSet.of(region, "flags", Set.of(1, 2, 3));
            final AtomicBoolean running = new AtomicBoolean(true);
            final Thread writer = new Thread(() ->
            {
                while (running.get())
                {
                    counter.incrementAndGet();
                }
            });
            writer.start();
            try
            {
                final Run table = inspect(path.toString());
                assertEquals(0, table.status(), table.err());
                assertEquals("", table.err());
                final List<String> lines = table.out().lines().toList();
                assertTrue(lines.get(0).startsWith(path + ": 9 entries"), lines.get(0));
                assertTrue(lines.get(1).matches("NAME +TYPE +DETAIL +BYTES +VALUE"), lines.get(1));
                assertTrue(table.out().contains("18446744073709551615"), table.out());
                assertTrue(table.out().contains("cardinality 2"), table.out());
                assertTrue(table.out().contains("{\"state\":\"open\"}"), table.out());
                assertTrue(table.out().contains("01020304"), table.out());
                // Aligned: every row's TYPE column starts where the header's does.
                final int typeColumn = lines.get(1).indexOf("TYPE");
                lines.subList(2, lines.size()).forEach(line -> assertEquals(' ', line.charAt(typeColumn - 1), line));

                final Run json = inspect(path.toString(), "--json");
                assertEquals(0, json.status());
                assertTrue(json.out().startsWith("{\"region\":\"" + path + "\",\"entries\":[{\"name\":"), json.out());
                assertTrue(json.out().contains("{\"name\":\"status\",\"type\":\"WIDE_STRING\",\"detail\":\"capacity 64, UTF-8\""), json.out());
                assertTrue(json.out().contains("\"value\":\"{\\\"state\\\":\\\"open\\\"}\""), json.out());

                final Run watch = inspect(path.toString(), "--watch", "0.05", "--iterations", "3");
                assertEquals(0, watch.status());
                assertEquals(3, watch.out().lines().filter(line -> line.startsWith(path + ": 9 entries")).count());
            }
            finally
            {
                running.set(false);
                writer.join();
            }
            assertTrue(counter.get() > 0);
        }
    }

    @Test
    void shouldSayInOneLineThatAForeignFileIsNoRegion() throws Exception
    {
        final Path foreign = Files.writeString(tempDir.resolve("notes.txt"), "not a region\n".repeat(100));

        final Run run = inspect(foreign.toString());

        assertEquals(2, run.status());
        assertEquals("", run.out());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("not a shared-atomic region"), run.err());
        assertEquals(2, inspect(tempDir.resolve("missing.region").toString()).status());
        assertEquals(2, inspect().status());
    }
}
