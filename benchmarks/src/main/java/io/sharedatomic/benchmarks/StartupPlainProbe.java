package io.sharedatomic.benchmarks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The start-up baseline {@link StartupHarness} runs: the least a JDK program does to add one to a long in an existing
 * mapped file (map it, one {@code getAndAdd} through a byte-buffer VarHandle), then prints the previous value. Needs
 * no JVM flags and no library.
 */
public final class StartupPlainProbe
{
    /** Offset of the counter in the baseline's file: a word of its own, like an entry's value. */
    static final int OFFSET = 64;
    /** Bytes of the baseline's file. */
    static final int LENGTH = 4096;

    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private StartupPlainProbe()
    {
    }

    /**
     * @param args the file.
     * @throws Exception if the file cannot be mapped.
     */
    public static void main(final String[] args) throws Exception
    {
        try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, LENGTH);
            System.out.println((long)LONGS.getAndAdd(buffer, OFFSET, 1L));
        }
    }
}
