package io.sharedatomic.collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

import io.sharedatomic.SharedRegion;
import io.sharedatomic.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four JVMs claim and release ids from one {@link SharedBitSet} in a region file: no id is ever held by two of them at
 * once, and none is lost.
 */
class SharedBitSetMultiProcessTest
{
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final int JVMS = 4;
    private static final int CAPACITY = 20_000;

    @TempDir
    Path tempDir;

    @Test
    void shouldGiveEachIdToOneJvmAtATimeAndLoseNone() throws Exception
    {
        final Path path = tempDir.resolve("bits.region");
        final Path barrierPath = tempDir.resolve("barrier.region");
        try (SharedRegion region = SharedRegion.open(path);
             SharedRegion barrier = SharedRegion.open(barrierPath))
        {
            SharedBitSet.of(region, BitSetChildMain.BITS, CAPACITY);
            region.sharedLong(BitSetChildMain.SEQUENCE);
            barrier.sharedLong(BitSetChildMain.READY);

            final List<String[]> args = new ArrayList<>();
            for (int jvm = 0; jvm < JVMS; jvm++)
            {
                args.add(new String[]{"claim", path.toString(), Integer.toString(CAPACITY), barrierPath.toString(),
                    Integer.toString(JVMS), tempDir.resolve("claims-" + jvm + ".txt").toString()});
            }
            ChildJvm.runAll(TIMEOUT, BitSetChildMain.class, args);
        }

        // Read every event; index them by sequence number, which is unique and dense.
        final int[] kind = new int[4 * CAPACITY];
        final int[] idOf = new int[kind.length];
        final int[] jvmOf = new int[kind.length];
        final List<BitSet> held = new ArrayList<>();
        int events = 0;
        long claims = 0;
        long releases = 0;
        for (int jvm = 0; jvm < JVMS; jvm++)
        {
            final BitSet mine = new BitSet(CAPACITY);
            for (final String line : Files.readAllLines(tempDir.resolve("claims-" + jvm + ".txt"), StandardCharsets.US_ASCII))
            {
                final String[] parts = line.split(" ");
                final int id = Integer.parseInt(parts[1]);
                final int sequence = Integer.parseInt(parts[2]);
                assertEquals(0, kind[sequence], "sequence number used twice: " + sequence);
                kind[sequence] = parts[0].charAt(0);
                idOf[sequence] = id;
                jvmOf[sequence] = jvm;
                events++;
                if (parts[0].equals("C"))
                {
                    assertTrue(!mine.get(id), "JVM " + jvm + " claimed id " + id + " while holding it");
                    mine.set(id);
                    claims++;
                }
                else
                {
                    assertTrue(mine.get(id), "JVM " + jvm + " released id " + id + " it did not hold");
                    mine.clear(id);
                    releases++;
                }
            }
            held.add(mine);
        }
        assertEquals(CAPACITY + releases, claims, "claims = ids + releases");
        assertTrue(releases >= CAPACITY / BitSetChildMain.RELEASE_EVERY, "releases: " + releases);

        // In sequence order, each id alternates claim, release by the same JVM, claim, ... and ends claimed.
        final int[] holder = new int[CAPACITY];
        Arrays.fill(holder, -1);
        for (int sequence = 0; sequence < events; sequence++)
        {
            final int id = idOf[sequence];
            assertTrue(kind[sequence] != 0, "no event has sequence number " + sequence);
            if (kind[sequence] == 'C')
            {
                assertEquals(-1, holder[id], "id " + id + " claimed by JVM " + jvmOf[sequence] + " at " + sequence +
                    " while JVM " + holder[id] + " held it");
                holder[id] = jvmOf[sequence];
            }
            else
            {
                assertEquals(jvmOf[sequence], holder[id], "id " + id + " released at " + sequence + " by a JVM not holding it");
                holder[id] = -1;
            }
        }

        // Every id is held by exactly one JVM at the end, and the union is 0 .. CAPACITY - 1.
        final BitSet union = new BitSet(CAPACITY);
        for (int jvm = 0; jvm < JVMS; jvm++)
        {
            assertTrue(!union.intersects(held.get(jvm)), "JVM " + jvm + " holds ids another JVM holds");
            union.or(held.get(jvm));
        }
        assertEquals(CAPACITY, union.cardinality());
        assertEquals(CAPACITY, union.nextClearBit(0));
        for (int id = 0; id < CAPACITY; id++)
        {
            assertTrue(holder[id] >= 0 && held.get(holder[id]).get(id), "id " + id);
        }

        try (SharedRegion region = SharedRegion.attach(path))
        {
            final SharedBitSet bits = SharedBitSet.of(region, BitSetChildMain.BITS, CAPACITY);
            assertEquals(CAPACITY, bits.cardinality());
            assertEquals(-1, bits.nextClearBit(0));
            assertEquals(events, region.sharedLong(BitSetChildMain.SEQUENCE).get());
        }
    }
}
