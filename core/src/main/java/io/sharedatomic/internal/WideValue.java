package io.sharedatomic.internal;

import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

import io.sharedatomic.layout.WideValueDescriptor;

/**
 * Operations on one wide value; see {@link WideValueDescriptor} for the layout and why it is linearizable and
 * crash-safe. Readers are lock-free and never write; writers take a lock whose word holds the owning process's owner
 * token, and take it over only when that token's lease is gone (see
 * {@link io.sharedatomic.layout.LeaseDescriptor}). Reads into a caller's array and writes from one allocate nothing.
 */
public final class WideValue
{
    /** How long a writer waits on a held lock before it asks whether the holder is alive, and then again each time. */
    private static final long LIVENESS_CHECK_NANOS = 10_000_000L;
    /**
     * One acquisition by a live process of another JVM that lasts this long is not a writer copying bytes: that
     * process is stopped or the lock word is damaged. Waiting gives up with an exception rather than hang, and never
     * takes over a live owner.
     */
    private static final long STUCK_LOCK_NANOS = 30_000_000_000L;
    private static final long MAX_PARK_NANOS = 1_000_000L;

    private final RegionMemory memory;
    private final long versionAddress;
    private final long lockAddress;
    private final long acquisitionsAddress;
    private final LocalLock local;
    private final long buffersAddress;
    private final long bufferLength;
    private final int capacity;
    private final long stuckLockNanos;

    /**
     * @param memory   the region's memory.
     * @param address  validated, 64-byte aligned address of the value.
     * @param capacity most data bytes.
     */
    public WideValue(final RegionMemory memory, final long address, final int capacity)
    {
        this(memory, address, capacity, STUCK_LOCK_NANOS);
    }

    /**
     * @param memory         the region's memory.
     * @param address        validated, 64-byte aligned address of the value.
     * @param capacity       most data bytes.
     * @param stuckLockNanos how long one acquisition by another live process may last before a waiter gives up.
     */
    WideValue(final RegionMemory memory, final long address, final int capacity, final long stuckLockNanos)
    {
        this.stuckLockNanos = stuckLockNanos;
        this.memory = memory;
        this.versionAddress = address + WideValueDescriptor.VERSION_OFFSET;
        this.lockAddress = address + WideValueDescriptor.LOCK_OFFSET;
        this.acquisitionsAddress = address + WideValueDescriptor.LOCK_ACQUISITIONS_OFFSET;
        this.buffersAddress = address + WideValueDescriptor.BUFFERS_OFFSET;
        this.bufferLength = WideValueDescriptor.bufferLength(capacity);
        this.capacity = capacity;
        this.local = memory.localLock(lockAddress);
    }

    /**
     * Writes the initial value of a new, unpublished entry into buffer 0 (version 0 names it).
     *
     * @param address  value address.
     * @param capacity most data bytes.
     * @param initial  initial bytes, at most {@code capacity}.
     */
    public static void initialize(final long address, final int capacity, final byte[] initial)
    {
        final long buffer = address + WideValueDescriptor.BUFFERS_OFFSET;
        NativeMemory.copyFromArray(initial, 0, buffer + WideValueDescriptor.BUFFER_DATA_OFFSET, initial.length);
        NativeMemory.putInt(buffer + WideValueDescriptor.BUFFER_LENGTH_OFFSET, initial.length);
    }

    /**
     * @return most data bytes.
     */
    public int capacity()
    {
        return capacity;
    }

    private long buffer(final long version)
    {
        return buffersAddress + (version & 1) * bufferLength;
    }

    private int lengthIn(final long buffer)
    {
        return NativeMemory.getInt(buffer + WideValueDescriptor.BUFFER_LENGTH_OFFSET);
    }

    /**
     * Copies the current value into {@code into} from index 0.
     *
     * @param into destination; must hold the value.
     * @return the value's length.
     * @throws IllegalArgumentException if {@code into} is shorter than the value.
     */
    public int read(final byte[] into)
    {
        memory.checkReadable();
        try
        {
            return readInto(into);
        }
        finally
        {
            Reference.reachabilityFence(this);
        }
    }

    private int readInto(final byte[] into)
    {
        while (true)
        {
            final long version = NativeMemory.getVolatile(versionAddress);
            final long buffer = buffer(version);
            final int length = lengthIn(buffer);
            final boolean fits = length >= 0 && length <= capacity && length <= into.length;
            if (fits)
            {
                NativeMemory.copyToArray(buffer + WideValueDescriptor.BUFFER_DATA_OFFSET, into, 0, length);
            }
            // The copy counts only if no publication happened meanwhile: only then was its buffer left alone.
            NativeMemory.loadFence();
            if (NativeMemory.getVolatile(versionAddress) == version)
            {
                if (fits)
                {
                    return length;
                }
                if (length < 0 || length > capacity)
                {
                    throw new IllegalStateException(memory.description() + ": a wide value has a corrupt length " + length);
                }
                throw new IllegalArgumentException("the value has " + length + " bytes but the array holds " + into.length +
                    "; pass an array of capacity() bytes");
            }
        }
    }

    /**
     * @return a copy of the current value (allocates one array of its length, more only if writers keep racing).
     */
    public byte[] read()
    {
        memory.checkReadable();
        try
        {
            return readCopy();
        }
        finally
        {
            Reference.reachabilityFence(this);
        }
    }

    private byte[] readCopy()
    {
        while (true)
        {
            final long version = NativeMemory.getVolatile(versionAddress);
            final long buffer = buffer(version);
            final int length = lengthIn(buffer);
            final byte[] copy = new byte[length >= 0 && length <= capacity ? length : 0];
            NativeMemory.copyToArray(buffer + WideValueDescriptor.BUFFER_DATA_OFFSET, copy, 0, copy.length);
            NativeMemory.loadFence();
            if (NativeMemory.getVolatile(versionAddress) == version)
            {
                if (copy.length != length)
                {
                    throw new IllegalStateException(memory.description() + ": a wide value has a corrupt length " + length);
                }
                return copy;
            }
        }
    }

    /**
     * Publishes a new value.
     *
     * @param from   source array.
     * @param offset first byte.
     * @param length bytes, at most {@link #capacity()}.
     */
    public void write(final byte[] from, final int offset, final int length)
    {
        checkLength(from, offset, length);
        final long token = lock();
        try
        {
            publish(from, offset, length);
        }
        finally
        {
            unlock(token);
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Publishes a new value and returns the previous one.
     *
     * @param from   source array.
     * @param offset first byte.
     * @param length bytes.
     * @return the previous value.
     */
    public byte[] exchange(final byte[] from, final int offset, final int length)
    {
        checkLength(from, offset, length);
        final long token = lock();
        try
        {
            final byte[] previous = published();
            publish(from, offset, length);
            return previous;
        }
        finally
        {
            unlock(token);
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Publishes {@code update} if the current value equals {@code expected}, byte for byte and in length.
     *
     * @param expected the value expected.
     * @param update   the new value.
     * @return true if published.
     */
    public boolean compareAndWrite(final byte[] expected, final byte[] update)
    {
        checkLength(update, 0, update.length);
        final long token = lock();
        try
        {
            if (!publishedEquals(expected))
            {
                return false;
            }
            publish(update, 0, update.length);
            return true;
        }
        finally
        {
            unlock(token);
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Like {@link #compareAndWrite} but returns the witness.
     *
     * @param expected the value expected.
     * @param update   the new value.
     * @return the value before the operation; equal to {@code expected} if and only if it succeeded.
     */
    public byte[] compareAndExchange(final byte[] expected, final byte[] update)
    {
        checkLength(update, 0, update.length);
        final long token = lock();
        try
        {
            final byte[] witness = published();
            if (Arrays.equals(witness, expected))
            {
                publish(update, 0, update.length);
            }
            return witness;
        }
        finally
        {
            unlock(token);
            Reference.reachabilityFence(this);
        }
    }

    /**
     * The original's compare_and_set between two wide values: compares with {@code expected}'s value; on failure
     * writes the current value into {@code expected}.
     *
     * @param expected holds the value expected; receives the witness on failure.
     * @param update   the new value.
     * @return true if published.
     */
    public boolean compareAndSetWriteBack(final WideValue expected, final byte[] update)
    {
        final byte[] expectedValue = expected.read();
        final byte[] witness = compareAndExchange(expectedValue, update);
        if (Arrays.equals(witness, expectedValue))
        {
            return true;
        }
        expected.write(witness, 0, witness.length);
        return false;
    }

    /**
     * The original's store: publishes {@code source}'s current value.
     *
     * @param source the value to copy.
     */
    public void store(final WideValue source)
    {
        final byte[] value = source.read();
        write(value, 0, value.length);
    }

    /**
     * The original's shift: atomically takes {@code source}'s value and writes the previous one into
     * {@code previousOut}.
     *
     * @param source      the value this one takes.
     * @param previousOut receives this value's previous value.
     */
    public void shift(final WideValue source, final WideValue previousOut)
    {
        final byte[] value = source.read();
        final byte[] previous = exchange(value, 0, value.length);
        previousOut.write(previous, 0, previous.length);
    }

    /**
     * Applies {@code function} once, under the writer lock, and publishes its result.
     *
     * @param function maps the current value to the new one; must not call back into this value.
     * @return the previous and the new value.
     */
    public byte[][] update(final UnaryOperator<byte[]> function)
    {
        final long token = lock();
        try
        {
            final byte[] previous = published();
            final byte[] next = function.apply(previous.clone());
            checkLength(next, 0, next.length);
            publish(next, 0, next.length);
            return new byte[][]{previous, next};
        }
        finally
        {
            unlock(token);
            Reference.reachabilityFence(this);
        }
    }

    private void checkLength(final byte[] from, final int offset, final int length)
    {
        if (offset < 0 || length < 0 || offset > from.length - length)
        {
            throw new IndexOutOfBoundsException("offset " + offset + " and length " + length + " do not fit an array of " + from.length);
        }
        if (length > capacity)
        {
            throw new IllegalArgumentException("a value of " + length + " bytes does not fit the capacity of " + capacity +
                " bytes; create the value with a larger capacity");
        }
    }

    /** Under the lock nobody else publishes, so the published buffer can be read directly. */
    private byte[] published()
    {
        final long buffer = buffer(NativeMemory.getVolatile(versionAddress));
        final int length = lengthIn(buffer);
        if (length < 0 || length > capacity)
        {
            throw new IllegalStateException(memory.description() + ": a wide value has a corrupt length " + length);
        }
        final byte[] copy = new byte[length];
        NativeMemory.copyToArray(buffer + WideValueDescriptor.BUFFER_DATA_OFFSET, copy, 0, length);
        return copy;
    }

    private boolean publishedEquals(final byte[] expected)
    {
        final long buffer = buffer(NativeMemory.getVolatile(versionAddress));
        if (lengthIn(buffer) != expected.length)
        {
            return false;
        }
        final long data = buffer + WideValueDescriptor.BUFFER_DATA_OFFSET;
        for (int i = 0; i < expected.length; i++)
        {
            if (NativeMemory.getByte(data + i) != expected[i])
            {
                return false;
            }
        }
        return true;
    }

    private void publish(final byte[] from, final int offset, final int length)
    {
        final long version = NativeMemory.getVolatile(versionAddress);
        final long next = version + 1;
        // Write the unpublished buffer only: readers may be copying the published one.
        final long buffer = buffer(next);
        NativeMemory.copyFromArray(from, offset, buffer + WideValueDescriptor.BUFFER_DATA_OFFSET, length);
        NativeMemory.putInt(buffer + WideValueDescriptor.BUFFER_LENGTH_OFFSET, length);
        // The linearization point. A release store is enough: the buffer is visible to whoever sees the new version,
        // and the unlock CAS that always follows is a full fence, so the write is visible to all before write()
        // returns; a volatile store here would add a second fence for nothing.
        NativeMemory.setRelease(versionAddress, next);
    }

    /**
     * Takes the writer lock: the lock word decides between processes (it holds the owner token), this JVM's
     * {@link LocalLock} between its threads (they share the token).
     *
     * @return the token, for {@link #unlock(long)}.
     */
    private long lock()
    {
        // Checks that the view is open and writable, then one load of the lease.
        final long token = memory.ownerToken();
        if (NativeMemory.compareAndSet(lockAddress, 0, token) && local.claim())
        {
            acquired(token);
        }
        else
        {
            lockSlowly(token);
        }
        return token;
    }

    private void lockSlowly(final long token)
    {
        // Interrupts do not stop a writer (its operations have no InterruptedException), but a pending one would
        // make every park return at once: clear it while waiting and restore it after.
        boolean interrupted = Thread.interrupted();
        try
        {
            long nextCheck = System.nanoTime() + LIVENESS_CHECK_NANOS;
            long heldBy = 0;
            long heldAcquisitions = -1;
            long heldSince = 0;
            long unclaimedAcquisitions = -1;
            for (int spins = 0; ; spins++)
            {
                final long owner = NativeMemory.getVolatile(lockAddress);
                final long acquisitions = NativeMemory.getVolatile(acquisitionsAddress);
                final long now = System.nanoTime();
                final boolean check = now - nextCheck >= 0;
                if (check)
                {
                    nextCheck = now + LIVENESS_CHECK_NANOS;
                }
                if (owner == 0)
                {
                    if (NativeMemory.compareAndSet(lockAddress, 0, token) && local.claim())
                    {
                        acquired(token);
                        return;
                    }
                    continue;
                }
                if (owner == token)
                {
                    // Our token: a thread of this JVM holds it and finishes its copy, and is simply waited for. Unless
                    // no thread here claims it, unchanged over a whole check: then it was left by a process that had
                    // our token before (a file restored from a copy while in use), and is ours to take.
                    if (check && !local.isHeld())
                    {
                        if (acquisitions == unclaimedAcquisitions && local.claim())
                        {
                            acquired(token);
                            return;
                        }
                        unclaimedAcquisitions = acquisitions;
                    }
                    else if (check)
                    {
                        unclaimedAcquisitions = -1;
                    }
                }
                else
                {
                    if (owner != heldBy || acquisitions != heldAcquisitions)
                    {
                        heldBy = owner;
                        heldAcquisitions = acquisitions;
                        heldSince = now;
                    }
                    else if (now - heldSince > stuckLockNanos)
                    {
                        throw new IllegalStateException(memory.description() + ": the writer lock of a wide value has been held by " +
                            "the live owner token " + owner + " of another process, without a break, for " + stuckLockNanos / 1_000_000L +
                            " ms; that process is stopped (a signal or debugger) or the lock word is damaged: resume it, or restore " +
                            "the region");
                    }
                    // A writer killed with kill -9 leaves its token here for good: take the lock over once its lease is gone.
                    if (check && !memory.isOwnerAlive(owner) && NativeMemory.compareAndSet(lockAddress, owner, token) && local.claim())
                    {
                        acquired(token);
                        return;
                    }
                }
                memory.checkWritable();
                if (spins < 100)
                {
                    Thread.onSpinWait();
                }
                else if (spins < 200)
                {
                    Thread.yield();
                }
                else
                {
                    // From 20 us up to 1 ms: a lock is normally held for microseconds, a long wait should cost no CPU.
                    LockSupport.parkNanos(Math.min(MAX_PARK_NANOS, 20_000L << Math.min(6, (spins - 200) >> 4)));
                    interrupted |= Thread.interrupted();
                }
            }
        }
        finally
        {
            if (interrupted)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Counts the acquisition, then looks at the view again. The claim of the local lock before this look, and the
     * close's store of the view's state before its look at the local locks (RegionFiles.release), are both
     * sequentially consistent, so either this look sees the close, or the close sees this writer and keeps the lease
     * until it lets go: the lease is never given up under a writer.
     */
    private void acquired(final long token)
    {
        NativeMemory.setRelease(acquisitionsAddress, NativeMemory.getPlain(acquisitionsAddress) + 1);
        if (memory.isClosed())
        {
            unlock(token);
            memory.checkWritable();
        }
    }

    private void unlock(final long token)
    {
        // The local claim first, then the word: a word naming our token with no claim is then only ever a thread
        // between its two steps or a token left from before. A CAS, not a store, so that we never free a lock that
        // was (wrongly) taken over from us.
        local.release();
        NativeMemory.compareAndSet(lockAddress, token, 0);
        memory.unlocked();
    }
}
