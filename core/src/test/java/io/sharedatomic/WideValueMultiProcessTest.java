package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.sharedatomic.testkit.ChildJvm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wide values across processes: compare-and-set is linearizable (no lost update), readers never see a torn value,
 * and a writer killed with {@code kill -9} mid-write leaves the last complete value and blocks the next writer only
 * briefly.
 */
@Tag("slow")
class WideValueMultiProcessTest
{
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path tempDir;

    @Test
    void shouldLoseNoCompareAndSetAndTearNoReadAcrossJvms() throws Exception
    {
        final Path path = tempDir.resolve("wide.region");
        try (SharedRegion region = SharedRegion.open(path))
        {
            final SharedWideBytes wide = region.sharedWideBytes("wide", WidePattern.CAPACITY, WidePattern.make(0, 0));
            final List<ChildJvm> children = new ArrayList<>();
            for (int writer = 1; writer <= 3; writer++)
            {
                children.add(ChildJvm.start(ChildMain.class, "wide-cas", path.toString(), Integer.toString(writer), "20000"));
            }
            final ChildJvm reader = ChildJvm.start(ChildMain.class, "wide-read", path.toString(), "4000");
            long successes = 0;
            for (final ChildJvm child : children)
            {
                successes += Long.parseLong(child.await(TIMEOUT).assertSuccess().stdout().strip());
            }
            final long reads = Long.parseLong(reader.await(TIMEOUT).assertSuccess().stdout().strip());

            assertTrue(successes > 0);
            assertTrue(reads > 0);
            // Each successful CAS raised the count by exactly one, so the count is the number of successes.
            assertEquals(successes, WidePattern.check(wide.get()));
        }
    }

    @Test
    void shouldKeepTheLastCompleteValueWhenAWriterIsKilled() throws Exception
    {
        final Path path = tempDir.resolve("killed.region");
        final Random random = new Random(11);
        try (SharedRegion region = SharedRegion.open(path))
        {
            final SharedWideBytes wide = region.sharedWideBytes("wide", WidePattern.CAPACITY, WidePattern.make(0, 0));
            final ChildJvm reader = ChildJvm.start(ChildMain.class, "wide-read", path.toString(), "12000");
            long maxTakeoverNanos = 0;
            for (int round = 1; round <= 12; round++)
            {
                final ChildJvm writer = ChildJvm.start(ChildMain.class, "wide-write-forever", path.toString(), Integer.toString(round));
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!writer.stdoutSoFar().contains("started"))
                {
                    assertTrue(System.nanoTime() < deadline, "writer did not start");
                    Thread.sleep(5);
                }
                Thread.sleep(20 + random.nextInt(200));
                writer.kill();

                final long before = WidePattern.check(wide.get());
                final long start = System.nanoTime();
                // May find the lock held by the dead writer: it must be taken over, not waited on forever.
                wide.set(WidePattern.make(before + 1, 0));
                maxTakeoverNanos = Math.max(maxTakeoverNanos, System.nanoTime() - start);
                assertEquals(before + 1, WidePattern.check(wide.get()));
            }
            assertTrue(maxTakeoverNanos < TimeUnit.SECONDS.toNanos(2), "took " + maxTakeoverNanos / 1_000_000 + " ms");
            final long reads = Long.parseLong(reader.await(TIMEOUT).assertSuccess().stdout().strip());
            assertTrue(reads > 0);
        }
    }
}
