package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.sharedatomic.testkit.ChildJvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Temporary files of creators that died are not left for ever, and those of live creators are never touched: a
 * process killed with {@code kill -9} while {@link SharedRegion#open} writes a new region leaves its full-size
 * {@code .NAME.PID.RANDOM.creating} file behind, and the next {@code open} of that path removes it; a creator that is
 * alive (even stopped with SIGSTOP) keeps its file, because it holds a lock on it; a file that merely looks like a
 * temporary file is judged by that lock alone.
 */
class CreatingFileTest
{
    /** Large enough that writing the new file takes a good second, small enough for /dev/shm. */
    private static final long DATA_CAPACITY = 2L << 30;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Path directory;
    private final List<ChildJvm> children = new ArrayList<>();

    @BeforeEach
    void makeDirectory() throws IOException
    {
        // tmpfs, where the report saw 874 MiB left behind; a unique directory, so that nothing else is in it.
        final Path shm = Path.of("/dev/shm");
        final Path parent = Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        directory = Files.createDirectory(parent.resolve("shared-atomic-creating-test-" + UUID.randomUUID()));
    }

    @AfterEach
    void cleanUp() throws Exception
    {
        try
        {
            for (final ChildJvm child : children)
            {
                child.kill();
            }
        }
        finally
        {
            try (Stream<Path> files = Files.walk(directory))
            {
                for (final Path file : files.sorted(Comparator.reverseOrder()).toList())
                {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    @Test
    void shouldRemoveTheTemporaryFileOfACreatorKilledMidWay() throws Exception
    {
        final Path path = directory.resolve("big.region");
        final ChildJvm creator = start("create", path.toString(), String.valueOf(DATA_CAPACITY));
        // Killed mid-way, with 64 MiB of it written.
        final Path temporary = awaitTemporary(creator, path, 64L << 20);
        assertEquals(137, creator.kill(), "the creator was killed with kill -9");

        assertFalse(Files.exists(path), "precondition: the creator died before it linked the region");
        assertEquals(List.of(temporary), temporaries(path), "precondition: the killed creator left its temporary file");
        final long abandonedBytes = Files.size(temporary);

        final long length;
        try (SharedRegion region = SharedRegion.open(path))
        {
            length = region.byteLength();
            assertTrue(length < DATA_CAPACITY, "this open created the region: " + length);
            assertEquals(2, region.sharedLong("after", 1).incrementAndGet());
        }
        final List<Path> left = temporaries(path);
        assertEquals(List.of(), left, "open leaves the temporary file of a creator that was killed (" + abandonedBytes +
            " bytes written when it died; " + sizes(left) + " bytes in the directory now)");
        try (SharedRegion region = SharedRegion.attach(path))
        {
            assertEquals(length, region.byteLength());
            assertEquals(2, region.sharedLong("after").get(), "the region works");
        }
    }

    @Test
    void shouldNeverRemoveTheTemporaryFileOfALiveCreatorEvenWhenItIsStopped() throws Exception
    {
        final Path path = directory.resolve("stopped.region");
        final ChildJvm creator = start("create", path.toString(), String.valueOf(DATA_CAPACITY));
        // 16 MiB written: the creator is well past creating and locking its file, and now stopped in the middle.
        final Path temporary = awaitTemporary(creator, path, 16L << 20);
        signal(creator, "STOP", 'T');
        final long length;
        try
        {
            assertTrue(Files.exists(temporary) && !Files.exists(path), "precondition: the creator stopped while writing " + temporary);
            try (SharedRegion region = SharedRegion.open(path))
            {
                length = region.byteLength();
                region.sharedLong("first", 7);
            }
            assertTrue(Files.exists(temporary), "the temporary file of a live, stopped creator survives another process's open");
        }
        finally
        {
            signal(creator, "CONT", 'S');
        }
        // The creator goes on, finds the path taken, removes its own file and attaches the region made here.
        final ChildJvm.Result result = creator.await(TIMEOUT).assertSuccess();
        assertEquals("OPENED " + length, result.stdout().strip(), "the creator attached the region this process made");
        assertEquals(List.of(), temporaries(path), "the creator removed its own temporary file");
        try (SharedRegion region = SharedRegion.attach(path))
        {
            assertEquals(7, region.sharedLong("first").get());
        }
    }

    @Test
    void shouldJudgeATemporaryFileByItsCreatorsLockAlone() throws Exception
    {
        final Path path = directory.resolve("shared.region");
        // A creator that holds its lock, and one that held it and was then killed.
        final ChildJvm live = start("fake", path.toString());
        final Path liveFile = directory.resolve(awaitLine(live, "LOCKED "));
        final ChildJvm dead = start("fake", path.toString());
        final Path deadFile = directory.resolve(awaitLine(dead, "LOCKED "));
        assertEquals(137, dead.kill(), "the second creator was killed with kill -9");

        assertTrue(isLockedByAnotherProcess(liveFile), "precondition: the live creator holds its lock");
        assertFalse(isLockedByAnotherProcess(deadFile), "precondition: the killed creator's lock went with it");
        final byte[] fill = new byte[CreatingChildMain.FAKE_LENGTH];
        Arrays.fill(fill, CreatingChildMain.FAKE_FILL);

        try (SharedRegion region = SharedRegion.open(path))
        {
            assertEquals(1, region.sharedLong("x", 1).get());
        }

        assertAll(
            () -> assertTrue(Files.exists(liveFile), "the temporary file of a live creator survives another process's open"),
            () -> assertArrayEquals(fill, Files.exists(liveFile) ? Files.readAllBytes(liveFile) : null, "and is unchanged"),
            () -> assertTrue(live.process().isAlive(), "its creator is untouched"),
            () -> assertFalse(Files.exists(deadFile), "open leaves the temporary file of a creator that died: " + deadFile),
            () -> assertEquals(List.of(liveFile), temporaries(path), "only the live creator's temporary file is left"));
    }

    private ChildJvm start(final String... args) throws IOException
    {
        final ChildJvm child = ChildJvm.start(CreatingChildMain.class, args);
        children.add(child);
        return child;
    }

    /**
     * @return the temporary files of creators of {@code path}: {@code .NAME.*.creating} next to it.
     */
    private static List<Path> temporaries(final Path path) throws IOException
    {
        final String prefix = "." + path.getFileName() + ".";
        try (Stream<Path> files = Files.list(path.getParent()))
        {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(".creating"))
                .sorted().toList();
        }
    }

    private static long sizes(final List<Path> files) throws IOException
    {
        long total = 0;
        for (final Path file : files)
        {
            total += Files.size(file);
        }
        return total;
    }

    /**
     * Polls the directory until the creator's temporary file appears with at least {@code minimumBytes}.
     */
    private static Path awaitTemporary(final ChildJvm creator, final Path path, final long minimumBytes) throws Exception
    {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline)
        {
            for (final Path temporary : temporaries(path))
            {
                try
                {
                    if (Files.size(temporary) >= minimumBytes)
                    {
                        return temporary;
                    }
                }
                catch (final IOException ex)
                {
                    // it was renamed or removed between the listing and the size: look again
                }
            }
            if (!creator.process().isAlive())
            {
                throw new AssertionError("the creator exited before its temporary file was seen: " + creator.await(TIMEOUT));
            }
            Thread.sleep(1);
        }
        throw new AssertionError("no temporary file of " + path + " with " + minimumBytes + " bytes appeared within " + TIMEOUT);
    }

    private static String awaitLine(final ChildJvm child, final String prefix) throws Exception
    {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline)
        {
            for (final String line : child.stdoutSoFar().split("\n"))
            {
                if (line.startsWith(prefix))
                {
                    return line.substring(prefix.length()).strip();
                }
            }
            if (!child.process().isAlive())
            {
                throw new AssertionError("the child exited without printing '" + prefix + "': " + child.await(TIMEOUT));
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the child printed no '" + prefix + "' within " + TIMEOUT);
    }

    /**
     * Sends a signal with kill(1) and waits until /proc shows the process in the expected state (T stopped; after
     * SIGCONT anything but T).
     */
    private static void signal(final ChildJvm child, final String signal, final char state) throws Exception
    {
        final long pid = child.process().pid();
        final Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).redirectErrorStream(true).start();
        assertTrue(kill.waitFor(30, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + signal + " " + pid);
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline)
        {
            final String stat;
            try
            {
                stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            }
            catch (final IOException ex)
            {
                // It went on and exited already.
                assertTrue(state != 'T' && !child.process().isAlive(), "process " + pid + " vanished: " + ex);
                return;
            }
            final char current = stat.charAt(stat.lastIndexOf(')') + 2);
            if (state == 'T' ? current == 'T' : current != 'T')
            {
                return;
            }
            Thread.sleep(1);
        }
        throw new AssertionError("process " + pid + " did not reach state " + state + " after SIG" + signal);
    }

    /**
     * @return whether another process holds a lock on the creator's byte of the file (a shared lock is refused).
     */
    private static boolean isLockedByAnotherProcess(final Path file) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final FileLock lock = channel.tryLock(CreatingChildMain.CREATOR_LOCK_OFFSET, 1, true);
            if (lock == null)
            {
                return true;
            }
            lock.release();
            return false;
        }
    }
}
