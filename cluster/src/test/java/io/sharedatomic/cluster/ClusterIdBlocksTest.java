package io.sharedatomic.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.sharedatomic.SharedLongArray;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.testkit.ChildJvm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Id blocks against a real 3-node etcd: unique ids from threads, a keeper killed half-way through publishing a block,
 * and two hosts (two region files) of two JVMs each, with one host's keeper killed with {@code kill -9} mid-run.
 */
class ClusterIdBlocksTest
{
    @RegisterExtension
    static final Etcd.PerClass ETCD = new Etcd.PerClass();

    @TempDir
    Path tempDir;

    @Test
    void shouldHandOutUniqueIdsFromBlocks() throws Exception
    {
        try (ClusterValues cluster = ClusterValues.connect(Etcd.spec(ETCD.cluster()));
             SharedRegion region = SharedRegion.open(tempDir.resolve("host.region")))
        {
            final ClusterLong counter = cluster.clusterLong("orders.ids", 1);
            final Set<Long> seen = ConcurrentHashMap.newKeySet();
            final AtomicReference<String> duplicate = new AtomicReference<>();
            try (ClusterIdBlocks ids = ClusterIdBlocks.start(counter, region, 1000))
            {
                assertThrows(IllegalStateException.class, () -> ClusterIdBlocks.start(counter, region, 1000), "once per process");
                final List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < 2; t++)
                {
                    threads.add(new Thread(() ->
                    {
                        for (int i = 0; i < 20_000; i++)
                        {
                            final long id = ids.nextId();
                            if (!seen.add(id))
                            {
                                duplicate.compareAndSet(null, "id " + id + " twice");
                            }
                        }
                    }));
                }
                threads.forEach(Thread::start);
                for (final Thread thread : threads)
                {
                    thread.join();
                }
                assertTrue(ids.isKeeper());
            }
            assertEquals(null, duplicate.get());
            assertEquals(40_000, seen.size());
            final long next = counter.get();
            assertEquals(0, (next - 1) % 1000, "the counter moved by whole blocks: " + next);
            assertTrue(seen.stream().allMatch(id -> id >= 1 && id < next), "every id came from a block the counter handed out");

            final IllegalArgumentException otherSize = assertThrows(IllegalArgumentException.class,
                () -> ClusterIdBlocks.start(counter, region, 500));
            assertTrue(otherSize.getMessage().contains("have 1000 ids per block"), otherSize.getMessage());
        }
    }

    @Test
    void shouldNotUseABlockAKilledKeeperWasHalfWayThroughPublishing() throws Exception
    {
        try (ClusterValues cluster = ClusterValues.connect(Etcd.spec(ETCD.cluster()));
             SharedRegion region = SharedRegion.open(tempDir.resolve("crashed.region")))
        {
            final ClusterLong counter = cluster.clusterLong("orders.crashed", 1);
            // As a keeper leaves the words when SIGKILL hits it between marking the slot and publishing: a token nobody
            // holds (its owner is gone), block 0's slot marked with it, with a START that was never handed out.
            final SharedLongArray words = region.sharedLongArray("orders.crashed" + IdBlocksLayout.WORDS_SUFFIX, IdBlocksLayout.WORDS);
            final long deadToken = 1_000_000;
            assertFalse(region.isOwnerAlive(deadToken));
            words.set(IdBlocksLayout.BLOCK_SIZE, 100);
            words.set(IdBlocksLayout.KEEPER, deadToken);
            words.set(IdBlocksLayout.tag(0), -deadToken);
            words.set(IdBlocksLayout.start(0), 777_000);
            try (ClusterIdBlocks ids = ClusterIdBlocks.start(counter, region, 100))
            {
                final Set<Long> seen = new HashSet<>();
                for (int i = 0; i < 1000; i++)
                {
                    final long id = ids.nextId();
                    assertTrue(id >= 1 && id < 777_000, "id " + id + " came from the cluster, not from the half-written slot");
                    assertTrue(seen.add(id));
                }
                assertTrue(ids.isKeeper(), "took over from the dead keeper");
                assertEquals(region.ownerToken(), words.get(IdBlocksLayout.KEEPER));
            }
            assertEquals(0, words.get(IdBlocksLayout.KEEPER), "close gave the keeper's place up");

            // The same name under another prefix must not share these words.
            try (ClusterValues other = ClusterValues.connect(Etcd.spec(ETCD.cluster()).withPrefix("/other-desk/")))
            {
                final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> ClusterIdBlocks.start(other.clusterLong("orders.crashed", 1), region, 100));
                assertTrue(refused.getMessage().contains("another cluster prefix"), refused.getMessage());
            }
        }
    }

    @Test
    @Tag("slow")
    void shouldStayUniqueAcrossHostsAndJvmsWhenAKeeperIsKilled(final TestReporter reporter) throws Exception
    {
        final String endpoints = String.join(",", ETCD.cluster().endpoints());
        final Path stop = tempDir.resolve("stop");
        final List<ChildJvm> children = new ArrayList<>();
        final List<String> outputs = new ArrayList<>();
        ChildJvm keeperOfA = null;
        try
        {
            for (int host = 0; host < 2; host++)
            {
                final Path region = tempDir.resolve("host-" + host + ".region");
                for (int jvm = 0; jvm < 2; jvm++)
                {
                    final String output = tempDir.resolve("ids-" + host + "-" + jvm).toString();
                    outputs.add(output);
                    final ChildJvm child = ChildJvm.start(IdChildMain.class, endpoints, region.toString(), "orders.firm", "100", "2", output,
                        stop.toString());
                    children.add(child);
                    if (jvm == 0)
                    {
                        // The first JVM of each host becomes its keeper before the second starts.
                        child.awaitOutput("keeper", Duration.ofSeconds(60));
                        if (host == 0)
                        {
                            keeperOfA = child;
                        }
                    }
                }
            }
            final ChildJvm survivor = children.get(1);
            Thread.sleep(1500);
            final long beforeKill = countIds(outputs.subList(1, 2));
            keeperOfA.process().destroyForcibly();
            assertTrue(keeperOfA.process().waitFor(30, TimeUnit.SECONDS));
            survivor.awaitOutput("keeper", Duration.ofSeconds(10));
            // Past the blocks the killed keeper had fetched: the new keeper fetches from the cluster.
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (countIds(outputs.subList(1, 2)) < beforeKill + 10 * 100)
            {
                assertTrue(System.nanoTime() < deadline, "host A's other JVM did not go on taking ids after the kill");
                Thread.sleep(10);
            }
            Files.writeString(stop, "");
            for (final ChildJvm child : children)
            {
                if (child != keeperOfA)
                {
                    final ChildJvm.Result result = child.await(Duration.ofSeconds(60)).assertSuccess();
                    assertEquals("", result.stderr());
                }
            }
            final Set<Long> seen = new HashSet<>();
            long total = 0;
            for (final String output : outputs)
            {
                for (final long id : readIds(output))
                {
                    total++;
                    assertTrue(seen.add(id), "id " + id + " was handed out twice");
                }
            }
            final String report = total + " ids from 2 hosts x 2 JVMs x 2 threads, blocks of 100, host A's keeper killed with SIGKILL mid-run: " +
                "no duplicate";
            reporter.publishEntry("ids", report);
            Files.writeString(Path.of("target", "cluster-id-blocks.txt"), report + "\n", StandardCharsets.UTF_8);
            assertTrue(total > 20 * 100, report);
        }
        finally
        {
            for (final ChildJvm child : children)
            {
                child.close();
            }
        }
    }

    private static long countIds(final List<String> outputs) throws IOException
    {
        long count = 0;
        for (final String output : outputs)
        {
            count += readIds(output).size();
        }
        return count;
    }

    /** The ids of one child's threads; a line cut short by SIGKILL is left out. */
    private static List<Long> readIds(final String output) throws IOException
    {
        final List<Long> ids = new ArrayList<>();
        for (int t = 0; t < 2; t++)
        {
            final Path file = Path.of(output + "." + t);
            if (!Files.exists(file))
            {
                continue;
            }
            final String text = Files.readString(file, StandardCharsets.UTF_8);
            final int end = text.lastIndexOf('\n');
            if (end < 0)
            {
                continue;
            }
            for (final String line : text.substring(0, end).split("\n"))
            {
                ids.add(Long.parseLong(line));
            }
        }
        return ids;
    }
}
