package io.sharedatomic.internal;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;

import io.sharedatomic.layout.RegionDescriptor;
import io.sharedatomic.layout.RegionFormatException;

/**
 * One view of a region's memory (one {@code SharedRegion} object): a base address, a length, whether it may still
 * be used, and who owns what in it.
 *
 * <p>Why {@link #close()} does not unmap: a thread that passed the open check may be between the check and its
 * atomic instruction when another thread closes, and unmapping then would crash the JVM (SIGSEGV). So closing only
 * flips this view's state, which every handle checks before each access, and gives back the view's hold on the file
 * (its descriptors and lease end with the last view, once no thread of this JVM is inside a write). The mapping
 * itself is shared by every view of the file in this JVM and unmapped by a {@link Cleaner} once no view or handle
 * can reach it; every access is followed by a {@link Reference#reachabilityFence} so that "unreachable" can never
 * happen in the middle of one. A racing access that slips past the check touches memory that is still mapped and
 * linearizes before the close.
 *
 * <p>Admin paths (registry, layout checks) read through the {@code checked*} methods, which validate every offset
 * against the length, so a corrupt file gives an exception, never a wild access.
 */
public final class RegionMemory
{
    private static final int WRITABLE = 0;
    private static final int READ_ONLY = 1;
    private static final int CLOSED = 2;

    private final long address;
    private final long length;
    private final RegionDescriptor.Shape shape;
    private final String description;
    /** What keeps the memory mapped (or allocated) while this view is reachable. */
    private final Object mapping;
    private final Owners owners;
    /** Gives back this view's hold on the file: run once, by {@link #close()} or by the Cleaner. */
    private final Cleaner.Cleanable release;
    private volatile int state;

    /**
     * @param address     base address of the mapping.
     * @param shape       the region's shape, validated from its header before mapping, or written by us.
     * @param readOnly    whether writes are refused.
     * @param description what the memory is, for exception messages (the file path or "in-memory region").
     * @param mapping     the object whose reachability keeps the memory mapped.
     * @param owners      who owns what in the region.
     * @param onRelease   run once when this view is closed or becomes unreachable; must not refer to the view.
     */
    RegionMemory(final long address, final RegionDescriptor.Shape shape, final boolean readOnly, final String description,
        final Object mapping, final Owners owners, final Runnable onRelease)
    {
        this.address = address;
        this.length = shape.regionLength();
        this.shape = shape;
        this.description = description;
        this.mapping = mapping;
        this.owners = owners;
        this.state = readOnly ? READ_ONLY : WRITABLE;
        this.release = RegionFiles.CLEANER.register(this, onRelease);
    }

    /**
     * Allocates a process-local region's memory with its header written, freed once no view or handle of it can be
     * reached.
     *
     * @param shape the region's shape.
     * @return the view.
     */
    public static RegionMemory allocate(final RegionDescriptor.Shape shape)
    {
        final NativeMemory.Block block = NativeMemory.allocate(shape.regionLength());
        writeHeader(block.address(), shape);
        final Object allocation = new Object();
        RegionFiles.CLEANER.register(allocation, block::release);
        return new RegionMemory(block.address(), shape, false, "in-memory region", allocation, Owners.processLocal(), () -> { });
    }

    /**
     * @return the region's shape, as validated when it was attached.
     */
    public RegionDescriptor.Shape shape()
    {
        return shape;
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
     * Marks this view closed; idempotent; never waits. Every later access through its handles throws
     * {@link IllegalStateException}; other views of the same file stay open. When the last view of a file is closed,
     * this process's lease is given up and the file's descriptors closed: at once, or when the last thread of this
     * JVM that is inside a write to one of the file's wide values lets go of its lock.
     */
    public void close()
    {
        state = CLOSED;
        release.clean();
    }

    /**
     * This process's owner token in the region, taking a lease on first use.
     *
     * @return the token.
     * @throws IllegalStateException if this view is closed or read-only.
     */
    public long ownerToken()
    {
        checkWritable();
        final long token = owners.token(address);
        Reference.reachabilityFence(this);
        return token;
    }

    /**
     * @param token a token read from an ownership word.
     * @return false only if no live process holds it.
     */
    public boolean isOwnerAlive(final long token)
    {
        return owners.isAlive(token);
    }

    /**
     * The one {@link LocalLock} of a lock word in this JVM; see {@link Owners#localLock}.
     *
     * @param wordAddress address of the word in this view.
     * @return its local lock.
     */
    public LocalLock localLock(final long wordAddress)
    {
        return owners.localLock(address, wordAddress);
    }

    /**
     * Called after a thread released a lock word; see {@link Owners#unlocked()}.
     */
    public void unlocked()
    {
        owners.unlocked();
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

    /**
     * The exception an access this view refuses throws: closed, or else read-only. For handles that keep their own
     * open and writable marks and so never ask {@link #checkWritable()} on the fast path.
     *
     * @return the exception, to throw.
     */
    public IllegalStateException refusal()
    {
        return state == CLOSED ? closedException() : readOnlyException();
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
        final long value = NativeMemory.getVolatile(checkedAddress(checkAligned(offset, what), Long.BYTES, what));
        Reference.reachabilityFence(this);
        return value;
    }

    /**
     * @param offset aligned offset, validated.
     * @param what   field name for the message.
     * @return plain int load.
     */
    public int checkedGetInt(final long offset, final String what)
    {
        final int value = NativeMemory.getInt(checkedAddress(offset, Integer.BYTES, what));
        Reference.reachabilityFence(this);
        return value;
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
        Reference.reachabilityFence(this);
    }

    private long checkAligned(final long offset, final String what)
    {
        if ((offset & 7) != 0)
        {
            throw new RegionFormatException(description + ": " + what + " at offset " + offset + " is not 8-byte aligned");
        }
        return offset;
    }

    /**
     * Writes a new header into zeroed memory; the state word is release-stored last.
     *
     * @param address base address of the region.
     * @param shape   the region's shape.
     */
    public static void writeHeader(final long address, final RegionDescriptor.Shape shape)
    {
        NativeMemory.setPlain(address + RegionDescriptor.MAGIC_OFFSET, RegionDescriptor.MAGIC);
        NativeMemory.putInt(address + RegionDescriptor.LAYOUT_VERSION_OFFSET, RegionDescriptor.LAYOUT_VERSION);
        NativeMemory.putInt(address + RegionDescriptor.BYTE_ORDER_OFFSET, RegionDescriptor.BYTE_ORDER_MARK);
        NativeMemory.setPlain(address + RegionDescriptor.REGION_LENGTH_OFFSET, shape.regionLength());
        NativeMemory.setPlain(address + RegionDescriptor.DIRECTORY_OFFSET_OFFSET, shape.directoryOffset());
        NativeMemory.putInt(address + RegionDescriptor.DIRECTORY_CAPACITY_OFFSET, shape.directoryCapacity());
        NativeMemory.putInt(address + RegionDescriptor.VALUE_ALIGNMENT_OFFSET, shape.valueAlignment());
        NativeMemory.setPlain(address + RegionDescriptor.DATA_OFFSET_OFFSET, shape.dataOffset());
        NativeMemory.setPlain(address + RegionDescriptor.ENTRY_CAPACITY_OFFSET, shape.entryCapacity());
        NativeMemory.setPlain(address + RegionDescriptor.ALLOCATION_CURSOR_OFFSET, shape.dataOffset());
        // Release: whoever acquires READY sees every field above.
        NativeMemory.setRelease(address + RegionDescriptor.STATE_OFFSET, RegionDescriptor.STATE_READY);
    }
}
