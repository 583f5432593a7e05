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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.sharedatomic.SharedRegion;
import io.sharedatomic.cluster.internal.EtcdStore;
import io.sharedatomic.testkit.ChildJvm;
import io.sharedatomic.testkit.EtcdCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Budgets against a real 3-node etcd: hosts (region files) spend against one limit and together never exceed it;
 * what a closing host did not spend comes back at once; a killed host's holding comes back after its lease's time
 * to live, and not before.
 */
class ClusterBudgetTest
{
    @RegisterExtension
    static final Etcd.PerClass ETCD = new Etcd.PerClass();

    @TempDir
    Path tempDir;

    /** Spends one unit at a time until nothing more comes for {@code quiet}. */
    private static long spendAll(final ClusterBudget budget, final Duration quiet) throws InterruptedException
    {
        long spent = 0;
        long lastProgress = System.nanoTime();
        while (System.nanoTime() - lastProgress < quiet.toNanos())
        {
            if (budget.trySpend(1))
            {
                spent++;
                lastProgress = System.nanoTime();
            }
            else
            {
                Thread.sleep(1);
            }
        }
        return spent;
    }

    /** Spends one at a time until {@code expected} is spent, or 30 s passed (then less); never more than expected. */
    private static long spendUpTo(final ClusterBudget budget, final long expected) throws InterruptedException
    {
        long spent = 0;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (spent < expected && System.nanoTime() - deadline < 0)
        {
            if (budget.trySpend(1))
            {
                spent++;
            }
            else
            {
                Thread.sleep(1);
            }
        }
        return spent;
    }

    /** The sum of every host's holding, read from ETCD.cluster(). */
    private static long held(final ClusterValues cluster, final String name)
    {
        final EtcdStore.Snapshot snapshot = cluster.store().snapshot(List.of(),
            ClusterLayout.budgetHoldersPrefix(cluster.spec().prefix(), name));
        return snapshot.underPrefix().values().stream().mapToLong(v -> Long.parseLong(ClusterLayout.text(v.value()))).sum();
    }

    @Test
    void shouldSpendExactlyTheLimitAcrossHostsAndGiveBackOnClose() throws Exception
    {
        try (ClusterValues cluster = ClusterValues.connect(Etcd.spec(ETCD.cluster()));
             SharedRegion hostA = SharedRegion.open(tempDir.resolve("a.region"));
             SharedRegion hostB = SharedRegion.open(tempDir.resolve("b.region")))
        {
            final ClusterLong limit = cluster.clusterLong("desk.lots", 1000);
            final ClusterBudget budgetB = ClusterBudget.start(limit, hostB, 100, Duration.ofSeconds(30));
            final long spentA;
            final long spentB;
            try (ClusterBudget budgetA = ClusterBudget.start(limit, hostA, 100, Duration.ofSeconds(30)))
            {
                assertThrows(IllegalStateException.class, () -> ClusterBudget.start(limit, hostA, 100, Duration.ofSeconds(30)));
                assertThrows(IllegalArgumentException.class, () -> ClusterBudget.start(limit, hostA, 50, Duration.ofSeconds(30)).close(),
                    "another chunk than the host's");
                // A takes 250 and stops; B takes whatever it can get.
                long taken = 0;
                while (taken < 250)
                {
                    if (budgetA.trySpend(1))
                    {
                        taken++;
                    }
                    else
                    {
                        Thread.sleep(1);
                    }
                }
                spentA = taken;
                spentB = spendAll(budgetB, Duration.ofSeconds(1));
                assertTrue(spentA + spentB <= 1000, spentA + " + " + spentB);
                assertTrue(held(cluster, "desk.lots") <= 1000);
            }
            // A closed: what it held and had not spent comes back now, not after 30 s.
            final long start = System.nanoTime();
            final long more = spendUpTo(budgetB, 1000 - spentA - spentB);
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "A's part came back now, not after its lease");
            assertTrue(more > 0, "B got what A gave back");
            assertEquals(1000, spentA + spentB + more, "every unit of the limit was spent, once");
            assertEquals(0, spendAll(budgetB, Duration.ofMillis(500)), "and not one more");
            assertEquals(1000, held(cluster, "desk.lots"), "everything is held: 250 by A's lease, 750 by B's");
            assertEquals(0, budgetB.available());
            assertFalse(budgetB.trySpend(1), "nothing left");

            // Raising the limit lets B go on; lowering it below what is held stops new reservations.
            limit.set(1100);
            assertEquals(100, spendUpTo(budgetB, 100));
            assertEquals(0, spendAll(budgetB, Duration.ofMillis(500)), "100 more, not one more");
            limit.set(900);
            assertEquals(0, spendAll(budgetB, Duration.ofMillis(500)));
            budgetB.close();
            assertTrue(held(cluster, "desk.lots") <= 1100);
        }
    }

    @Test
    void shouldStopSpendingBeforeItsLeaseCouldEndWhenCutOff(final TestReporter reporter) throws Exception
    {
        try (EtcdCluster own = Etcd.start(3);
             ClusterValues cluster = ClusterValues.connect(Etcd.spec(own).withOperationTimeout(Duration.ofSeconds(1)));
             SharedRegion host = SharedRegion.open(tempDir.resolve("cut.region")))
        {
            final ClusterLong limit = cluster.clusterLong("cut.lots", 1_000_000);
            try (ClusterBudget budget = ClusterBudget.start(limit, host, 100_000, Duration.ofSeconds(3)))
            {
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!budget.trySpend(1))
                {
                    assertTrue(System.nanoTime() < deadline, "the budget never started: " + budget.lastFailure());
                    Thread.sleep(1);
                }
                // Every member killed: no renewal is answered from now on. The host holds plenty, yet must stop
                // spending before the lease could end (3 s after the last renewal the cluster answered, sent at most
                // 3/4 s before the kill).
                for (int member = 0; member < 3; member++)
                {
                    own.kill(member);
                }
                final long cut = System.nanoTime();
                long lastSpend = cut;
                while (System.nanoTime() - cut < TimeUnit.SECONDS.toNanos(5))
                {
                    if (budget.trySpend(1))
                    {
                        lastSpend = System.nanoTime();
                    }
                    Thread.sleep(1);
                }
                final long spentForMillis = TimeUnit.NANOSECONDS.toMillis(lastSpend - cut);
                final String report = "cut off from etcd (every member killed), the host spent for " + spentForMillis +
                    " ms more, with a 3 s lease, and then nothing; " + budget.available() + " held but not spendable";
                reporter.publishEntry("cut off", report);
                Files.writeString(Path.of("target", "cluster-budget-cut-off.txt"), report + "\n", StandardCharsets.UTF_8);
                assertTrue(spentForMillis < 3000, report);
                assertTrue(budget.available() > 0, "it stopped with budget in hand: the lease, not the amount, stopped it");
                assertFalse(budget.trySpend(1));
            }
        }
    }

    @Test
    @Tag("slow")
    void shouldGiveAKilledHostsHoldingBackAfterItsLease(final TestReporter reporter) throws Exception
    {
        final long limitValue = 3000;
        final long ttlSeconds = 4;
        final String name = "firm.lots";
        try (ClusterValues cluster = ClusterValues.connect(Etcd.spec(ETCD.cluster())))
        {
            cluster.clusterLong(name, limitValue);
            final Path stop = tempDir.resolve("stop");
            final List<ChildJvm> hosts = new ArrayList<>();
            final AtomicBoolean sampling = new AtomicBoolean(true);
            final AtomicLong maxHeld = new AtomicLong();
            final Thread sampler = new Thread(() ->
            {
                while (sampling.get())
                {
                    try
                    {
                        maxHeld.accumulateAndGet(held(cluster, name), Math::max);
                        Thread.sleep(2);
                    }
                    catch (final RuntimeException ex)
                    {
                        // An answer missing is no sample.
                    }
                    catch (final InterruptedException ex)
                    {
                        return;
                    }
                }
            });
            try
            {
                for (int h = 0; h < 3; h++)
                {
                    hosts.add(ChildJvm.start(BudgetChildMain.class, String.join(",", ETCD.cluster().endpoints()), tempDir.resolve("host-" + h + ".region").toString(),
                        name, "100", Long.toString(ttlSeconds), stop.toString(), tempDir.resolve("go").toString()));
                }
                for (final ChildJvm host : hosts)
                {
                    host.awaitOutput("ready", Duration.ofSeconds(60));
                }
                sampler.start();
                // All three race for chunks of 100 until the limit is spent.
                Files.writeString(tempDir.resolve("go"), "");
                for (final ChildJvm host : hosts)
                {
                    awaitSpent(host, 100);
                }
                final long spentDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (lastSpent(hosts.get(0).stdoutSoFar()) + lastSpent(hosts.get(1).stdoutSoFar()) + lastSpent(hosts.get(2).stdoutSoFar()) < limitValue)
                {
                    assertTrue(System.nanoTime() < spentDeadline, "the three hosts did not spend the limit");
                    Thread.sleep(5);
                }
                final ChildJvm hostC = hosts.get(2);
                hostC.process().destroyForcibly();
                assertTrue(hostC.process().waitFor(30, TimeUnit.SECONDS));
                final long killed = System.nanoTime();
                final long spentByC = lastSpent(hostC.stdoutSoFar());
                // C's lease lives at least until its last answered renewal was sent plus the TTL: VALID_UNTIL (on this
                // host's monotonic clock) plus the margin the keeper takes off.
                final long leaseEndsNoSoonerThan;
                try (SharedRegion regionC = SharedRegion.attach(tempDir.resolve("host-2.region")))
                {
                    final long validUntil = regionC.sharedLongArray(name + BudgetLayout.WORDS_SUFFIX, BudgetLayout.WORDS).get(BudgetLayout.VALID_UNTIL);
                    assertTrue(validUntil != 0, "C held a lease");
                    leaseEndsNoSoonerThan = validUntil + Math.max(TimeUnit.MILLISECONDS.toNanos(500), TimeUnit.SECONDS.toNanos(ttlSeconds) / 5);
                }
                // A and B now spend everything there is: the limit less C's holding until C's lease ends, then the limit.
                final long deadline = killed + TimeUnit.SECONDS.toNanos(ttlSeconds + 20);
                long before = -1;
                while (lastSpent(hosts.get(0).stdoutSoFar()) + lastSpent(hosts.get(1).stdoutSoFar()) < limitValue)
                {
                    assertTrue(System.nanoTime() < deadline, "C's holding never came back");
                    if (before < 0 && System.nanoTime() - killed > TimeUnit.SECONDS.toNanos(ttlSeconds) / 2)
                    {
                        before = lastSpent(hosts.get(0).stdoutSoFar()) + lastSpent(hosts.get(1).stdoutSoFar());
                    }
                    Thread.sleep(5);
                }
                final long cameBack = System.nanoTime();
                final long cameBackMillis = TimeUnit.NANOSECONDS.toMillis(cameBack - killed);
                final long leaseEndMillis = TimeUnit.NANOSECONDS.toMillis(leaseEndsNoSoonerThan - killed);
                Files.writeString(stop, "");
                long total = 0;
                for (final ChildJvm host : hosts.subList(0, 2))
                {
                    final ChildJvm.Result result = host.await(Duration.ofSeconds(60)).assertSuccess();
                    assertEquals("", result.stderr());
                    final String out = result.stdout();
                    total += Long.parseLong(out.substring(out.lastIndexOf("final ") + 6).strip());
                }
                sampling.set(false);
                sampler.join();
                final String report = "budget of " + limitValue + ", 3 hosts spending 1 at a time, chunks of 100, lease " + ttlSeconds +
                    " s: the three spent it all; host C killed (SIGKILL) having spent " + spentByC + "; A and B had spent " + before +
                    " half a lease later, and all " + total + " once C's holding came back, " + cameBackMillis +
                    " ms after the kill (its lease could end " + leaseEndMillis + " ms after it at the soonest); most ever held in etcd at once: " +
                    maxHeld.get();
                reporter.publishEntry("budget", report);
                Files.writeString(Path.of("target", "cluster-budget.txt"), report + "\n", StandardCharsets.UTF_8);
                assertEquals(limitValue, total, report);
                assertTrue(maxHeld.get() <= limitValue, report);
                assertTrue(before < limitValue, "C's holding was still held half a lease after the kill: " + report);
                assertTrue(cameBack - leaseEndsNoSoonerThan >= 0, "not before the lease could end: " + report);
            }
            finally
            {
                sampling.set(false);
                for (final ChildJvm host : hosts)
                {
                    host.process().destroyForcibly();
                }
            }
        }
    }

    private static void awaitSpent(final ChildJvm host, final long atLeast) throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (lastSpent(host.stdoutSoFar()) < atLeast)
        {
            assertTrue(System.nanoTime() < deadline && host.process().isAlive(), "a host did not spend " + atLeast + ": it says " +
                lastSpent(host.stdoutSoFar()) + "\n" + host.stderrSoFar());
            Thread.sleep(10);
        }
    }

    private static long lastSpent(final String stdout)
    {
        final int at = stdout.lastIndexOf("spent ");
        if (at < 0)
        {
            return 0;
        }
        final int end = stdout.indexOf('\n', at);
        return end < 0 ? 0 : Long.parseLong(stdout.substring(at + 6, end).strip());
    }
}
