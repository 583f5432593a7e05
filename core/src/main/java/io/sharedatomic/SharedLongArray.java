package io.sharedatomic;

import java.lang.ref.Reference;

import io.sharedatomic.internal.Words;

/**
 * A fixed-length array of 64-bit words in a {@link SharedRegion}, each updated atomically: the shared-memory
 * {@link java.util.concurrent.atomic.AtomicLongArray}, and the primitive that bitmaps and other structures build on.
 *
 * <p><b>Safety and ordering:</b> the handle may be used by any thread; each word is safe across threads and processes
 * at the ordering each method names (volatile unless the name says otherwise; pair {@link #setRelease} with
 * {@link #getAcquire}). Operations on one word are atomic; nothing spans words.
 *
 * <p><b>Cost:</b> one native instruction per operation after an index check ({@code getAndAdd} is {@code LOCK XADD},
 * the bitwise operations are CAS loops, which skip the CAS when the word would not change: setting a bit that is
 * set is then a volatile read that writes nothing). Nothing allocates. An index outside {@code 0..length()-1}
 * throws {@link IndexOutOfBoundsException}.
 */
public final class SharedLongArray extends SharedValue
{
    private static final long serialVersionUID = 1L;

    private final transient int length;
    private final transient String format;

    SharedLongArray(final SharedRegion region, final String name, final long address, final int length, final String format)
    {
        super(region, name, address);
        this.length = length;
        this.format = format;
    }

    @Override
    ValueType type()
    {
        return ValueType.LONG_ARRAY;
    }

    /**
     * @return the number of words.
     */
    public int length()
    {
        return length;
    }

    /**
     * @return the format tag given at creation (empty if none): what the words mean to the structure that owns them.
     */
    public String format()
    {
        return format;
    }

    private long offset(final int index)
    {
        // One unsigned compare covers negative indexes too.
        if (Integer.compareUnsigned(index, length) >= 0)
        {
            throw new IndexOutOfBoundsException("index " + index + " is outside 0.." + (length - 1) + " of '" + name() + "'");
        }
        return (long)index << 3;
    }

    /**
     * Reads a word with volatile semantics.
     *
     * @param index word index.
     * @return the word (volatile read).
     */
    public long get(final int index)
    {
        return loadVolatile(offset(index));
    }

    /**
     * Reads a word with acquire semantics (implemented as a volatile read).
     *
     * @param index word index.
     * @return the word (acquire read, implemented as volatile).
     */
    public long getAcquire(final int index)
    {
        return loadVolatile(offset(index));
    }

    /**
     * Opaque read: pairs with {@link #setOpaque(int, long)}. Implemented as a volatile read, which is stronger.
     *
     * @param index word index.
     * @return the word.
     */
    public long getOpaque(final int index)
    {
        return loadVolatile(offset(index));
    }

    /**
     * Reads a word with no ordering (plain).
     *
     * @param index word index.
     * @return the word (plain read).
     */
    public long getPlain(final int index)
    {
        return loadPlain(offset(index));
    }

    /**
     * Writes a word with volatile semantics.
     *
     * @param index word index.
     * @param value the word (volatile write).
     */
    public void set(final int index, final long value)
    {
        storeVolatile(offset(index), value);
    }

    /**
     * Writes a word with release semantics.
     *
     * @param index word index.
     * @param value the word (release write).
     */
    public void setRelease(final int index, final long value)
    {
        storeRelease(offset(index), value);
    }

    /**
     * Opaque write: pairs with {@link #getOpaque(int)}. Implemented as a release write, which is stronger.
     *
     * @param index word index.
     * @param value the word.
     */
    public void setOpaque(final int index, final long value)
    {
        storeRelease(offset(index), value);
    }

    /**
     * Plain write: no ordering.
     *
     * @param index word index.
     * @param value the word.
     */
    public void setPlain(final int index, final long value)
    {
        storePlain(offset(index), value);
    }

    /**
     * Sequentially consistent (volatile).
     *
     * @param index    word index.
     * @param expected the word expected.
     * @param update   the new word.
     * @return true if successful.
     */
    public boolean compareAndSet(final int index, final long expected, final long update)
    {
        return casWord(offset(index), expected, update);
    }

    /**
     * Sequentially consistent (volatile).
     *
     * @param index    word index.
     * @param expected the word expected.
     * @param update   the new word.
     * @return the word before the operation.
     */
    public long compareAndExchange(final int index, final long expected, final long update)
    {
        return compareAndExchangeWord(offset(index), expected, update);
    }

    /**
     * Atomically exchanges a word (volatile: sequentially consistent).
     *
     * @param index word index.
     * @param value the new word.
     * @return the previous word.
     */
    public long getAndSet(final int index, final long value)
    {
        return exchangeWord(offset(index), value);
    }

    /**
     * Atomically adds to a word (volatile: sequentially consistent).
     *
     * @param index word index.
     * @param delta added.
     * @return the previous word.
     */
    public long getAndAdd(final int index, final long delta)
    {
        return getAndAddWord(offset(index), delta);
    }

    /**
     * Atomically adds to a word (volatile: sequentially consistent).
     *
     * @param index word index.
     * @param delta added.
     * @return the new word.
     */
    public long addAndGet(final int index, final long delta)
    {
        return getAndAddWord(offset(index), delta) + delta;
    }

    /**
     * Atomically ORs bits into a word (volatile: sequentially consistent; no write when they are all set already).
     *
     * @param index word index.
     * @param mask ORed in.
     * @return the previous word.
     */
    public long getAndOr(final int index, final long mask)
    {
        final long word = writableAddress(offset(index));
        final long previous = Words.getAndOr(word, mask);
        Reference.reachabilityFence(this);
        return previous;
    }

    /**
     * Atomically ANDs a word with a mask (volatile: sequentially consistent; no write when nothing changes).
     *
     * @param index word index.
     * @param mask ANDed in.
     * @return the previous word.
     */
    public long getAndAnd(final int index, final long mask)
    {
        final long word = writableAddress(offset(index));
        final long previous = Words.getAndAnd(word, mask);
        Reference.reachabilityFence(this);
        return previous;
    }

    /**
     * Atomically XORs bits into a word (volatile: sequentially consistent; no write when the mask is 0).
     *
     * @param index word index.
     * @param mask XORed in.
     * @return the previous word.
     */
    public long getAndXor(final int index, final long mask)
    {
        final long word = writableAddress(offset(index));
        final long previous = Words.getAndXor(word, mask);
        Reference.reachabilityFence(this);
        return previous;
    }

    /**
     * @return the first words, or "closed" once the region is closed.
     */
    @Override
    public String toString()
    {
        if (region().isClosed())
        {
            return "closed";
        }
        final StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < Math.min(length, 8); i++)
        {
            out.append(i == 0 ? "" : ", ").append("0x").append(Long.toHexString(get(i)));
        }
        return out.append(length > 8 ? ", ... " + length + " words]" : "]").toString();
    }
}
