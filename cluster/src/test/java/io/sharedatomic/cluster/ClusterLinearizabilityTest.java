package io.sharedatomic.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

import io.sharedatomic.testkit.ChildJvm;
import io.sharedatomic.testkit.EtcdCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVMs of four threads each increment one cluster long with {@code getAndAdd(1)} and with CAS loops: every value
 * an increment returned is distinct, and the final value is the number of increments that landed; with the leader
 * killed (SIGKILL) in the middle, no acknowledged increment is lost, the final value lies between the acknowledged
 * count and that plus the unknown ones, resolve() accounts for every unknown one exactly, and the increments go on.
 */
@Tag("slow")
class ClusterLinearizabilityTest
{
    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    private static final int JVMS = 2;
    private static final int THREADS = 4;
    private static final int OPERATIONS = 60;

    @TempDir
    Path tempDir;

    /** What the children reported, and the counter's value when the leader was killed (-1 if it was not). */
    private record Outcome(List<Long> acknowledged, List<OperationId> unknown, long atKill)
    {
    }

    @Test
    void shouldCountExactlyAcrossJvms(final TestReporter reporter) throws Exception
    {
        try (EtcdCluster etcd = Etcd.start(3))
        {
            final Outcome outcome = run(etcd, "counter.plain", false);
            check(etcd, "counter.plain", outcome, reporter);
        }
    }

    @Test
    void shouldLoseNoAcknowledgedIncrementWhenTheLeaderIsKilled(final TestReporter reporter) throws Exception
    {
        try (EtcdCluster etcd = Etcd.start(3))
        {
            final Outcome outcome = run(etcd, "counter.failover", true);
            assertTrue(outcome.atKill() > 0, "the leader died while increments were flowing");
            check(etcd, "counter.failover", outcome, reporter);
        }
    }

    private Outcome run(final EtcdCluster etcd, final String name, final boolean killLeader) throws Exception
    {
        try (ClusterValues cluster = ClusterValues.connect(Etcd.spec(etcd)))
        {
            cluster.clusterLong(name, 0);
        }
        final List<ChildJvm> children = new ArrayList<>();
        final List<Path> outputs = new ArrayList<>();
        for (int j = 0; j < JVMS; j++)
        {
            final Path output = tempDir.resolve(name + "." + j + ".txt");
            outputs.add(output);
            children.add(ChildJvm.start(ClusterChildMain.class, String.join(",", etcd.endpoints()), name, Integer.toString(THREADS),
                Integer.toString(OPERATIONS), output.toString()));
        }
        int killed = -1;
        long atKill = -1;
        if (killLeader)
        {
            // Once a third of the increments landed, so that the leader's SIGKILL falls in the middle of them.
            try (ClusterValues watcher = ClusterValues.connect(Etcd.spec(etcd)))
            {
                final ClusterLong counter = watcher.clusterLong(name);
                final long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while ((atKill = counter.get()) < JVMS * THREADS * OPERATIONS / 3)
                {
                    assertTrue(System.nanoTime() < deadline, "the increments did not get going");
                    Thread.sleep(10);
                }
            }
            killed = etcd.leader();
            etcd.kill(killed);
        }
        for (final ChildJvm child : children)
        {
            final ChildJvm.Result result = child.await(TIMEOUT).assertSuccess();
            assertEquals("", result.stderr(), "the client prints nothing");
            assertEquals("", result.stdout(), "the client prints nothing");
        }
        if (killed >= 0)
        {
            etcd.restart(killed);
        }
        final List<Long> acknowledged = new ArrayList<>();
        final List<OperationId> unknown = new ArrayList<>();
        for (final Path output : outputs)
        {
            for (final String line : Files.readAllLines(output, StandardCharsets.UTF_8))
            {
                final String[] words = line.split(" ");
                if (words[0].equals("ack"))
                {
                    acknowledged.add(Long.parseLong(words[1]));
                }
                else
                {
                    unknown.add(new OperationId(words[1], words[2], Long.parseLong(words[3]), Long.parseLong(words[4])));
                }
            }
        }
        assertEquals(JVMS * THREADS * OPERATIONS, acknowledged.size() + unknown.size(), "every increment was reported");
        return new Outcome(acknowledged, unknown, atKill);
    }

    private static void check(final EtcdCluster etcd, final String name, final Outcome outcome, final TestReporter reporter) throws IOException
    {
        final Set<Long> distinct = new HashSet<>(outcome.acknowledged());
        assertEquals(outcome.acknowledged().size(), distinct.size(), "no two increments returned the same value");
        etcd.awaitReady(Duration.ofSeconds(30));
        try (ClusterValues cluster = ClusterValues.connect(Etcd.spec(etcd)))
        {
            final long last = cluster.clusterLong(name).get();
            assertTrue(last >= outcome.acknowledged().size(), "no acknowledged increment lost: " + last + " < " + outcome.acknowledged().size());
            assertTrue(last <= outcome.acknowledged().size() + outcome.unknown().size(), "nothing landed twice: " + last);
            int landed = 0;
            for (final OperationId operation : outcome.unknown())
            {
                final Resolution resolution = cluster.resolve(operation);
                if (resolution.applied())
                {
                    landed++;
                    assertEquals(resolution.previous() + 1, resolution.next());
                    assertTrue(distinct.add(resolution.previous()), "an unknown increment that landed returned a value of its own");
                }
                // Resolving again gives the same answer: it is final.
                assertEquals(resolution, cluster.resolve(operation));
            }
            assertEquals(last, outcome.acknowledged().size() + landed, "acknowledged + resolved-as-landed is the final value");
            final String summary = name + ": acknowledged " + outcome.acknowledged().size() + ", unknown " + outcome.unknown().size() +
                " (landed " + landed + "), final " + last + ", at kill " + outcome.atKill();
            reporter.publishEntry(name, summary);
            // For the figures of a report: target/cluster-linearizability.txt, one line per run.
            Files.writeString(Path.of("target", "cluster-linearizability.txt"), summary + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            if (outcome.atKill() >= 0)
            {
                assertTrue(last > outcome.atKill() + JVMS * THREADS, "increments went on after the failover: " + last);
            }
            for (long value = 0; value < last; value++)
            {
                assertTrue(distinct.contains(value), "every value below the final one was returned once: " + value);
            }
            // The increments go on after the failover.
            assertEquals(last, cluster.clusterLong(name).getAndIncrement());
        }
    }
}
