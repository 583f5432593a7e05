package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.sharedatomic.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The original's process tests, with separate JVMs that attach by path instead of forked children, and the
 * create-or-attach race across JVMs: four JVMs that race to create the region file and then the same names, round
 * after round ({@link CreationRace}), end with exactly one record per name, which every JVM's handle points at.
 */
class MultiProcessTest
{
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    Path tempDir;

    @Test
    void shouldAddExactlyAcrossTwoJvmsAndShowTheTotalToAThird() throws Exception
    {
        final Path path = tempDir.resolve("counter.region");
        try (SharedRegion region = SharedRegion.open(path))
        {
            final SharedLong counter = region.sharedLong("counter");
            ChildJvm.runAll(TIMEOUT, ChildMain.class, List.of(
                new String[]{"add", path.toString(), "counter", "5000", "100", "long"},
                new String[]{"add", path.toString(), "counter", "5000", "100", "long"}));

            assertEquals(1_000_000L, counter.get());
        }
        final ChildJvm.Result reader = ChildJvm.runAll(TIMEOUT, ChildMain.class,
            List.<String[]>of(new String[]{"read", path.toString(), "counter"})).get(0);
        assertEquals("1000000", reader.stdout().strip());
    }

    @Test
    void shouldWrapUnsignedAdditionExactlyAcrossTwoJvms() throws Exception
    {
        final Path path = tempDir.resolve("ucounter.region");
        try (SharedRegion region = SharedRegion.open(path))
        {
            final SharedULong counter = region.sharedULong("ucounter", "18446744073709551615");
            ChildJvm.runAll(TIMEOUT, ChildMain.class, List.of(
                new String[]{"add", path.toString(), "ucounter", "5000", "100", "ulong"},
                new String[]{"add", path.toString(), "ucounter", "5000", "100", "ulong"}));

            // 2^64 - 1 + 1,000,000 wraps to 999,999.
            assertEquals("999999", Long.toUnsignedString(counter.get()));
        }
    }

    @Test
    void shouldHaveExactlyOneCasWinnerAcrossTwoJvms() throws Exception
    {
        final Path path = tempDir.resolve("flag.region");
        ChildJvm.runAll(TIMEOUT, ChildMain.class, List.of(
            new String[]{"cas-flag", path.toString(), "5000", "a"},
            new String[]{"cas-flag", path.toString(), "5000", "b"}));

        try (SharedRegion region = SharedRegion.attach(path))
        {
            assertTrue(region.sharedBoolean("flag").get());
            assertEquals(1L, region.sharedLong("winners").get());
            assertEquals(Math.PI, region.sharedDouble("pi").get());
        }
    }

    @Test
    void shouldSubtractExactlyFromSharedBytesAcrossTwoJvmsAsInTheOriginalsReadme() throws Exception
    {
        final Path path = tempDir.resolve("bytes.region");
        try (SharedRegion region = SharedRegion.open(path))
        {
            final SharedBytes value = region.sharedBytes("demo", Shaping.shape(
                "ab".getBytes(StandardCharsets.US_ASCII), 7, Side.RIGHT, "012".getBytes(StandardCharsets.US_ASCII), Side.RIGHT));
            ChildJvm.runAll(TIMEOUT, ChildMain.class, List.of(
                new String[]{"bytes-subtract", path.toString(), "5000"},
                new String[]{"bytes-subtract", path.toString(), "5000"}));

            assertEquals(27411031864108609L, value.getAsLong());
            assertArrayEquals(new byte[]{0x00, 0x61, 0x62, 0x30, 0x31, 0x2F, (byte)0xE6, 0x41}, value.get());
        }
    }

    @Test
    void shouldHaveExactlyOneStringCasWinnerAcrossTwoJvms() throws Exception
    {
        final Path path = tempDir.resolve("string.region");
        try (SharedRegion region = SharedRegion.open(path))
        {
            final SharedString value = region.sharedString("s", "ab");
            final SharedLong winners = region.sharedLong("winners");
            ChildJvm.runAll(TIMEOUT, ChildMain.class, List.of(
                new String[]{"string-cas", path.toString(), "5000"},
                new String[]{"string-cas", path.toString(), "5000"}));

            assertEquals("cd", value.get());
            assertEquals(1, winners.get());
        }
    }

    @Test
    void shouldCreateEachNameOnceWhenFourJvmsRaceToCreateTheSameNames() throws Exception
    {
        final int jvms = CreationRace.MAX_PARTIES;
        final Path path = tempDir.resolve("race.region");
        final Path controlPath = tempDir.resolve("control.region");
        try (SharedRegion control = SharedRegion.open(controlPath, CreationRace.CONTROL_SPEC))
        {
            CreationRace.createControl(control);
            final List<String[]> args = new ArrayList<>();
            for (int creator = 0; creator < jvms; creator++)
            {
                args.add(new String[]{"create-names", path.toString(), controlPath.toString(), Integer.toString(creator),
                    Integer.toString(jvms)});
            }
            final List<ChildJvm.Result> results = ChildJvm.runAll(TIMEOUT, ChildMain.class, args);
            for (final ChildJvm.Result result : results)
            {
                assertEquals(control.sharedLong("rounds").get(), Long.parseLong(result.stdout().strip()), "rounds run by each JVM");
            }

            try (SharedRegion region = SharedRegion.attach(path))
            {
                final CreationRace.Outcome outcome = CreationRace.check(region, control, jvms);
                assertTrue(outcome.problems().isEmpty(), outcome::report);
                // Passing proves something only if the JVMs really ran at once: a run that could not race fails.
                assertTrue(outcome.races() >= CreationRace.MIN_RACES, "the JVMs raced for only " + outcome.races() + " names in " +
                    outcome.rounds() + " rounds: this machine gave them no second core");
            }
        }
    }
}
