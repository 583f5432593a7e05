package io.sharedatomic.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.sharedatomic.SharedBoolean;
import io.sharedatomic.SharedLong;
import io.sharedatomic.SharedLongArray;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.testkit.ChildJvm;
import io.sharedatomic.testkit.EtcdCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mirror between a real 3-node etcd and a host's region, with the mirror and the trader in different JVMs:
 * propagation latency, values that never go back in time (replayed events, a standby process taking over after a
 * close and after {@code kill -9}), and the fail-safe when every etcd member is killed.
 */
class ClusterMirrorTest
{
    private static final Duration START = Duration.ofSeconds(60);
    private static final int TOGGLES = 200;

    @TempDir
    Path tempDir;

    private ChildJvm mirrorProcess(final EtcdCluster etcd, final Path region, final String name, final String type, final long silenceMillis,
        final String safeValue) throws IOException
    {
        return ChildJvm.start(MirrorChildMain.class, String.join(",", etcd.endpoints()), region.toString(), name, type,
            Long.toString(silenceMillis), safeValue, tempDir.resolve("stop").toString());
    }

    private void stopAll(final ChildJvm... children) throws Exception
    {
        Files.writeString(tempDir.resolve("stop"), "");
        for (final ChildJvm child : children)
        {
            final ChildJvm.Result result = child.await(START).assertSuccess();
            assertEquals("", result.stderr(), "the mirror prints nothing on stderr");
        }
    }

    @Test
    void shouldPropagateEachWriteToATraderInAnotherJvm(final TestReporter reporter) throws Exception
    {
        try (EtcdCluster etcd = Etcd.start(3))
        {
            final Path regionFile = tempDir.resolve("host-a.region");
            try (ChildJvm mirror = mirrorProcess(etcd, regionFile, "desk.halt", "boolean", 2000, "true"))
            {
                mirror.awaitOutput("state LIVE", START);
                try (SharedRegion region = SharedRegion.attach(regionFile);
                     ClusterValues cluster = ClusterValues.connect(Etcd.spec(etcd)))
                {
                    final SharedBoolean local = region.sharedBoolean("desk.halt");
                    final SharedLongArray words = region.sharedLongArray("desk.halt" + MirrorLayout.WORDS_SUFFIX, MirrorLayout.WORDS);
                    final ClusterBoolean halt = cluster.clusterBoolean("desk.halt");
                    assertFalse(local.get(), "the cluster's value (created false) replaced the safe value the local one was created with");
                    final long[] writeToVisible = new long[TOGGLES];
                    final long[] ackToVisible = new long[TOGGLES];
                    long revision = words.get(MirrorLayout.REVISION);
                    for (int i = 0; i < TOGGLES; i++)
                    {
                        final boolean value = i % 2 == 0;
                        final long issued = System.nanoTime();
                        halt.set(value);
                        final long acknowledged = System.nanoTime();
                        final long deadline = acknowledged + TimeUnit.SECONDS.toNanos(5);
                        long latest = revision;
                        while (local.get() != value)
                        {
                            if (System.nanoTime() - deadline > 0)
                            {
                                fail("write " + i + " (" + value + ") did not reach the local value within 5 s\n" + mirror.stdoutSoFar());
                            }
                            // A late answer to the mirror's periodic read once wrote an overtaken value back here.
                            final long now = words.get(MirrorLayout.REVISION);
                            assertTrue(now >= latest, "write " + i + ": the revision beside the value went back from " + latest + " to " + now);
                            latest = now;
                            Thread.onSpinWait();
                        }
                        final long visible = System.nanoTime();
                        writeToVisible[i] = visible - issued;
                        ackToVisible[i] = Math.max(0, visible - acknowledged);
                        // The value is written first, then its revision.
                        final long previous = revision;
                        await(() -> words.get(MirrorLayout.REVISION) > previous, "write " + i + " moved the revision beside the value on");
                        revision = words.get(MirrorLayout.REVISION);
                    }
                    assertEquals(1, words.get(MirrorLayout.STATE), "live");
                    final String report = "mirror propagation, " + TOGGLES + " writes of a cluster boolean, mirror and trader in separate JVMs, " +
                        "3-node etcd on loopback\n" + "write issued -> visible to the trader: " + percentiles(writeToVisible) + "\n" +
                        "write acknowledged -> visible to the trader: " + percentiles(ackToVisible) + "\n";
                    Files.writeString(Path.of("target", "mirror-propagation.txt"), report, StandardCharsets.UTF_8);
                    reporter.publishEntry("mirror", report);
                    Arrays.sort(writeToVisible);
                    // The reads that back up the watch run every 500 ms here (alone they would give a median near 250 ms): a median
                    // far below that is the watch at work.
                    assertTrue(writeToVisible[TOGGLES / 2] < TimeUnit.MILLISECONDS.toNanos(100), report);
                }
                stopAll(mirror);
            }
        }
    }

    /** How many lines of a child's output start with {@code prefix}. */
    private static int count(final String output, final String prefix)
    {
        return (int) output.lines().filter(line -> line.startsWith(prefix)).count();
    }

    private static String percentiles(final long[] nanos)
    {
        final long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format("p50 %.2f ms, p99 %.2f ms, max %.2f ms", sorted[sorted.length / 2] / 1e6, sorted[sorted.length * 99 / 100] / 1e6,
            sorted[sorted.length - 1] / 1e6);
    }

    @Test
    void shouldNeverGoBackInTimeAcrossReplaysAndTakeovers() throws Exception
    {
        try (EtcdCluster etcd = Etcd.start(3);
             ClusterValues cluster = ClusterValues.connect(Etcd.spec(etcd));
             SharedRegion region = SharedRegion.open(tempDir.resolve("host-b.region")))
        {
            final ClusterLong limit = cluster.clusterLong("desk.limit", 10);
            final SharedLongArray words = region.sharedLongArray("desk.limit" + MirrorLayout.WORDS_SUFFIX, MirrorLayout.WORDS);
            final AtomicBoolean sampling = new AtomicBoolean(true);
            final AtomicReference<String> backwards = new AtomicReference<>();
            final Thread sampler = new Thread(() ->
            {
                long last = 0;
                while (sampling.get())
                {
                    final long revision = words.get(MirrorLayout.REVISION);
                    if (revision < last)
                    {
                        backwards.compareAndSet(null, "revision went from " + last + " to " + revision);
                    }
                    last = revision;
                }
            });
            sampler.start();
            final SharedLong local = region.sharedLong("desk.limit", 0);

            final ClusterMirror first = ClusterMirror.start(limit, region, Duration.ofSeconds(2), 0);
            await(() -> first.state() == ClusterMirror.State.LIVE && local.get() == 10, "the first mirror went live");
            assertTrue(first.isOwner());
            assertThrows(IllegalStateException.class, () -> ClusterMirror.start(limit, region, Duration.ofSeconds(2), 0),
                "one mirror of a value per process");

            final long before = first.revision();
            limit.set(100);
            // The value is written before the revision beside it: wait for both.
            await(() -> local.get() == 100 && first.revision() > before, "100 arrived, with its revision");
            final long revision = first.revision();
            first.deliver(5, revision - 1);
            first.deliver(6, revision);
            assertEquals(100, local.get(), "a replayed or stale event changes nothing");
            assertEquals(revision, first.revision());

            try (ChildJvm standby = mirrorProcess(etcd, region.path().orElseThrow(), "desk.limit", "long", 2000, "0"))
            {
                standby.awaitOutput("standby", START);
                limit.set(150);
                await(() -> local.get() == 150, "150 arrived through the first mirror");
                assertFalse(standby.stdoutSoFar().contains("owner"), "the second process stands by while the first owns the mirror");

                first.close();
                assertThrows(IllegalStateException.class, first::state, "a closed mirror says so");
                standby.awaitOutput("owner", Duration.ofSeconds(5));
                limit.set(200);
                await(() -> local.get() == 200 && words.get(MirrorLayout.STATE) == 1, "the standby took over and wrote 200");

                standby.process().destroyForcibly();
                standby.process().waitFor(30, TimeUnit.SECONDS);
            }
            limit.set(300);
            try (ClusterMirror third = ClusterMirror.start(limit, region, Duration.ofSeconds(2), 0))
            {
                await(third::isOwner, "a new mirror took over from the killed one");
                await(() -> local.get() == 300, "300 arrived through the third mirror");
                limit.set(400);
                await(() -> local.get() == 400, "400 arrived");
                assertEquals(limit.get(), local.get());
            }
            sampling.set(false);
            sampler.join();
            assertEquals(null, backwards.get(), "the revision beside the value never went back");
        }
    }

    @Test
    void shouldTripTheKillSwitchWhenEveryMemberIsKilled(final TestReporter reporter) throws Exception
    {
        final long silenceMillis = 1000;
        try (EtcdCluster etcd = Etcd.start(3))
        {
            final Path regionFile = tempDir.resolve("host-c.region");
            try (ChildJvm mirror = mirrorProcess(etcd, regionFile, "firm.halt", "boolean", silenceMillis, "true"))
            {
                mirror.awaitOutput("state LIVE", START);
                try (SharedRegion region = SharedRegion.attach(regionFile))
                {
                    final SharedBoolean halt = region.sharedBoolean("firm.halt");
                    final SharedLongArray words = region.sharedLongArray("firm.halt" + MirrorLayout.WORDS_SUFFIX, MirrorLayout.WORDS);
                    assertFalse(halt.get(), "trading");
                    Thread.sleep(300);
                    assertFalse(halt.get(), "still trading while the cluster answers");

                    etcd.kill(0);
                    final long quorumLost = System.nanoTime();
                    etcd.kill(1);
                    etcd.kill(2);
                    while (!halt.get())
                    {
                        assertTrue(System.nanoTime() - quorumLost < TimeUnit.SECONDS.toNanos(30), "the fail-safe never tripped");
                        Thread.onSpinWait();
                    }
                    final long trippedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - quorumLost);
                    final long sinceContact = System.currentTimeMillis() - words.get(MirrorLayout.HEARD_AT);
                    final String stdout = mirror.awaitOutput("state FAIL_SAFE", Duration.ofSeconds(5));
                    assertTrue(stdout.contains("heard nothing from etcd at " + etcd.endpoints()), stdout);
                    final String report = "fail-safe: silence " + silenceMillis + " ms; the trader's kill switch tripped " + trippedAfter +
                        " ms after the first of three etcd members was killed, " + sinceContact + " ms after the last answered read was sent";
                    reporter.publishEntry("fail-safe", report);
                    Files.writeString(Path.of("target", "mirror-fail-safe.txt"), report + "\n", StandardCharsets.UTF_8);
                    // Never early: the silence counts from the sending of the last read answered (heard-at, wall-clock ms;
                    // 2 ms for the two clocks' rounding). In time: the check runs every 50 ms; 250 ms more for a busy machine.
                    assertTrue(sinceContact >= silenceMillis - 2, report);
                    assertTrue(trippedAfter <= silenceMillis + 300, report);
                    final int livesBefore = count(mirror.stdoutSoFar(), "state LIVE");

                    final List<Integer> members = new ArrayList<>(List.of(0, 1, 2));
                    for (final int member : members)
                    {
                        etcd.restart(member);
                    }
                    etcd.awaitReady(START);
                    await(() -> !halt.get(), "the cluster's value (false) came back once the cluster answered");
                    await(() -> count(mirror.stdoutSoFar(), "state LIVE") > livesBefore, "the mirror said it is live again");
                }
                stopAll(mirror);
            }
        }
    }

    @Test
    void shouldTakeAnEarlierRevisionOnlyFromALinearizableReadAndSurviveItsListener() throws Exception
    {
        try (EtcdCluster etcd = Etcd.start(3);
             ClusterValues cluster = ClusterValues.connect(Etcd.spec(etcd));
             SharedRegion region = SharedRegion.open(tempDir.resolve("host-d.region")))
        {
            final ClusterBoolean halt = cluster.clusterBoolean("desk.halt", false);
            // Words left by a mirror of another etcd history (a cluster since rebuilt): a revision far beyond this one's.
            final SharedLongArray words = region.sharedLongArray("desk.halt" + MirrorLayout.WORDS_SUFFIX, MirrorLayout.WORDS);
            final SharedBoolean local = region.sharedBoolean("desk.halt", true);
            words.set(MirrorLayout.REVISION, 1_000_000);
            words.set(MirrorLayout.STATE, 1);
            final List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
            final ClusterMirror.Listener throwing = (name, state, reason) ->
            {
                told.add(state + " " + reason);
                throw new AssertionError("a listener that fails");
            };
            try (ClusterMirror mirror = ClusterMirror.start(halt, region, "desk.halt", Duration.ofSeconds(2), true, throwing))
            {
                // The value is written before the revision beside it: wait for both.
                await(() -> !local.get() && mirror.revision() < 1_000_000, "the linearizable read's value and revision replaced the other history's");
                // The listener hears of it just after the value is written.
                await(() -> told.stream().anyMatch(line -> line.contains("history started again")), "the listener was told: " + told);
                mirror.deliver(1, mirror.revision() - 1);
                assertFalse(local.get(), "an event never moves it back");

                // Deleted from etcd: the watch's event trips it; written again: live again; and again, though the
                // listener threw each time.
                final String key = ClusterLayout.valueKey(cluster.spec().prefix(), "desk.halt");
                for (int round = 0; round < 2; round++)
                {
                    etcd.etcdctl("del", key);
                    // The safe value is written first, then the state.
                    await(() -> local.get() && mirror.state() == ClusterMirror.State.FAIL_SAFE, "tripped by the deletion");
                    etcd.etcdctl("put", key, "false");
                    await(() -> !local.get() && mirror.state() == ClusterMirror.State.LIVE, "live again");
                }
                await(() -> told.stream().filter(line -> line.startsWith("FAIL_SAFE") && line.contains("was deleted")).count() == 2,
                    "the listener was told of both trips: " + told);
            }
        }
    }

    @Test
    void shouldDropAReadAnsweredBeforeALaterEventAndKeepTheDeletionsRevision() throws Exception
    {
        try (EtcdCluster etcd = Etcd.start(3);
             ClusterValues cluster = ClusterValues.connect(Etcd.spec(etcd));
             SharedRegion region = SharedRegion.open(tempDir.resolve("host-f.region")))
        {
            final ClusterLong cap = cluster.clusterLong("desk.cap", 10);
            final SharedLong local = region.sharedLong("desk.cap", 0);
            try (ClusterMirror mirror = ClusterMirror.start(cap, region, Duration.ofSeconds(2), 0))
            {
                // The state is written after the value and its revision.
                await(() -> mirror.state() == ClusterMirror.State.LIVE && local.get() == 10, "10 arrived");
                final long at10 = mirror.revision();
                cap.set(20);
                await(() -> local.get() == 20 && mirror.revision() > at10, "20 arrived, with its revision");
                final long at20 = mirror.revision();

                // A read sent while 10 was beside the value, answered with 10, arriving after the watch wrote 20 (the
                // mirror's own periodic read does this now and then): it must not write 10 back.
                mirror.deliverRead(10L, at10, at10);
                assertEquals(20, local.get(), "a read overtaken by a later event never moves the value back");
                assertEquals(at20, mirror.revision());
                // A read that found the key absent at an earlier store revision (deleted, then written again since).
                mirror.deliverRead(null, at20 - 1, at10);
                assertEquals(20, local.get(), "an overtaken read of an absent key does not trip it");
                assertEquals(ClusterMirror.State.LIVE, mirror.state());

                // Deleted: the event trips it and its revision is kept, so a read sent before the deletion cannot
                // bring 20 back.
                final String key = ClusterLayout.valueKey(cluster.spec().prefix(), "desk.cap");
                etcd.etcdctl("del", key);
                await(() -> mirror.state() == ClusterMirror.State.FAIL_SAFE && mirror.revision() > at20, "tripped by the deletion");
                final long deletedAt = mirror.revision();
                assertEquals(0, local.get(), "the safe value");
                mirror.deliverRead(20L, at20, at20);
                assertEquals(0, local.get(), "a read answered before the deletion does not restore the value");
                assertEquals(ClusterMirror.State.FAIL_SAFE, mirror.state());
                assertEquals(deletedAt, mirror.revision());

                // Written again: the next read takes it.
                etcd.etcdctl("put", key, "30");
                await(() -> local.get() == 30 && mirror.state() == ClusterMirror.State.LIVE, "30 arrived after the deletion");
                assertTrue(mirror.revision() > deletedAt);
            }
        }
    }

    @Test
    void shouldRepairWordsLeftOutOfStepAtTheSameRevision() throws Exception
    {
        try (EtcdCluster etcd = Etcd.start(3);
             ClusterValues cluster = ClusterValues.connect(Etcd.spec(etcd));
             SharedRegion region = SharedRegion.open(tempDir.resolve("host-h.region")))
        {
            final ClusterBoolean halt = cluster.clusterBoolean("desk.torn", false);
            final SharedBoolean local = region.sharedBoolean("desk.torn", true);
            final SharedLongArray words = region.sharedLongArray("desk.torn" + MirrorLayout.WORDS_SUFFIX, MirrorLayout.WORDS);
            final long deletedAt;
            try (ClusterMirror first = ClusterMirror.start(halt, region, Duration.ofSeconds(2), true))
            {
                await(() -> first.state() == ClusterMirror.State.LIVE && !local.get(), "live");
                etcd.etcdctl("del", ClusterLayout.valueKey(cluster.spec().prefix(), "desk.torn"));
                await(() -> first.state() == ClusterMirror.State.FAIL_SAFE, "tripped by the deletion");
                deletedAt = first.revision();
            }
            // What an owner killed between its writes of a trip leaves: the safe value and the deletion's revision, the
            // state still LIVE. Nothing more is written to etcd, so every read answers at that same revision.
            words.set(MirrorLayout.STATE, ClusterMirror.State.LIVE.ordinal());
            try (ClusterMirror second = ClusterMirror.start(halt, region, Duration.ofSeconds(2), true))
            {
                await(() -> second.state() == ClusterMirror.State.FAIL_SAFE, "the next owner's read put the state in step");
                assertEquals(deletedAt, second.revision(), "nothing else was written to etcd");
                assertTrue(local.get());
            }
        }
    }

    @Test
    void shouldKeepAChangeThatCameWhileTrippedForTheReadThatRestores() throws Exception
    {
        try (EtcdCluster etcd = Etcd.start(3);
             ClusterValues cluster = ClusterValues.connect(Etcd.spec(etcd).withOperationTimeout(Duration.ofMillis(200)));
             SharedRegion region = SharedRegion.open(tempDir.resolve("host-i.region")))
        {
            final ClusterLong cap = cluster.clusterLong("desk.pending", 10);
            final SharedLong local = region.sharedLong("desk.pending", 0);
            try (ClusterMirror mirror = ClusterMirror.start(cap, region, Duration.ofMillis(500), 0))
            {
                await(() -> mirror.state() == ClusterMirror.State.LIVE && local.get() == 10, "10 arrived");
                final long at10 = mirror.revision();
                // Every member down: nothing real reaches the mirror any more, and the silence trips it.
                for (int member = 0; member < etcd.size(); member++)
                {
                    etcd.kill(member);
                }
                await(() -> mirror.state() == ClusterMirror.State.FAIL_SAFE && local.get() == 0, "tripped");

                // While tripped the watch delivers 42; then the answer of a read made before it (30) restores the value.
                mirror.deliver(42, at10 + 2);
                assertEquals(0, local.get(), "an event does not restore a tripped value");
                mirror.deliverRead(30L, at10 + 1, at10);
                assertEquals(42, local.get(), "the change that came while tripped, later than the restoring read, follows it");
                assertEquals(at10 + 2, mirror.revision());
                assertEquals(ClusterMirror.State.LIVE, mirror.state());
            }
        }
    }

    @Test
    void shouldReadAgainSoonAfterAFailedReadAndAtItsPaceOtherwise() throws Exception
    {
        // Silence 8 s: a read every second while etcd answers, the check every 100 ms; reads give up after 200 ms.
        try (EtcdCluster etcd = Etcd.start(3);
             ClusterValues cluster = ClusterValues.connect(Etcd.spec(etcd).withOperationTimeout(Duration.ofMillis(200)));
             SharedRegion region = SharedRegion.open(tempDir.resolve("host-g.region")))
        {
            final ClusterBoolean halt = cluster.clusterBoolean("desk.pace", false);
            try (ClusterMirror mirror = ClusterMirror.start(halt, region, Duration.ofSeconds(8), true))
            {
                await(() -> mirror.state() == ClusterMirror.State.LIVE, "live");
                final long answeredFrom = mirror.readsSent();
                Thread.sleep(3000);
                final long answered = mirror.readsSent() - answeredFrom;
                assertTrue(answered >= 2 && answered <= 4, answered + " reads in 3 s while etcd answers: one a second");

                for (int member = 0; member < etcd.size(); member++)
                {
                    etcd.kill(member);
                }
                final long failedFrom = mirror.readsSent();
                Thread.sleep(3000);
                final long failed = mirror.readsSent() - failedFrom;
                // At one a second it would be 3 or fewer; each failed read takes up to 200 ms, then 100 ms to the next.
                assertTrue(failed >= 6, failed + " reads in 3 s while etcd is down: again one check period after each failure");
                assertEquals(ClusterMirror.State.LIVE, mirror.state(), "the silence (8 s) has not run out");

                // Once tripped, there is no more hurry: back to one a second.
                await(() -> mirror.state() == ClusterMirror.State.FAIL_SAFE, "tripped after the silence");
                final long trippedFrom = mirror.readsSent();
                Thread.sleep(3000);
                final long tripped = mirror.readsSent() - trippedFrom;
                Files.writeString(Path.of("target", "mirror-pace.txt"), "mirror reads in 3 s, silence 8 s, read timeout 200 ms: " + answered +
                    " while etcd answered, " + failed + " while every member was down, " + tripped + " once tripped\n", StandardCharsets.UTF_8);
                assertTrue(tripped <= 4, tripped + " reads in 3 s once tripped: one a second");

                for (int member = 0; member < etcd.size(); member++)
                {
                    etcd.restart(member);
                }
                etcd.awaitReady(START);
                await(() -> mirror.state() == ClusterMirror.State.LIVE, "live again once etcd answers");
                assertFalse(region.sharedBoolean("desk.pace").get());
            }
        }
    }

    @Test
    void shouldHandTheValueToAStandbyWhenTheOwnerStallsOrItsConnectionCloses() throws Exception
    {
        try (EtcdCluster etcd = Etcd.start(3))
        {
            final Path regionFile = tempDir.resolve("host-e.region");
            try (ChildJvm first = mirrorProcess(etcd, regionFile, "desk.max", "long", 1000, "0"))
            {
                first.awaitOutput("owner", START);
                // Both closed by hand in the middle (and again at the end, which does nothing).
                final ClusterValues cluster = ClusterValues.connect(Etcd.spec(etcd));
                final SharedRegion callers = SharedRegion.attach(regionFile);
                try
                {
                    final ClusterLong max = cluster.clusterLong("desk.max");
                    final ClusterMirror standby = ClusterMirror.start(max, callers, Duration.ofSeconds(1), 0);
                    Thread.sleep(300);
                    assertFalse(standby.isOwner());
                    // The region the caller opened may close: the mirror writes through its own view.
                    callers.close();

                    first.stop();
                    final long stopped = System.nanoTime();
                    await(standby::isOwner, "the standby took over from the stopped owner");
                    final long tookOver = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped);
                    assertTrue(tookOver < 2500, "took over " + tookOver + " ms after SIGSTOP (silence 1000 ms)");
                    max.set(77);
                    try (SharedRegion reader = SharedRegion.attach(regionFile))
                    {
                        final SharedLong local = reader.sharedLong("desk.max");
                        await(() -> local.get() == 77, "77 arrived through the new owner");
                        final int standbysBefore = count(first.stdoutSoFar(), "standby");
                        first.resume();
                        await(() -> count(first.stdoutSoFar(), "standby") > standbysBefore, "the resumed owner found it lost the value");
                        max.set(78);
                        await(() -> local.get() == 78, "78 arrived");

                        // Closing the connection stops the mirror, and the first process takes the value back.
                        final int ownersBefore = count(first.stdoutSoFar(), "owner");
                        cluster.close();
                        await(() -> count(first.stdoutSoFar(), "owner") > ownersBefore, "the first process owns it again");
                        assertFalse(standby.isOwner());
                        try (ClusterValues again = ClusterValues.connect(Etcd.spec(etcd)))
                        {
                            again.clusterLong("desk.max").set(79);
                        }
                        await(() -> local.get() == 79, "79 arrived through the first process");
                        standby.close();
                    }
                }
                finally
                {
                    cluster.close();
                    callers.close();
                }
                stopAll(first);
            }
        }
    }

    /** A condition that may read a file. */
    private interface Condition
    {
        boolean holds() throws IOException;
    }

    private static void await(final Condition condition, final String what) throws InterruptedException, IOException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.holds())
        {
            assertTrue(System.nanoTime() < deadline, "timed out waiting: " + what);
            Thread.sleep(1);
        }
    }
}
