package io.sharedatomic;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Child JVM of {@link CreatingFileTest}.
 *
 * <ul>
 * <li>{@code create PATH DATA_CAPACITY}: opens (creates) the region with that data capacity and prints
 *     {@code OPENED byteLength}.</li>
 * <li>{@code fake PATH}: plays a creator that is still writing: makes a file named as a creator names its temporary
 *     file ({@code .NAME.PID.RANDOM.creating}) next to {@code PATH}, fills it with {@link #FAKE_FILL}, holds the
 *     exclusive lock on byte 2^62 - 1 that a live creator holds on its temporary file, prints
 *     {@code LOCKED fileName}, and waits to be killed (at most two minutes).</li>
 * </ul>
 */
final class CreatingChildMain
{
    /** The byte a creator locks in its temporary file for as long as it creates. */
    static final long CREATOR_LOCK_OFFSET = (1L << 62) - 1;
    /** Content of a fake temporary file, so that the test can tell it was left alone. */
    static final byte FAKE_FILL = 0x5A;
    static final int FAKE_LENGTH = 64 * 1024;

    private CreatingChildMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path path = Path.of(args[1]).toAbsolutePath();
        switch (args[0])
        {
            case "create":
                try (SharedRegion region = SharedRegion.open(path, RegionSpec.defaults().withDataCapacity(Long.parseLong(args[2]))))
                {
                    System.out.println("OPENED " + region.byteLength());
                }
                break;
            case "fake":
                fake(path);
                break;
            default:
                throw new IllegalArgumentException("unknown command " + args[0]);
        }
        System.out.flush();
    }

    private static void fake(final Path path) throws Exception
    {
        final Path temporary = path.resolveSibling("." + path.getFileName() + "." + ProcessHandle.current().pid() + "." +
            Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".creating");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
        {
            final byte[] fill = new byte[FAKE_LENGTH];
            Arrays.fill(fill, FAKE_FILL);
            final ByteBuffer buffer = ByteBuffer.wrap(fill);
            while (buffer.hasRemaining())
            {
                channel.write(buffer, buffer.position());
            }
            channel.force(true);
            // An fcntl (POSIX) record lock, as a creator holds one: the kernel drops it when this process dies.
            channel.lock(CREATOR_LOCK_OFFSET, 1, false);
            System.out.println("LOCKED " + temporary.getFileName());
            System.out.flush();
            Thread.sleep(120_000);
        }
    }
}
