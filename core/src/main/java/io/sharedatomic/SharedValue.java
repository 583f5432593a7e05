package io.sharedatomic;

import java.io.InvalidObjectException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.lang.ref.Reference;

import io.sharedatomic.internal.NativeMemory;
import io.sharedatomic.internal.RegionMemory;
import io.sharedatomic.internal.Words;

/**
 * What every handle on a 64-bit value has: its region, its name, and the validated address of its word, plus the
 * word-level accesses the typed handles build on. Each access loads the address from the handle, checks it against
 * {@link #CLOSED} (a compare of a register: the open check costs no load of its own), and is then one native
 * instruction on that address, followed by a reachability fence (no instruction): the handle, and so the mapping,
 * cannot be collected in the middle of it. Read-modify-writes go through {@link Words}; a compound one (a CAS loop)
 * checks once through {@link #writableAddress()} and then loops on the raw address.
 *
 * <p>Closing: {@link SharedRegion#close()} marks the region closed, then sets the address field of every handle it
 * returned to {@link #CLOSED} (a volatile store each). An access that loads the address after that store throws, in any
 * thread; an access that loaded it before goes on to completion on memory that is still mapped (the mapping outlives
 * every reachable handle), exactly as if it had run just before {@code close()}. So a racing close is seen by the
 * next access of each thread, and never as a crash or a torn value.
 *
 * <p>A handle serializes as its region's path and its name, and attaches again when read back, in any JVM.
 *
 * <p>Public so that a tool can hold a handle whose type it learns at run time ({@link SharedRegion#find}); sealed, and
 * its constructor package-private: every kind of value is one of the classes it permits.
 */
public abstract sealed class SharedValue implements Serializable
    permits AbstractSharedLong, SharedBoolean, SharedDouble, BytesValue, StringValue, SharedLongArray
{
    private static final long serialVersionUID = 1L;

    /** The address field of a handle whose region was closed: never a mapped address. */
    static final long CLOSED = 0;

    private final transient SharedRegion region;
    private final transient String name;
    private final transient RegionMemory memory;
    private final transient boolean writable;
    // Volatile: close() publishes CLOSED here; on x86 and ARM a volatile load is the plain load an access needs anyway.
    private transient volatile long address;

    SharedValue(final SharedRegion region, final String name, final long address)
    {
        this.region = region;
        this.name = name;
        this.memory = region.memory();
        this.writable = !memory.isReadOnly();
        this.address = address;
    }

    /**
     * The entry name, a field of this handle: no access to shared memory, so no ordering, and it works after the
     * region is closed.
     *
     * @return the entry name of this value.
     */
    public final String name()
    {
        return name;
    }

    /**
     * The region, a field of this handle: no access to shared memory, so no ordering, and it works after the region
     * is closed.
     *
     * @return the region that holds this value.
     */
    public final SharedRegion region()
    {
        return region;
    }

    abstract ValueType type();

    /**
     * The address of the word, a field of this handle (no memory access).
     *
     * @return the absolute address of the word, for layout tests; {@link #CLOSED} once the region was closed.
     */
    final long address()
    {
        return address;
    }

    /**
     * Called by the region's {@code close()} (and by a factory that lost a race with it): every later access throws.
     */
    final void markClosed()
    {
        address = CLOSED;
    }

    /**
     * The open check of a read.
     *
     * @return the word's address.
     * @throws IllegalStateException if the region is closed.
     */
    private long readableAddress()
    {
        final long word = address;
        if (word == CLOSED)
        {
            throw refused();
        }
        return word;
    }

    private IllegalStateException refused()
    {
        // The region builds the message: closed (close() marks the region before its handles), or else read-only.
        return memory.refusal();
    }

    /**
     * The region check of a compound operation, made once: checks that the region is open and writable and returns
     * the raw address of the word, for the caller to hold in a {@code final} local, pass to
     * {@link Words} (which checks nothing) and follow with {@code Reference.reachabilityFence(this)}.
     *
     * @return the word's address.
     */
    final long writableAddress()
    {
        return writableAddress(0);
    }

    /**
     * The region check of a compound operation on the word at {@code offset}, as {@link #writableAddress()}.
     *
     * @param offset of the word from this value's address, already validated by the caller.
     * @return the word's address.
     */
    final long writableAddress(final long offset)
    {
        final long word = address;
        if (word == CLOSED || !writable)
        {
            throw refused();
        }
        return word + offset;
    }

    final long loadVolatile()
    {
        return loadVolatile(0);
    }

    final long loadVolatile(final long offset)
    {
        final long word = NativeMemory.getVolatile(readableAddress() + offset);
        Reference.reachabilityFence(this);
        return word;
    }

    final long loadPlain()
    {
        return loadPlain(0);
    }

    final long loadPlain(final long offset)
    {
        final long word = NativeMemory.getPlain(readableAddress() + offset);
        Reference.reachabilityFence(this);
        return word;
    }

    final void storeVolatile(final long word)
    {
        storeVolatile(0, word);
    }

    final void storeVolatile(final long offset, final long word)
    {
        NativeMemory.setVolatile(writableAddress(offset), word);
        Reference.reachabilityFence(this);
    }

    final void storeRelease(final long word)
    {
        storeRelease(0, word);
    }

    final void storeRelease(final long offset, final long word)
    {
        NativeMemory.setRelease(writableAddress(offset), word);
        Reference.reachabilityFence(this);
    }

    final void storePlain(final long word)
    {
        storePlain(0, word);
    }

    final void storePlain(final long offset, final long word)
    {
        NativeMemory.setPlain(writableAddress(offset), word);
        Reference.reachabilityFence(this);
    }

    final boolean casWord(final long expected, final long update)
    {
        return casWord(0, expected, update);
    }

    final boolean casWord(final long offset, final long expected, final long update)
    {
        final boolean swapped = Words.compareAndSet(writableAddress(offset), expected, update);
        Reference.reachabilityFence(this);
        return swapped;
    }

    final long exchangeWord(final long word)
    {
        return exchangeWord(0, word);
    }

    final long exchangeWord(final long offset, final long word)
    {
        final long previous = Words.getAndSet(writableAddress(offset), word);
        Reference.reachabilityFence(this);
        return previous;
    }

    final long getAndAddWord(final long delta)
    {
        return getAndAddWord(0, delta);
    }

    final long getAndAddWord(final long offset, final long delta)
    {
        final long previous = Words.getAndAdd(writableAddress(offset), delta);
        Reference.reachabilityFence(this);
        return previous;
    }

    final long compareAndExchangeWord(final long expected, final long update)
    {
        return compareAndExchangeWord(0, expected, update);
    }

    /**
     * Compare-and-exchange on a word: one CAS when it succeeds.
     */
    final long compareAndExchangeWord(final long offset, final long expected, final long update)
    {
        final long witness = Words.compareAndExchange(writableAddress(offset), expected, update);
        Reference.reachabilityFence(this);
        return witness;
    }

    /**
     * The original's compare_and_set: on failure the current word is written into {@code expected} (a volatile
     * store), so the caller holds what it must compare against next time.
     */
    final boolean compareAndSetWriteBack(final SharedValue expected, final long update)
    {
        final long expectedWord = expected.loadVolatile();
        final long witness = compareAndExchangeWord(expectedWord, update);
        if (witness == expectedWord)
        {
            return true;
        }
        expected.storeVolatile(witness);
        return false;
    }

    /**
     * The original's shift: one atomic exchange on this value; reading {@code source} and writing
     * {@code previousOut} are separate volatile accesses.
     */
    final void shiftWords(final SharedValue source, final SharedValue previousOut)
    {
        previousOut.storeVolatile(exchangeWord(source.loadVolatile()));
    }

    final Object writeReplace() throws ObjectStreamException
    {
        final String path = region.path().map(p -> p.toAbsolutePath().toString()).orElseThrow(() -> new NotSerializableException(
            "'" + name + "' lives in an in-memory region, which no other JVM can attach; use a region file to share it"));
        return new SerializedValue(path, name, type());
    }

    private void readObject(final ObjectInputStream in) throws InvalidObjectException
    {
        throw new InvalidObjectException("shared values are deserialized through their serialized form only");
    }
}
