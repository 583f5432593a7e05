package io.sharedatomic.collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.sharedatomic.SharedRegion;
import io.sharedatomic.collections.TortureChildMain.Count;
import io.sharedatomic.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-process torture: {@value #JVMS} JVMs with {@value TortureChildMain#THREADS} threads each hammer every value
 * type, a bit set and an id pool in one region for {@value #MILLIS} ms, then the exact invariants must hold: sums equal
 * what the JVMs added, the successful compare-and-sets explain each value's final state, and no id was ever held by
 * two threads (an owner table taken with a CAS from 0 counts every conflict).
 */
class TortureTest
{
    private static final long SEED = 0x7047_7572_65L;
    private static final int JVMS = 4;
    private static final long MILLIS = 3_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path tempDir;

    @Test
    void shouldKeepExactInvariantsWhenFourJvmsHammerEveryValueType() throws Exception
    {
        final Path path = tempDir.resolve("torture.region");
        try (SharedRegion region = SharedRegion.open(path))
        {
            final TortureChildMain.Values values = new TortureChildMain.Values(region);
            region.sharedLong(TortureChildMain.READY);
            final List<String[]> args = new ArrayList<>();
            for (int jvm = 0; jvm < JVMS; jvm++)
            {
                args.add(new String[]{path.toString(), Integer.toString(jvm), Integer.toString(JVMS), Long.toString(MILLIS),
                    Long.toString(SEED)});
            }
            final Map<Count, Long> sums = new EnumMap<>(Count.class);
            for (final ChildJvm.Result result : ChildJvm.runAll(TIMEOUT, TortureChildMain.class, args))
            {
                for (final String line : result.stdout().strip().split("\n"))
                {
                    final String[] parts = line.split(" ");
                    sums.merge(Count.valueOf(parts[0]), Long.parseLong(parts[1]), Long::sum);
                }
            }
            final String where = "seed " + SEED + ", counts " + sums;
            for (final Count count : List.of(Count.LONG_ADD_SUM, Count.LONG_CAS_SUCCESSES, Count.ULONG_ADDS, Count.DOUBLE_SUM,
                Count.FLAG_UPS, Count.BYTES8_SUM, Count.BYTES2_SUM, Count.RING_AB, Count.WIDE_SUCCESSES, Count.SET_TO_TWO,
                Count.BIT_CLAIMS, Count.POOL_CLAIMS))
            {
                assertTrue(sums.get(count) > 0, "nothing counted for " + count + "; " + where);
            }

            // Sums: every addition arrived exactly once.
            assertEquals(sums.get(Count.LONG_ADD_SUM), values.longAdd.get(), where);
            assertEquals(sums.get(Count.LONG_CAS_SUCCESSES), values.longCas.get(), where);
            assertEquals(TortureChildMain.ULONG_START + TortureChildMain.ULONG_STEP * sums.get(Count.ULONG_ADDS), values.ulong.get(),
                where);
            assertEquals((double)sums.get(Count.DOUBLE_SUM), values.sum.get(), where);
            assertEquals(sums.get(Count.BYTES8_SUM), values.bytes8.getAsLong(), where);
            assertEquals(sums.get(Count.BYTES2_SUM) % 65_536, values.bytes2.getAsLong(), where);

            // Successful compare-and-sets: each one moved the value one step, so their counts give the final state.
            final long ups = sums.get(Count.FLAG_UPS);
            final long downs = sums.get(Count.FLAG_DOWNS);
            assertEquals(values.flag.get() ? 1 : 0, ups - downs, "flag ups and downs; " + where);
            final long ab = sums.get(Count.RING_AB);
            final long bc = sums.get(Count.RING_BC);
            final long ca = sums.get(Count.RING_CA);
            assertTrue(ab - bc >= 0 && ab - bc <= 1 && bc - ca >= 0 && bc - ca <= 1 && ab - ca <= 1, "ring transitions; " + where);
            assertEquals(List.of("a", "b", "c").get((int)((ab + bc + ca) % 3)), values.ring.get(), "ring state; " + where);
            assertEquals(sums.get(Count.WIDE_SUCCESSES), CrashChildMain.checkBytes(values.wide.get()), "wide counter; " + where);
            final long toTwo = sums.get(Count.SET_TO_TWO);
            final long toOne = sums.get(Count.SET_TO_ONE);
            assertTrue(toTwo - toOne == 0 || toTwo - toOne == 1, "set transitions; " + where);
            assertEquals(toTwo - toOne == 1 ? Set.of(2) : Set.of(1), values.set.get(), "set state; " + where);

            // Ids: never held twice, all given back.
            assertEquals(0, sums.get(Count.BIT_CONFLICTS), "bit set ids held twice; " + where);
            assertEquals(sums.get(Count.BIT_CLAIMS), sums.get(Count.BIT_RELEASES), where);
            assertEquals(0, values.bits.cardinality(), where);
            assertEquals(0, sums.get(Count.POOL_CONFLICTS), "pool ids held twice; " + where);
            assertEquals(sums.get(Count.POOL_CLAIMS), sums.get(Count.POOL_RELEASES), where);
            assertEquals(0, values.pool.held(), where);
            for (int id = 0; id < TortureChildMain.ID_CAPACITY; id++)
            {
                assertEquals(0, values.bitOwners.get(id), "bit owner " + id + "; " + where);
                assertEquals(0, values.poolOwners.get(id), "pool owner " + id + "; " + where);
            }
        }
    }
}
