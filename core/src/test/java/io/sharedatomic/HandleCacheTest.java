package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import io.sharedatomic.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The handles a region object caches by name: the same handle for the same name and shape, the same reports as an
 * uncached region object for any other shape, one cache per region object, and closing as before.
 */
class HandleCacheTest
{
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Charset LATIN_1 = StandardCharsets.ISO_8859_1;

    @TempDir
    Path tempDir;

    @Test
    void shouldReturnTheSameHandleForTheSameNameAndShape()
    {
        try (SharedRegion region = SharedRegion.inMemory())
        {
            final SharedLong counter = region.sharedLong("long", 5);
            assertSame(counter, region.sharedLong("long"));
            assertSame(counter, region.sharedLong("long", 99));
            assertSame(region.sharedULong("ulong", 1), region.sharedULong("ulong", "2"));
            assertSame(region.sharedDouble("double"), region.sharedDouble("double", 1.5));
            assertSame(region.sharedBoolean("boolean"), region.sharedBoolean("boolean", true));
            assertSame(region.sharedBytes("bytes", new byte[]{1, 2}), region.sharedBytes("bytes", 2, new byte[]{3}));
            assertSame(region.sharedWideBytes("wide-bytes", 16, new byte[]{1}), region.sharedWideBytes("wide-bytes", 16, new byte[0]));
            assertSame(region.sharedString("string", "ab"), region.sharedString("string", "xy", StandardCharsets.UTF_8));
            assertSame(region.sharedWideString("wide-string", 32, LATIN_1, "a"), region.sharedWideString("wide-string", 32, LATIN_1, "b"));
            assertSame(region.sharedLongArray("array", 4), region.sharedLongArray("array", 4));
            assertSame(region.sharedLongArray("words", 2, "bitmap"), region.sharedLongArray("words", 2, "bitmap"));
            assertSame(region.sharedBytes("tagged", 3, new byte[]{1}, "tag"), region.sharedBytes("tagged", 4, new byte[]{2}, "tag"));

            // An existing value keeps its value: the initial value of a later lookup is ignored, cached or not.
            assertEquals(5, counter.get());
            assertEquals(0, region.sharedBoolean("boolean", true).get() ? 1 : 0);
            assertEquals("ab", region.sharedString("string", "zz").get());
        }
    }

    @Test
    void shouldReportAnotherShapeOfACachedNameExactlyAsAFreshRegionObjectDoes()
    {
        final Path path = tempDir.resolve("shapes.region");
        final List<Consumer<SharedRegion>> creations = List.of(
            region -> region.sharedLong("long"),
            region -> region.sharedBytes("bytes", 2, new byte[]{1}),
            region -> region.sharedString("string", 4, StandardCharsets.UTF_8, "ab"),
            region -> region.sharedWideBytes("wide-bytes", 16, new byte[]{1}),
            region -> region.sharedWideString("wide-string", 16, StandardCharsets.UTF_8, "a"),
            region -> region.sharedLongArray("array", 4),
            region -> region.sharedLongArray("words", 4, "bitmap"));
        final List<Consumer<SharedRegion>> mismatches = List.of(
            region -> region.sharedULong("long"),
            region -> region.sharedDouble("long"),
            region -> region.sharedBoolean("long"),
            region -> region.sharedLongArray("long", 1),
            region -> region.sharedLong("bytes"),
            region -> region.sharedBytes("bytes", 4, new byte[]{1}),
            region -> region.sharedBytes("bytes", 2, new byte[]{1}, "tag"),
            region -> region.sharedWideBytes("bytes", 16, new byte[]{1}),
            region -> region.sharedString("string", 4, LATIN_1, "ab"),
            region -> region.sharedString("string", 2, StandardCharsets.UTF_8, "ab"),
            region -> region.sharedString("bytes", 2, StandardCharsets.UTF_8, "ab"),
            region -> region.sharedWideString("string", 16, StandardCharsets.UTF_8, "ab"),
            region -> region.sharedWideBytes("wide-bytes", 17, new byte[]{1}),
            region -> region.sharedWideString("wide-bytes", 16, StandardCharsets.UTF_8, "a"),
            region -> region.sharedWideString("wide-string", 16, LATIN_1, "a"),
            region -> region.sharedWideString("wide-string", 24, StandardCharsets.UTF_8, "a"),
            region -> region.sharedWideBytes("wide-string", 16, new byte[]{1}),
            region -> region.sharedLongArray("array", 5),
            region -> region.sharedLongArray("array", 4, "bitmap"),
            region -> region.sharedLongArray("words", 4),
            region -> region.sharedLong("array"));
        try (SharedRegion cachedRegion = SharedRegion.open(path))
        {
            creations.forEach(creation -> creation.accept(cachedRegion));
            for (final Consumer<SharedRegion> mismatch : mismatches)
            {
                final String fresh;
                try (SharedRegion freshRegion = SharedRegion.attach(path))
                {
                    fresh = assertThrows(IncompatibleEntryException.class, () -> mismatch.accept(freshRegion)).getMessage();
                }
                final String cached = assertThrows(IncompatibleEntryException.class, () -> mismatch.accept(cachedRegion)).getMessage();
                assertEquals(fresh, cached);
                // The mismatch neither evicted nor replaced the cached handle.
                creations.forEach(creation -> creation.accept(cachedRegion));
            }
            assertSame(cachedRegion.sharedLong("long"), cachedRegion.sharedLong("long"));
        }
    }

    @Test
    void shouldStillCheckTheArgumentsOfALookupOfACachedName()
    {
        try (SharedRegion region = SharedRegion.inMemory())
        {
            region.sharedBytes("bytes", 2, new byte[]{1});
            region.sharedString("string", "ab");
            region.sharedWideBytes("wide-bytes", 16, new byte[]{1});
            region.sharedLongArray("array", 4);
            assertThrows(IllegalArgumentException.class, () -> region.sharedBytes("bytes", 2, new byte[]{1, 2, 3}));
            assertThrows(IllegalArgumentException.class, () -> region.sharedString("string", 4, StandardCharsets.UTF_8, "too long"));
            assertThrows(IllegalArgumentException.class, () -> region.sharedWideBytes("wide-bytes", 16, new byte[17]));
            assertThrows(IllegalArgumentException.class, () -> region.sharedLongArray("array", 0));
            assertThrows(IllegalArgumentException.class, () -> region.sharedULong("long", "-1"));
            assertThrows(IllegalArgumentException.class, () -> region.sharedLong(null));
            assertThrows(IllegalArgumentException.class, () -> region.sharedLong(""));
        }
    }

    @Test
    void shouldGiveEachRegionObjectItsOwnCacheAndSeeEntriesOtherProcessesCreate() throws Exception
    {
        final Path path = tempDir.resolve("processes.region");
        try (SharedRegion first = SharedRegion.open(path); SharedRegion second = SharedRegion.attach(path))
        {
            final SharedLong counter = first.sharedLong("counter", 7);
            final SharedLong counterOfSecond = second.sharedLong("counter");
            assertNotSame(counter, counterOfSecond);
            assertSame(counterOfSecond, second.sharedLong("counter"));

            ChildJvm.runAll(TIMEOUT, ChildMain.class, List.of(
                new String[]{"add", path.toString(), "counter", "10", "1", "long"},
                new String[]{"add", path.toString(), "created-by-child", "10", "3", "long"}));

            assertEquals(17, counter.get());
            assertEquals(17, first.sharedLong("counter").get());
            assertEquals(17, counterOfSecond.get());
            // Not cached before the child created it: both region objects find it in the directory, with its value.
            final SharedLong created = first.sharedLong("created-by-child", 1000);
            assertEquals(30, created.get());
            assertEquals(30, second.sharedLong("created-by-child").get());
            assertSame(created, first.sharedLong("created-by-child"));
            assertThrows(IncompatibleEntryException.class, () -> second.sharedDouble("created-by-child"));
        }
    }

    @Test
    void shouldMakeCachedHandlesAndFactoriesThrowOnceClosed()
    {
        final SharedRegion region = SharedRegion.inMemory();
        final SharedLong counter = region.sharedLong("counter", 3);
        final SharedString string = region.sharedString("string", "ab");
        final SharedLongArray array = region.sharedLongArray("array", 2);
        assertSame(counter, region.sharedLong("counter"));
        region.close();

        assertThrows(IllegalStateException.class, counter::get);
        assertThrows(IllegalStateException.class, string::get);
        assertThrows(IllegalStateException.class, () -> array.get(0));
        final List<Executable> factories = List.of(
            () -> region.sharedLong("counter"),
            () -> region.sharedLong("counter", 1),
            () -> region.sharedString("string", "ab"),
            () -> region.sharedLongArray("array", 2),
            () -> region.sharedLong("new"));
        for (final Executable factory : factories)
        {
            assertThrows(IllegalStateException.class, factory);
        }
    }

    @Test
    void shouldLeaveEntriesAndEntryAsTheyWere()
    {
        try (SharedRegion region = SharedRegion.inMemory())
        {
            final SharedLong counter = region.sharedLong("counter", 3);
            region.sharedString("string", "ab");
            region.sharedLong("counter").incrementAndGet();

            final RegionEntry entry = region.entry("counter").orElseThrow();
            assertEquals("counter", entry.name());
            assertEquals(ValueType.LONG, entry.type());
            assertEquals("4", entry.value());
            assertEquals(List.of("counter", "string"), region.entries().stream().map(RegionEntry::name).sorted().toList());
            assertEquals(region.entries(), region.entries());
            assertSame(counter, region.sharedLong("counter"));
        }
    }
}
