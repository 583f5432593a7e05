package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InvalidObjectException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.sharedatomic.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Handles travel as region path plus name and attach again when read back, in this JVM or another one: to the file at
 * the path at the moment they are read back, each with its own region object (closing one closes no other), and
 * nothing keeps a deserialized region mapped for ever.
 */
class SerializationTest
{
    @TempDir
    Path tempDir;

    private static byte[] serialize(final Object value) throws Exception
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes))
        {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    private static Object deserialize(final byte[] bytes) throws Exception
    {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes)))
        {
            return in.readObject();
        }
    }

    @Test
    void shouldReattachEveryTypeInThisJvm() throws Exception
    {
        try (SharedRegion region = SharedRegion.open(tempDir.resolve("ser.region")))
        {
            final SharedLong counter = region.sharedLong("counter", 10);
            final SharedULong big = region.sharedULong("big", "18446744073709551615");
            final SharedDouble price = region.sharedDouble("price", 101.25);
            final SharedBoolean halt = region.sharedBoolean("halt", true);

            final SharedLong counterCopy = (SharedLong)deserialize(serialize(counter));
            assertNotSame(counter, counterCopy);
            assertEquals("counter", counterCopy.name());
            assertEquals(11, counterCopy.incrementAndGet());
            assertEquals(11, counter.get());
            assertEquals("18446744073709551615", deserialize(serialize(big)).toString());
            assertEquals(101.25, ((SharedDouble)deserialize(serialize(price))).get());
            assertTrue(((SharedBoolean)deserialize(serialize(halt))).get());
        }
    }

    @Test
    void shouldReattachInAnotherJvm() throws Exception
    {
        final Path path = tempDir.resolve("cross.region");
        final Path serialized = tempDir.resolve("counter.ser");
        try (SharedRegion region = SharedRegion.open(path))
        {
            final SharedLong counter = region.sharedLong("counter", 100);
            Files.write(serialized, serialize(counter));

            final ChildJvm.Result result = ChildJvm.runAll(Duration.ofMinutes(2), ChildMain.class,
                List.<String[]>of(new String[]{"deserialize", serialized.toString(), "5"})).get(0);

            assertEquals("105", result.stdout().strip());
            assertEquals(105, counter.get());
        }
    }

    @Test
    void shouldRefuseToSerializeAnInMemoryValue()
    {
        try (SharedRegion region = SharedRegion.inMemory())
        {
            final NotSerializableException ex = assertThrows(NotSerializableException.class, () -> serialize(region.sharedLong("local")));
            assertTrue(ex.getMessage().contains("in-memory"), ex.getMessage());
        }
    }

    @Test
    void shouldSayWhyAValueCannotBeReattached() throws Exception
    {
        final Path path = tempDir.resolve("gone.region");
        final byte[] bytes;
        try (SharedRegion region = SharedRegion.open(path))
        {
            bytes = serialize(region.sharedLong("counter"));
        }
        Files.delete(path);
        final InvalidObjectException ex = assertThrows(InvalidObjectException.class, () -> deserialize(bytes));
        assertTrue(ex.getMessage().contains("gone.region"), ex.getMessage());
        assertInstanceOf(RuntimeException.class, ex.getCause());
    }

    @Test
    void shouldAttachTheFileAtThePathWhenReadBackEvenIfItWasReplaced() throws Exception
    {
        final Path path = tempDir.resolve("replaced.region");
        final byte[] bytes;
        try (SharedRegion region = SharedRegion.open(path))
        {
            bytes = serialize(region.sharedLong("counter", 1));
            // Read back once while the first file is there, as a long-running reader would.
            assertEquals(1, ((SharedLong)deserialize(bytes)).get());
        }
        Files.delete(path);
        try (SharedRegion replacement = SharedRegion.open(path))
        {
            replacement.sharedLong("counter", 2);
        }

        final SharedLong copy = (SharedLong)deserialize(bytes);
        assertEquals(2, copy.get(), "a handle read back after the file was replaced reads the new file");
        copy.set(42);
        try (SharedRegion fresh = SharedRegion.attach(path))
        {
            assertEquals(42, fresh.sharedLong("counter").get(), "a write through the handle read back reaches the file at the path");
        }
    }

    @Test
    void shouldGiveEveryHandleReadBackItsOwnRegion() throws Exception
    {
        final Path path = tempDir.resolve("two.region");
        final byte[] bytes;
        try (SharedRegion region = SharedRegion.open(path))
        {
            bytes = serialize(region.sharedLong("counter", 5));
        }
        final SharedLong first = (SharedLong)deserialize(bytes);
        final SharedLong second = (SharedLong)deserialize(bytes);
        assertEquals(6, first.incrementAndGet());

        first.region().close();

        assertTrue(first.region().isClosed());
        assertThrows(IllegalStateException.class, first::get, "the closed handle throws");
        assertFalse(second.region().isClosed(), "closing the region of one handle read back closes no other");
        assertEquals(7, assertDoesNotThrow(second::incrementAndGet, "the other handle read back still works"));
        try (SharedRegion fresh = SharedRegion.attach(path))
        {
            assertEquals(7, fresh.sharedLong("counter").get());
        }
    }

    @Test
    void shouldNotKeepARegionReadBackOnceNothingRefersToIt() throws Exception
    {
        // Unique names, so that the lines of /proc/self/maps that map these files are ours alone.
        final String unique = UUID.randomUUID().toString();
        final Path control = tempDir.resolve("control-" + unique + ".region");
        final Path path = tempDir.resolve("read-back-" + unique + ".region");
        final byte[] bytes = writeAndSerialize(control, path);
        final List<WeakReference<SharedRegion>> readBackRegions = new ArrayList<>();
        assertEquals(3, readBack(bytes, readBackRegions), "the handle read back works");
        assertFalse(mappingsOf(path).isEmpty(), "the region read back is mapped while in use");

        // Nothing refers to the handle read back, its region or the control region any more: once the garbage
        // collector has run, the region object must be gone and neither file mapped.
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while ((readBackRegions.get(0).get() != null || !mappingsOf(path).isEmpty() || !mappingsOf(control).isEmpty()) &&
            System.nanoTime() < deadline)
        {
            System.gc();
            Thread.sleep(100);
        }
        final boolean regionCollected = readBackRegions.get(0).get() == null;
        final List<String> left = mappingsOf(path);
        final List<String> controlLeft = mappingsOf(control);
        assertAll(
            () -> assertTrue(regionCollected, "the region object of a handle read back is still reachable 10 s after " +
                "every reference to the handle was dropped: something caches it"),
            () -> assertEquals(List.of(), left, "a file read back by deserialization is still mapped 10 s after every " +
                "reference to its handle was dropped"),
            () -> assertEquals(List.of(), controlLeft, "control: a region opened, closed and dropped is still mapped after 10 s"));
    }

    /**
     * Opens and closes a control region, and serializes a value of another; no reference to either survives.
     */
    private static byte[] writeAndSerialize(final Path control, final Path path) throws Exception
    {
        try (SharedRegion region = SharedRegion.open(control))
        {
            region.sharedLong("counter", 3);
        }
        try (SharedRegion region = SharedRegion.open(path))
        {
            return serialize(region.sharedLong("counter", 3));
        }
    }

    /**
     * Reads a handle back and uses it; only a weak reference to its region survives.
     */
    private static long readBack(final byte[] bytes, final List<WeakReference<SharedRegion>> regions) throws Exception
    {
        final SharedLong handle = (SharedLong)deserialize(bytes);
        regions.add(new WeakReference<>(handle.region()));
        return handle.get();
    }

    /**
     * @return the lines of /proc/self/maps that map the file, or the temporary file it was created as.
     */
    private static List<String> mappingsOf(final Path path) throws Exception
    {
        final String name = path.getFileName().toString();
        return Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(line -> line.contains(name)).toList();
    }
}
