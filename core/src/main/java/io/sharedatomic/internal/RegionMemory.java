package io.sharedatomic.internal;

import java.lang.ref.Cleaner;

import io.sharedatomic.RegionFormatException;

/**
 * The memory of one open region: a base address, a length, and whether it may still be used.
 *
 * <p>Why {@link #close()} does not unmap: a thread that passed the open check may be between the check and its
 * atomic instruction when another thread closes, and unmapping then would crash the JVM (SIGSEGV). So closing only
 * flips the state, which every handle checks before each access, and the mapping is released by a {@link Cleaner}
 * once this object, and so every handle that refers to it, is unreachable. A racing access that slips past the check
 * touches memory that is still mapped and linearizes before the close.
 *
 * <p>Admin paths (registry, layout checks) read through the {@code checked*} methods, which validate every offset
 * against the length, so a corrupt file gives an exception, never a wild access.
 */
public final class RegionMemory
{
    private static final Cleaner CLEANER = Cleaner.create();
    private static final int WRITABLE = 0;
    private static final int READ_ONLY = 1;
    private static final int CLOSED = 2;

    private final long address;
    private final long length;
    private final String description;
    private volatile int state;

    /**
     * @param block       mapped or allocated memory, released when this object is unreachable.
     * @param length      usable bytes from the block's address.
     * @param readOnly    whether writes are refused.
     * @param description what the memory is, for exception messages (the file path or "in-memory region").
     */
    public RegionMemory(final NativeMemory.Block block, final long length, final boolean readOnly, final String description)
    {
        this.address = block.address();
        this.length = length;
        this.description = description;
        this.state = readOnly ? READ_ONLY : WRITABLE;
        CLEANER.register(this, block::release);
    }

    /**
     * @return base address.
     */
    public long address()
    {
        return address;
    }

    /**
     * @return length in bytes.
     */
    public long length()
    {
        return length;
    }

    /**
     * @return the file path or "in-memory region".
     */
    public String description()
    {
        return description;
    }

    /**
     * @return true once {@link #close()} was called.
     */
    public boolean isClosed()
    {
        return state == CLOSED;
    }

    /**
     * @return true if writes are refused because the region was attached read-only.
     */
    public boolean isReadOnly()
    {
        return state == READ_ONLY;
    }

    /**
     * Marks the memory closed; idempotent. Every later access through a handle throws {@link IllegalStateException}.
     */
    public void close()
    {
        state = CLOSED;
    }

    /**
     * Per-access check before a read: one volatile load.
     */
    public void checkReadable()
    {
        if (state == CLOSED)
        {
            throw closedException();
        }
    }

    /**
     * Per-access check before a write: one volatile load.
     */
    public void checkWritable()
    {
        if (state != WRITABLE)
        {
            throw state == CLOSED ? closedException() : readOnlyException();
        }
    }

    private IllegalStateException closedException()
    {
        return new IllegalStateException(description + " is closed: attach the region again to keep using its values");
    }

    private IllegalStateException readOnlyException()
    {
        return new IllegalStateException(description + " was attached read-only: attach it read-write to change values");
    }

    /**
     * Validates that {@code size} bytes at {@code offset} lie inside the region.
     *
     * @param offset from the base.
     * @param size   bytes.
     * @param what   what is being accessed, for the message.
     * @return absolute address.
     */
    public long checkedAddress(final long offset, final long size, final String what)
    {
        if (offset < 0 || size < 0 || offset > length - size)
        {
            throw new RegionFormatException(description + ": " + what + " at offset " + offset + " (" + size +
                " bytes) lies outside the region of " + length + " bytes");
        }
        return address + offset;
    }

    /**
     * @param offset aligned offset, validated.
     * @param what   field name for the message.
     * @return volatile load.
     */
    public long checkedGetVolatile(final long offset, final String what)
    {
        return NativeMemory.getVolatile(checkedAddress(checkAligned(offset, what), Long.BYTES, what));
    }

    /**
     * @param offset aligned offset, validated.
     * @param what   field name for the message.
     * @return plain int load.
     */
    public int checkedGetInt(final long offset, final String what)
    {
        return NativeMemory.getInt(checkedAddress(offset, Integer.BYTES, what));
    }

    /**
     * Copies bytes out of the region after validating the range.
     *
     * @param offset from the base.
     * @param into   destination array, filled completely.
     * @param what   field name for the message.
     */
    public void checkedRead(final long offset, final byte[] into, final String what)
    {
        final long from = checkedAddress(offset, into.length, what);
        for (int i = 0; i < into.length; i++)
        {
            into[i] = NativeMemory.getByte(from + i);
        }
    }

    private long checkAligned(final long offset, final String what)
    {
        if ((offset & 7) != 0)
        {
            throw new RegionFormatException(description + ": " + what + " at offset " + offset + " is not 8-byte aligned");
        }
        return offset;
    }
}
