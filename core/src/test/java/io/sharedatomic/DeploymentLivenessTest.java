package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import io.sharedatomic.testkit.ChildJvm;
import io.sharedatomic.testkit.ChildJvms;
import io.sharedatomic.testkit.Deployment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The writer lock of a wide value is exclusive in the deployments where a process cannot judge another's liveness
 * from pids, {@code /proc} or start times: writers in separate PID namespaces (two containers sharing
 * {@code /dev/shm}), writers of different users each behind a {@code /proc} mounted with {@code hidepid=2}, and a
 * writer whose view of the boot time (and so of every start time) differs, as after a host clock step. In each, two
 * writer JVMs that hold the lock long enough for the other's liveness check lose no update, and a reader JVM never
 * sees a torn 256 KiB value. A writer stopped with SIGSTOP while it holds the lock is never taken over, and both
 * writers finish exactly after SIGCONT.
 */
@Tag("slow")
class DeploymentLivenessTest
{
    /** Updates per writer. */
    private static final int OPERATIONS = 100;
    /** Inside the update function, well past the waiter's 10 ms liveness check. */
    private static final int HOLD_MILLIS = 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Updates per writer in the SIGSTOP test, the update of the owner that is stopped, and how long it stays so. */
    private static final int STOP_OPERATIONS = 20;
    private static final int STOP_AT = 3;
    private static final long STOPPED_MILLIS = 3_000;

    @TempDir
    Path tempDir;

    private final ChildJvms children = new ChildJvms();

    @AfterEach
    void killLeftovers() throws Exception
    {
        // A failed test must not leave a stopped or waiting JVM behind.
        children.close();
    }

    @ParameterizedTest
    @EnumSource(Deployment.class)
    void shouldLoseNoUpdateAndTearNoReadWhenTheWritersCannotJudgeEachOtherByPid(final Deployment deployment) throws Exception
    {
        Assumptions.assumeTrue(deployment.unavailableBecause().isEmpty(), () -> deployment.unavailableBecause().orElseThrow());
        countWithTwoWriters(deployment);
    }

    /**
     * Two writers, launched as the deployment says, run {@link #OPERATIONS} updates each on one 256 KiB value while
     * a reader checks every value it sees.
     */
    private void countWithTwoWriters(final Deployment deployment) throws Exception
    {
        final Path path = deployment.sharedDirectory(tempDir).resolve("wide.region");
        try (SharedRegion region = SharedRegion.open(path, spec().withFilePermissions(deployment.filePermissions())))
        {
            final SharedWideBytes wide = LivenessChildMain.populate(region);
            final ChildJvm reader = children.track(ChildJvm.start(LivenessChildMain.class, "reader", path.toString()));
            final List<ChildJvm> writers = List.of(
                children.track(deployment.first(writerLauncher(path, OPERATIONS, "plain")).start()),
                children.track(deployment.second(writerLauncher(path, OPERATIONS, "plain")).start()));
            reader.awaitOutput("started", TIMEOUT);
            awaitAtLeast(region.sharedLong(LivenessChildMain.READY), 2, writers, "both writers ready");
            region.sharedLong(LivenessChildMain.GO).set(1);

            final List<String> outputs = new ArrayList<>();
            for (final ChildJvm writer : writers)
            {
                outputs.add(writer.await(TIMEOUT).assertSuccess().stdout());
            }
            region.sharedLong(LivenessChildMain.DONE).set(1);
            final String readerOutput = reader.await(TIMEOUT).assertSuccess().stdout();
            assertCounted(wide, outputs, 2 * OPERATIONS, readerOutput);
        }
    }

    @Test
    void shouldNeverTakeOverTheLockOfAStoppedWriter() throws Exception
    {
        Assumptions.assumeTrue(ChildJvm.hasTool("kill"), "needs the kill command to send SIGSTOP and SIGCONT");
        final Path path = tempDir.resolve("wide.region");
        try (SharedRegion region = SharedRegion.open(path, spec()))
        {
            final SharedWideBytes wide = LivenessChildMain.populate(region);
            final SharedLong waiting = region.sharedLong(LivenessChildMain.WAITING);
            final SharedLong progress = region.sharedLong(LivenessChildMain.PROGRESS);
            final ChildJvm reader = children.track(ChildJvm.start(LivenessChildMain.class, "reader", path.toString()));
            final ChildJvm owner = children.track(writerLauncher(path, STOP_OPERATIONS, "owner-" + STOP_AT).start());
            final ChildJvm waiter = children.track(writerLauncher(path, STOP_OPERATIONS, "waiter").start());
            final List<ChildJvm> writers = List.of(owner, waiter);
            reader.awaitOutput("started", TIMEOUT);
            awaitAtLeast(region.sharedLong(LivenessChildMain.READY), 2, writers, "both writers ready");
            region.sharedLong(LivenessChildMain.GO).set(1);

            // The owner is inside its update function, so it holds the lock: stop it there.
            awaitAtLeast(region.sharedLong(LivenessChildMain.HOLDING), 1, writers, "the owner holding the lock");
            owner.stop();
            region.sharedLong(LivenessChildMain.PROCEED).set(1);
            awaitAtLeast(waiting, 1, writers, "the waiter asking for the lock");
            final long countWhenStopped = LivenessChildMain.countOf(wide.get(), LivenessChildMain.CAPACITY);
            final char stateWhenStopped = owner.jvmState();
            Thread.sleep(STOPPED_MILLIS);
            final long countWhileStopped = LivenessChildMain.countOf(wide.get(), LivenessChildMain.CAPACITY);
            final long waiterProgress = progress.get();
            final boolean waiterRunning = waiter.process().isAlive();
            final char stateAfter = owner.jvmState();
            owner.resume();

            final List<String> outputs = new ArrayList<>();
            for (final ChildJvm writer : writers)
            {
                outputs.add(writer.await(TIMEOUT).assertSuccess().stdout());
            }
            region.sharedLong(LivenessChildMain.DONE).set(1);
            final String readerOutput = reader.await(TIMEOUT).assertSuccess().stdout();
            assertAll(
                () -> assertEquals('T', stateWhenStopped, "the owner JVM was stopped"),
                () -> assertEquals('T', stateAfter, "the owner JVM stayed stopped"),
                () -> assertEquals(STOP_AT - 1, countWhenStopped, "the owner stopped inside its update " + STOP_AT),
                () -> assertEquals(countWhenStopped, countWhileStopped,
                    "nobody published while the lock's owner was stopped for " + STOPPED_MILLIS + " ms: its lock was taken over"),
                () -> assertEquals(0, waiterProgress, "updates the waiter completed while the owner was stopped"),
                () -> assertTrue(waiterRunning, "the waiter still waits after " + STOPPED_MILLIS + " ms; it must not give up so soon"),
                () -> assertCounted(wide, outputs, 2 * STOP_OPERATIONS, readerOutput));
        }
    }

    private static ChildJvm.Launcher writerLauncher(final Path path, final int operations, final String role)
    {
        return ChildJvm.launcher(LivenessChildMain.class, "writer", path.toString(), Integer.toString(operations),
            Integer.toString(HOLD_MILLIS), role);
    }

    /**
     * Every update ran alone: the value ends at the number of updates, the updates produced each count from 1 up
     * exactly once, and no value anyone saw was torn or went back.
     */
    private static void assertCounted(final SharedWideBytes wide, final List<String> writerOutputs, final int updates,
        final String readerOutput)
    {
        final TreeMap<Long, Integer> produced = new TreeMap<>();
        long tornUnderLock = 0;
        for (final String output : writerOutputs)
        {
            for (final String count : line(output, "counts").split(" "))
            {
                produced.merge(Long.parseLong(count), 1, Integer::sum);
            }
            tornUnderLock += Long.parseLong(line(output, "torn-under-lock"));
        }
        final long duplicated = produced.values().stream().filter(n -> n > 1).count();
        final long inRange = produced.keySet().stream().filter(c -> c >= 1 && c <= updates).count();
        final long finalCount = LivenessChildMain.countOf(wide.get(), LivenessChildMain.CAPACITY);
        final String[] reader = line(readerOutput, "reads").split(" ");
        final long reads = Long.parseLong(reader[0]);
        final long torn = Long.parseLong(reader[2]);
        final long decreases = Long.parseLong(reader[4]);
        final long tornUnderLockTotal = tornUnderLock;
        final List<Executable> checks = List.of(
            () -> assertEquals(updates, finalCount, "final count after " + updates + " updates"),
            () -> assertEquals(updates, inRange, "distinct counts 1.." + updates + " that the updates produced; counts produced " +
                "more than once: " + duplicated + " (" + produced.size() + " distinct of " + updates + " updates)"),
            () -> assertEquals(0, tornUnderLockTotal, "values a writer found torn while it held the lock"),
            () -> assertTrue(reads > 0, "the reader read"),
            () -> assertEquals(0, torn, "torn values the reader saw in " + reads + " reads: " + readerOutput.strip()),
            () -> assertEquals(0, decreases, "times the count the reader saw went back, in " + reads + " reads"));
        assertAll(checks.stream());
    }

    private static String line(final String output, final String prefix)
    {
        for (final String line : output.split("\n"))
        {
            if (line.startsWith(prefix + " ") || line.equals(prefix))
            {
                return line.substring(prefix.length()).strip();
            }
        }
        return fail("no line '" + prefix + "' in:\n" + output);
    }


    private static void awaitAtLeast(final SharedLong value, final long expected, final List<ChildJvm> watched, final String what)
        throws Exception
    {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (value.get() < expected)
        {
            for (final ChildJvm child : watched)
            {
                if (!child.process().isAlive())
                {
                    fail("waiting for " + what + ", " + child + " exited: " + child.await(Duration.ZERO));
                }
            }
            assertTrue(System.nanoTime() - deadline < 0, "timed out waiting for " + what);
            Thread.sleep(2);
        }
    }

    private static RegionSpec spec()
    {
        // Two buffers of 256 KiB and the narrow values.
        return RegionSpec.defaults().withDataCapacity(4L << 20);
    }
}
