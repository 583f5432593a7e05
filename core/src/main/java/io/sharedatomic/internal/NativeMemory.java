package io.sharedatomic.internal;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

import net.openhft.chronicle.core.Jvm;
import net.openhft.chronicle.core.OS;
import net.openhft.chronicle.core.UnsafeMemory;

/**
 * The one class that touches Chronicle and JDK internals: it maps region files with Chronicle Core and performs
 * every atomic access on raw addresses through Chronicle Core's {@link UnsafeMemory}.
 *
 * <p>Why raw addresses: Chronicle's {@code MappedBytes} accessors run closed, bounds and thread-owner checks on every
 * call, its {@code addAndGetLong} is a CAS loop (about 2.6x {@code AtomicLong}), its bounds check is off by 8 (a CAS on
 * the last word of a mapping crashes the JVM) and a {@code MappedBytes} used by a second thread throws. We map the
 * whole file once (one mapping, so no value can straddle a chunk), take the base address, and the callers validate
 * bounds and 8-byte alignment once when they make a handle. After that an
 * access is one instruction: {@code LOCK XADD} for getAndAdd, {@code XCHG} for getAndSet, {@code LOCK CMPXCHG}
 * for CAS, a plain {@code MOV} for volatile loads on x86.
 *
 * <p>Every address passed in must lie inside a live mapping, 8-byte aligned, with 8 bytes to spare: nothing here
 * checks, by design.
 */
public final class NativeMemory
{
    static
    {
        // Before any Chronicle class: Chronicle's first logger would make SLF4J print when the application has none.
        QuietLogging.prepare();
    }

    private static final UnsafeMemory MEMORY = UnsafeMemory.MEMORY;
    private static final long BYTE_ARRAY_BASE = MEMORY.arrayBaseOffset(byte[].class);
    /** Most bytes one copy call moves (the JDK's own bulk copies use the same bound). */
    private static final int COPY_CHUNK = 1 << 20;
    /** The JDK's {@code FileChannelImpl.setUninterruptible}, looked up once; null where it is missing. */
    private static final Method SET_UNINTERRUPTIBLE = setUninterruptible();

    private NativeMemory()
    {
    }

    /**
     * A block of native memory, released exactly once.
     */
    public interface Block
    {
        /**
         * @return base address of the block.
         */
        long address();

        /**
         * Frees the block. Must be called at most once, and only when no thread can touch it any more.
         */
        void release();
    }

    /**
     * @return the platform page size: region file lengths must be a multiple of it, or mapping would grow the file.
     */
    public static int pageSize()
    {
        return OS.pageSize();
    }

    /**
     * Maps exactly {@code length} bytes of an open file from offset 0, through that descriptor, so the mapping is of
     * the very file that was validated through it. Chronicle Core's {@link OS#map} is what Chronicle's
     * {@code MappedBytes} maps with; we call it directly because {@code MappedBytes} opens a second descriptor of
     * the file, closes it on a background thread (which drops every POSIX lock this process holds on the file) and
     * keeps one reference to its store after release, so the mapping was never unmapped.
     *
     * @param channel  an open channel of the file, at least {@code length} bytes long.
     * @param length   bytes to map, a positive multiple of {@link #pageSize()}.
     * @param readOnly map for reading only.
     * @return base address of the mapping; release it with {@link #unmap(long, long)}.
     * @throws IOException if the mapping fails.
     */
    public static long map(final FileChannel channel, final long length, final boolean readOnly) throws IOException
    {
        if (length <= 0 || length % pageSize() != 0)
        {
            throw new IllegalArgumentException("mapping length " + length + " is not a positive multiple of the page size " + pageSize());
        }
        return OS.map(channel, readOnly ? FileChannel.MapMode.READ_ONLY : FileChannel.MapMode.READ_WRITE, 0, length, pageSize());
    }

    /**
     * Unmaps a mapping made by {@link #map}. Only when no thread can touch it any more: an access afterwards crashes
     * the JVM.
     *
     * @param address base address.
     * @param length  bytes mapped.
     * @throws IOException if the system refuses.
     */
    public static void unmap(final long address, final long length) throws IOException
    {
        OS.unmap(address, length, pageSize());
    }

    /**
     * What an open descriptor refers to, asked of the descriptor itself ({@code /proc/self/fd/N}) rather than of a
     * path, which may have been pointed at another file since it was opened. Knowing which file a descriptor is
     * matters because closing a descriptor drops every lock this process holds on its file.
     *
     * @param channel an open channel from {@link FileChannel#open}.
     * @return its file's attributes (the file key is its device and inode), or null if this platform cannot tell.
     */
    public static BasicFileAttributes attributesOf(final FileChannel channel)
    {
        try
        {
            final Integer fd = Jvm.getValue(channel, "fd/fd");
            return fd == null ? null : Files.readAttributes(Path.of("/proc/self/fd", fd.toString()), BasicFileAttributes.class);
        }
        catch (final IOException | RuntimeException | AssertionError ex)
        {
            // No /proc (not Linux, or a sandbox without it), or another JDK's field names: the caller falls back.
            return null;
        }
    }

    /**
     * Stops a thread's interrupt from closing the channel. A {@link FileChannel} closes itself when a thread that is
     * using it is interrupted, and closing the descriptor would drop every lock this process holds on the file: the
     * owner leases of the region. The JDK's own {@code FileChannelImpl.setUninterruptible} does exactly this; it
     * is public in the {@code sun.nio.ch} package that the required flags export; Chronicle's proxy is the fallback.
     *
     * @param channel a channel from {@link FileChannel#open}.
     */
    public static void keepOpenOnInterrupt(final FileChannel channel)
    {
        try
        {
            if (SET_UNINTERRUPTIBLE != null && SET_UNINTERRUPTIBLE.getDeclaringClass().isInstance(channel))
            {
                SET_UNINTERRUPTIBLE.invoke(channel);
                return;
            }
        }
        catch (final ReflectiveOperationException | RuntimeException ex)
        {
            // Fall through to Chronicle's way.
        }
        Jvm.doNotCloseOnInterrupt(NativeMemory.class, channel);
    }

    private static Method setUninterruptible()
    {
        try
        {
            return Class.forName("sun.nio.ch.FileChannelImpl").getMethod("setUninterruptible");
        }
        catch (final ReflectiveOperationException | RuntimeException ex)
        {
            return null;
        }
    }

    /**
     * Allocates zeroed native memory, for process-local regions.
     *
     * @param length bytes to allocate.
     * @return the block.
     */
    public static Block allocate(final long length)
    {
        // Over-allocate so the block can start on a cache line, like a page-aligned mapping does.
        final long raw = MEMORY.allocate(length + 64);
        MEMORY.setMemory(raw, length + 64, (byte)0);
        final long address = (raw + 63) & ~63L;
        return new Block()
        {
            public long address()
            {
                return address;
            }

            public void release()
            {
                MEMORY.freeMemory(raw, length + 64);
            }
        };
    }

    /**
     * Volatile (sequentially consistent) load.
     *
     * @param address of an aligned long.
     * @return the value.
     */
    public static long getVolatile(final long address)
    {
        return MEMORY.readVolatileLong(null, address);
    }

    /**
     * Plain load: no ordering, may be hoisted or torn by the compiler's view (never by the hardware for aligned longs).
     *
     * @param address of an aligned long.
     * @return the value.
     */
    public static long getPlain(final long address)
    {
        return MEMORY.readLong(null, address);
    }

    /**
     * Volatile (sequentially consistent) store.
     *
     * @param address of an aligned long.
     * @param value   to store.
     */
    public static void setVolatile(final long address, final long value)
    {
        MEMORY.writeVolatileLong(null, address, value);
    }

    /**
     * Release store (Chronicle's "ordered" write, the JDK's {@code setRelease}).
     *
     * @param address of an aligned long.
     * @param value   to store.
     */
    public static void setRelease(final long address, final long value)
    {
        MEMORY.writeOrderedLong(null, address, value);
    }

    /**
     * Plain store.
     *
     * @param address of an aligned long.
     * @param value   to store.
     */
    public static void setPlain(final long address, final long value)
    {
        MEMORY.writeLong(null, address, value);
    }

    /**
     * Strong, sequentially consistent compare-and-set.
     *
     * @param address  of an aligned long.
     * @param expected value.
     * @param update   value.
     * @return true if the value was {@code expected} and is now {@code update}.
     */
    public static boolean compareAndSet(final long address, final long expected, final long update)
    {
        return MEMORY.compareAndSwapLong(null, address, expected, update);
    }

    /**
     * Atomic fetch-and-add ({@code LOCK XADD} on x86).
     *
     * @param address of an aligned long.
     * @param delta   to add.
     * @return the previous value.
     */
    public static long getAndAdd(final long address, final long delta)
    {
        return MEMORY.addLong(null, address, delta) - delta;
    }

    /**
     * Atomic exchange ({@code XCHG} on x86). Chronicle has no long exchange, so this is its Unsafe directly.
     *
     * @param address of an aligned long.
     * @param value   to store.
     * @return the previous value.
     */
    public static long getAndSet(final long address, final long value)
    {
        return UnsafeMemory.UNSAFE.getAndSetLong(null, address, value);
    }

    /**
     * Orders loads before the fence before loads after it: what a seqlock reader needs between copying the data and
     * re-reading the version.
     */
    public static void loadFence()
    {
        MEMORY.loadFence();
    }

    /**
     * Plain copy from native memory into an array.
     *
     * @param address source.
     * @param into    destination array.
     * @param offset  first index written.
     * @param length  bytes.
     */
    public static void copyToArray(final long address, final byte[] into, final int offset, final int length)
    {
        // Unsafe's copy, which the JIT makes one vectorized stub call; Chronicle's copyMemory is a Java loop of
        // 16-byte steps that took twice as long for 64 bytes. In chunks, so that a time-to-safepoint stays short.
        for (int done = 0; done < length; done += COPY_CHUNK)
        {
            UnsafeMemory.UNSAFE.copyMemory(null, address + done, into, BYTE_ARRAY_BASE + offset + done, Math.min(COPY_CHUNK, length - done));
        }
    }

    /**
     * Plain copy from an array into native memory.
     *
     * @param from    source array.
     * @param offset  first index read.
     * @param address destination.
     * @param length  bytes.
     */
    public static void copyFromArray(final byte[] from, final int offset, final long address, final int length)
    {
        for (int done = 0; done < length; done += COPY_CHUNK)
        {
            UnsafeMemory.UNSAFE.copyMemory(from, BYTE_ARRAY_BASE + offset + done, null, address + done, Math.min(COPY_CHUNK, length - done));
        }
    }

    /**
     * Plain zeroing of bytes.
     *
     * @param address first byte.
     * @param length  bytes.
     */
    public static void zero(final long address, final long length)
    {
        MEMORY.setMemory(address, length, (byte)0);
    }

    /**
     * @param address of a byte.
     * @return the byte.
     */
    public static byte getByte(final long address)
    {
        return MEMORY.readByte(address);
    }

    /**
     * @param address of a byte.
     * @param value   to store.
     */
    public static void putByte(final long address, final byte value)
    {
        MEMORY.writeByte(address, value);
    }

    /**
     * @param address of an aligned int.
     * @return the int (plain load).
     */
    public static int getInt(final long address)
    {
        return MEMORY.readInt(address);
    }

    /**
     * @param address of an aligned int.
     * @param value   to store (plain store).
     */
    public static void putInt(final long address, final int value)
    {
        MEMORY.writeInt(address, value);
    }
}
