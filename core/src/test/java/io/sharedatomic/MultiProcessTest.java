package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.sharedatomic.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The original's process tests, with separate JVMs that attach by path instead of forked children.
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
            final SharedBytes value = region.sharedBytes("demo", SharedBytes.shape(
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
        final int names = 200;
        final int jvms = 4;
        final Path path = tempDir.resolve("race.region");
        final Path barrierPath = tempDir.resolve("barrier.region");
        final List<ChildJvm.Result> results;
        try (SharedRegion barrier = SharedRegion.open(barrierPath))
        {
            barrier.sharedLong("ready");
            final List<String[]> args = new ArrayList<>();
            for (int i = 0; i < jvms; i++)
            {
                args.add(new String[]{"create-names", path.toString(), Integer.toString(names), barrierPath.toString(),
                    Integer.toString(jvms)});
            }
            results = ChildJvm.runAll(TIMEOUT, ChildMain.class, args);
        }

        // Each name was initialized to 1000 exactly once and every JVM added one to the same value: the four
        // results of each name are exactly 1001..1004.
        final Map<String, Set<Long>> seen = new HashMap<>();
        for (final ChildJvm.Result result : results)
        {
            for (final String line : result.stdout().strip().split("\n"))
            {
                final String[] parts = line.split(" ");
                seen.computeIfAbsent(parts[0], key -> new TreeSet<>()).add(Long.parseLong(parts[1]));
            }
        }
        assertEquals(names, seen.size());
        seen.forEach((name, values) -> assertEquals(Set.of(1001L, 1002L, 1003L, 1004L), values, name));

        try (SharedRegion region = SharedRegion.attach(path))
        {
            final List<RegionEntry> entries = region.entries();
            assertEquals(names, entries.size(), "one directory slot per name");
            for (final RegionEntry entry : entries)
            {
                assertEquals(ValueType.LONG, entry.type());
                assertEquals("1004", entry.value(), entry.name());
            }
        }
    }
}
