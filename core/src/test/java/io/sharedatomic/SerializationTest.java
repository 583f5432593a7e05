package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.sharedatomic.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Handles travel as region path plus name and attach again when read back, in this JVM or another one.
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
}
