package io.sharedatomic.collections;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.sharedatomic.RegionSpec;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.testkit.ChildJvm;
import io.sharedatomic.testkit.ChildJvms;
import io.sharedatomic.testkit.Deployment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link SharedIdPool#recoverDead()} frees only the ids of processes that are gone, in the deployments where pids,
 * {@code /proc} and start times cannot tell: a holder and a recoverer in separate PID namespaces (two containers
 * sharing {@code /dev/shm}), of different users each behind a {@code /proc} mounted with {@code hidepid=2}, and
 * seeing different boot times (as after a host clock step). In each, recoverDead by the other JVM frees nothing
 * while the holder runs with its region open, no id is ever held by two processes, and once the holder is killed
 * with {@code kill -9} its ids are free again within a second. A holder stopped with SIGSTOP keeps its ids, and so
 * does one that attaches the same file again and closes that second region object.
 */
@Tag("slow")
class IdPoolDeploymentTest
{
    /** Ids the holder claims, of {@link IdPoolDeploymentChildMain#CAPACITY}. */
    private static final int HELD = 4;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final long PROMPT_MILLIS = 1_000;
    /** recoverDead calls, 100 ms apart, by the recoverer while the holder is stopped. */
    private static final int ROUNDS_WHILE_STOPPED = 20;

    @TempDir
    Path tempDir;

    private final ChildJvms children = new ChildJvms();

    @AfterEach
    void killLeftovers() throws Exception
    {
        children.close();
    }

    @ParameterizedTest
    @EnumSource(Deployment.class)
    void shouldRecoverOnlyTheIdsOfDeadHoldersWhenProcessesCannotJudgeEachOtherByPid(final Deployment deployment) throws Exception
    {
        Assumptions.assumeTrue(deployment.unavailableBecause().isEmpty(), () -> deployment.unavailableBecause().orElseThrow());
        recoverOnlyAfterKill(deployment);
    }

    /**
     * A holder claims {@link #HELD} ids and keeps its region open; the recoverer, launched differently, calls
     * recoverDead and claims every id it can while the holder runs; then the holder is killed with {@code kill -9}
     * and the recoverer must free its ids at once.
     */
    private void recoverOnlyAfterKill(final Deployment deployment) throws Exception
    {
        final Path path = deployment.sharedDirectory(tempDir).resolve("pool.region");
        try (SharedRegion region = SharedRegion.open(path, RegionSpec.defaults().withFilePermissions(deployment.filePermissions())))
        {
            final SharedIdPool pool = SharedIdPool.of(region, IdPoolDeploymentChildMain.POOL, IdPoolDeploymentChildMain.CAPACITY);
            region.sharedLong(IdPoolDeploymentChildMain.PHASE, 0);
            final ChildJvm holder = children.track(deployment.first(
                ChildJvm.launcher(IdPoolDeploymentChildMain.class, "hold", path.toString(), Integer.toString(HELD))).start());
            final Set<Long> held = ids(line(holder.awaitOutput("held", TIMEOUT), "held"));

            final ChildJvm recoverer = children.track(deployment.second(
                ChildJvm.launcher(IdPoolDeploymentChildMain.class, "recover", path.toString(), "1", "true")).start());
            final String recovererSoFar = recoverer.awaitOutput("released", TIMEOUT);
            region.sharedLong(IdPoolDeploymentChildMain.PHASE).set(1);
            final String holderOutput = holder.awaitOutput("checked", TIMEOUT);

            final ProcessHandle holderJvm = holder.jvm();
            holder.kill();
            final boolean holderGone = !holderJvm.isAlive();
            region.sharedLong(IdPoolDeploymentChildMain.PHASE).set(2);
            final String recovererOutput = recoverer.await(TIMEOUT).assertSuccess().stdout();
            final int heldAtEnd = pool.held();

            final int recoveredWhileAlive = Integer.parseInt(line(recovererSoFar, "recovered"));
            final Set<Long> claimed = ids(line(recovererSoFar, "claimed"));
            final String[] afterKill = line(recovererOutput, "after-kill recovered").split(" ");
            final int recoveredAfterKill = Integer.parseInt(afterKill[0]);
            final long millisAfterKill = Long.parseLong(afterKill[2]);
            assertAll(
                () -> assertEquals(HELD, held.size(), "ids the holder claimed"),
                () -> assertEquals(0, recoveredWhileAlive, "ids recoverDead freed while their holder ran with its region open"),
                () -> assertEquals(Set.of(), intersection(held, claimed), "ids the recoverer was handed while the holder held them"),
                () -> assertEquals(IdPoolDeploymentChildMain.CAPACITY - HELD, claimed.size(), "ids the recoverer could claim: " + claimed),
                () -> assertEquals("kept " + HELD + " lost 0", line(holderOutput, "kept", true),
                    "the holder's view of its ids after the recoverer ran:\n" + holderOutput),
                () -> assertTrue(holderGone, "the holder JVM was killed"),
                () -> assertEquals(HELD, recoveredAfterKill, "ids recoverDead freed once the holder was killed: " + recovererOutput.strip()),
                () -> assertTrue(millisAfterKill <= PROMPT_MILLIS, "ms until a killed holder's ids were free: " + millisAfterKill),
                () -> assertEquals(0, heldAtEnd, "ids held once the holder was killed and recovered"));
        }
    }

    @Test
    void shouldNeverRecoverTheIdsOfAStoppedHolder() throws Exception
    {
        Assumptions.assumeTrue(ChildJvm.hasTool("kill"), "needs the kill command to send SIGSTOP and SIGCONT");
        final Path path = tempDir.resolve("pool.region");
        try (SharedRegion region = SharedRegion.open(path))
        {
            final SharedIdPool pool = SharedIdPool.of(region, IdPoolDeploymentChildMain.POOL, IdPoolDeploymentChildMain.CAPACITY);
            region.sharedLong(IdPoolDeploymentChildMain.PHASE, 0);
            final ChildJvm holder = children.track(ChildJvm.start(IdPoolDeploymentChildMain.class, "hold", path.toString(), Integer.toString(HELD)));
            final Set<Long> held = ids(line(holder.awaitOutput("held", TIMEOUT), "held"));

            holder.stop();
            final char stateWhenStopped = holder.jvmState();
            // Started after the stop, so every recoverDead call of it happens while the holder is stopped.
            final String recovererOutput = ChildJvm.start(IdPoolDeploymentChildMain.class, "recover", path.toString(),
                Integer.toString(ROUNDS_WHILE_STOPPED), "false").await(TIMEOUT).assertSuccess().stdout();
            final char stateAfter = holder.jvmState();
            holder.resume();

            region.sharedLong(IdPoolDeploymentChildMain.PHASE).set(1);
            final String checked = holder.awaitOutput("checked", TIMEOUT);
            region.sharedLong(IdPoolDeploymentChildMain.PHASE).set(3);
            final String holderOutput = holder.await(TIMEOUT).assertSuccess().stdout();

            final int recovered = Integer.parseInt(line(recovererOutput, "recovered"));
            final Set<Long> claimed = ids(line(recovererOutput, "claimed"));
            assertAll(
                () -> assertEquals('T', stateWhenStopped, "the holder JVM was stopped"),
                () -> assertEquals('T', stateAfter, "the holder JVM stayed stopped while the recoverer ran"),
                () -> assertEquals(0, recovered, "ids recoverDead freed in " + ROUNDS_WHILE_STOPPED + " calls while their holder was stopped"),
                () -> assertEquals(Set.of(), intersection(held, claimed), "ids the recoverer was handed while the holder held them"),
                () -> assertEquals(IdPoolDeploymentChildMain.CAPACITY - HELD, claimed.size(), "ids the recoverer could claim: " + claimed),
                () -> assertEquals("kept " + HELD + " lost 0", line(checked, "kept", true), "the holder's view after SIGCONT:\n" + checked),
                () -> assertEquals("0", line(holderOutput, "released failures"), "releases the holder could not make:\n" + holderOutput),
                () -> assertEquals(0, pool.held(), "ids held after the holder released its own"));
        }
    }

    @Test
    void shouldKeepTheIdsOfAHolderThatAttachesTheFileAgainAndClosesThat() throws Exception
    {
        final Path path = tempDir.resolve("pool.region");
        try (SharedRegion region = SharedRegion.open(path))
        {
            SharedIdPool.of(region, IdPoolDeploymentChildMain.POOL, IdPoolDeploymentChildMain.CAPACITY);
            region.sharedLong(IdPoolDeploymentChildMain.PHASE, 0);
            final ChildJvm holder = children.track(ChildJvm.start(IdPoolDeploymentChildMain.class, "hold", path.toString(), Integer.toString(HELD),
                "reattach"));
            final Set<Long> held = ids(line(holder.awaitOutput("held", TIMEOUT), "held"));
            final String recovererOutput = ChildJvm.start(IdPoolDeploymentChildMain.class, "recover", path.toString(), "1", "false")
                .await(TIMEOUT).assertSuccess().stdout();
            region.sharedLong(IdPoolDeploymentChildMain.PHASE).set(1);
            final String checked = holder.awaitOutput("checked", TIMEOUT);
            region.sharedLong(IdPoolDeploymentChildMain.PHASE).set(3);
            holder.await(TIMEOUT).assertSuccess();

            final int recovered = Integer.parseInt(line(recovererOutput, "recovered"));
            final Set<Long> claimed = ids(line(recovererOutput, "claimed"));
            assertAll(
                () -> assertEquals(0, recovered, "ids recoverDead freed while their holder ran with the region open"),
                () -> assertEquals(Set.of(), intersection(held, claimed), "ids the recoverer was handed while the holder held them"),
                () -> assertEquals("kept " + HELD + " lost 0", line(checked, "kept", true), "the holder's view:\n" + checked));
        }
    }


    private static Set<Long> ids(final String line)
    {
        return line.isEmpty() ? Set.of() :
            Arrays.stream(line.split(" ")).map(Long::parseLong).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<Long> intersection(final Set<Long> a, final Set<Long> b)
    {
        final Set<Long> both = new TreeSet<>(a);
        both.retainAll(b);
        return both;
    }

    private static String line(final String output, final String prefix)
    {
        return line(output, prefix, false);
    }

    /** The rest of the first line that starts with {@code prefix}, or with {@code whole} the line itself. */
    private static String line(final String output, final String prefix, final boolean whole)
    {
        for (final String line : output.split("\n"))
        {
            if (line.startsWith(prefix + " ") || line.equals(prefix))
            {
                return whole ? line.strip() : line.substring(prefix.length()).strip();
            }
        }
        return fail("no line '" + prefix + "' in:\n" + output);
    }
}
