package io.sharedatomic.collections;

import java.util.BitSet;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.PrimitiveIterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.LongStream;
import java.util.stream.StreamSupport;

import io.sharedatomic.IncompatibleEntryException;
import io.sharedatomic.RegionEntry;
import io.sharedatomic.SharedLongArray;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.StructureEntries;
import io.sharedatomic.ValueType;
import io.sharedatomic.layout.BitmapDescriptor;

/**
 * A fixed-capacity bitmap in a {@link SharedRegion}, updated with one atomic operation on a 64-bit word per bit: for id
 * and slot allocation ({@link #claimFirstClear()}, {@link #release(long)}), subscription masks and instrument sets.
 *
 * <p><b>Safety:</b> the handle is immutable and may be used by any thread; the bits are safe across threads and
 * processes, with per-bit operations and claims linearizable and scans weakly consistent, as listed below.
 *
 * <p><b>Layout:</b> one {@link SharedLongArray} entry named like the set, with the format tag
 * {@code "bitset:" + capacity}, so attaching with another capacity fails with {@link IncompatibleEntryException}:
 * {@code ceil(capacity / 64)} bit words, padding, and a hint word where {@link #claimFirstClear()} starts, as
 * {@link BitmapDescriptor} draws it.
 *
 * <p><b>Linearizable</b> (each is one atomic operation, or a CAS loop that ends with one, on the bit's word, at
 * volatile ordering): {@link #add}, {@link #remove}, {@link #contains}, {@link #get}, {@link #set(long)},
 * {@link #set(long, boolean)}, {@link #clear(long)}, {@link #flip}, {@link #getAndSet}, {@link #compareAndSet},
 * {@link #release}, and a successful {@link #claimFirstClear()} or {@link #claimFirstClear(long)}. A claim's -1 means
 * every word it scanned was full when read; it is exact (the set was full) unless bits were cleared during the scan.
 * Because every update is a volatile CAS or store, writes made before {@code release(i)} are visible to the thread or
 * process whose claim returns {@code i}.
 *
 * <p><b>Weakly consistent scans</b> (each word is read atomically, but words are read at different moments, so a
 * result may mix states that never existed together): {@link #nextSetBit}, {@link #nextClearBit},
 * {@link #previousSetBit}, {@link #cardinality}, {@link #isEmpty}, {@link #iterator}, {@link #stream},
 * {@link #snapshot} and {@link #toString}. The range updates {@link #set(long, long)}, {@link #clear(long, long)} and
 * {@link #clearAll} are atomic per word only.
 *
 * <p><b>Cost:</b> a per-bit operation is an index check (one unsigned compare, here and again in
 * {@link SharedLongArray}), the region's open check, and one atomic access to the word: a volatile load for reads; a
 * volatile load and one {@code LOCK CMPXCHG} for an uncontended update, where {@code add}, {@code set}, {@code remove},
 * {@code clear} and {@code release} skip the CAS when the bit already has its new value. Nothing on a per-bit path
 * allocates. A claim reads the hint and usually finds a clear bit in the hint word with one load and one CAS; a claim
 * that finds nothing, or runs on a set whose hint is stale, reads one word per 64 bits. Every access to the bits
 * throws {@link IllegalStateException} once the region is closed.
 *
 * <pre>{@code
 * SharedBitSet slots = SharedBitSet.of(region, "slots", 4096);
 * long slot = slots.claimFirstClear();   // -1 when all 4096 are taken
 * ...
 * slots.release(slot);
 * }</pre>
 */
public final class SharedBitSet
{
    /** Largest capacity: the bit words, the padding and the hint fill the largest {@link SharedLongArray}. */
    public static final long MAX_CAPACITY = BitmapDescriptor.maxBitCapacity(SharedRegion.MAX_ARRAY_LENGTH);

    /** Flag bit in a private claim result: the claim took the last clear bit of its word. */
    private static final long FILLED = 1L << 62;

    private final SharedLongArray words;
    private final String name;
    private final long capacity;
    private final int wordCount;
    private final int lastWord;
    private final long lastWordMask;
    private final int hintIndex;

    private SharedBitSet(final SharedLongArray words, final String name, final long capacity)
    {
        this.words = words;
        this.name = name;
        this.capacity = capacity;
        this.wordCount = BitmapDescriptor.wordsFor(capacity);
        this.lastWord = wordCount - 1;
        this.lastWordMask = BitmapDescriptor.lastWordMask(capacity);
        this.hintIndex = BitmapDescriptor.hintIndex(capacity);
    }

    /**
     * Returns the bit set of this name in {@code region}, creating it with every bit clear if absent. Every process
     * that opens the name with the same capacity shares the same bits.
     *
     * @param region      the region that holds it.
     * @param name        the entry name.
     * @param bitCapacity number of bits, 1 .. {@link #MAX_CAPACITY}; indexes are 0 .. bitCapacity - 1.
     * @return the bit set.
     * @throws IllegalArgumentException    if the capacity is out of range or the name is not valid in the region.
     * @throws IncompatibleEntryException  if the name exists with another type or another capacity.
     * @throws io.sharedatomic.layout.RegionFullException if the region has no room for it.
     */
    public static SharedBitSet of(final SharedRegion region, final String name, final long bitCapacity)
    {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(name, "name");
        if (bitCapacity < 1 || bitCapacity > MAX_CAPACITY)
        {
            throw new IllegalArgumentException("bit capacity " + bitCapacity + " is outside 1.." + MAX_CAPACITY);
        }
        final int length = BitmapDescriptor.arrayLength(bitCapacity);
        return new SharedBitSet(StructureEntries.words(region, name, length, BitmapDescriptor.formatOf(bitCapacity)), name, bitCapacity);
    }

    /**
     * The bit set an entry of a listing ({@link SharedRegion#entries()}) holds, for tools that show what a region
     * holds: a long array whose format tag says it is a bit set.
     *
     * @param region the region the entry was listed from.
     * @param entry  the entry.
     * @return the bit set, or empty if the entry is something else.
     */
    public static Optional<SharedBitSet> existing(final SharedRegion region, final RegionEntry entry)
    {
        final long capacity = entry.type() == ValueType.LONG_ARRAY ? BitmapDescriptor.bitCapacityOf(entry.format()) : -1;
        return capacity > 0 ? Optional.of(of(region, entry.name(), capacity)) : Optional.empty();
    }

    /**
     * @return the number of bits; indexes are 0 .. capacity() - 1.
     */
    public long capacity()
    {
        return capacity;
    }

    /**
     * @return the entry name.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return the region that holds the bits.
     */
    public SharedRegion region()
    {
        return words.region();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Per-bit operations: one atomic operation on the word that holds the bit.
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Sets bit {@code index}, like {@link java.util.Set#add}. Linearizable.
     *
     * @param index the bit.
     * @return true if the bit was clear (it was added), false if it was already set.
     * @throws IndexOutOfBoundsException if {@code index} is outside 0 .. capacity - 1.
     */
    public boolean add(final long index)
    {
        final long mask = BitmapDescriptor.maskOf(index);
        return (words.getAndOr(wordOf(index), mask) & mask) == 0;
    }

    /**
     * Clears bit {@code index}, like {@link java.util.Set#remove}. Linearizable.
     *
     * @param index the bit.
     * @return true if the bit was set (it was removed).
     * @throws IndexOutOfBoundsException if {@code index} is outside 0 .. capacity - 1.
     */
    public boolean remove(final long index)
    {
        final long mask = BitmapDescriptor.maskOf(index);
        return (words.getAndAnd(wordOf(index), ~mask) & mask) != 0;
    }

    /**
     * Reads bit {@code index} (volatile read). Linearizable.
     *
     * @param index the bit.
     * @return true if the bit is set.
     * @throws IndexOutOfBoundsException if {@code index} is outside 0 .. capacity - 1.
     */
    public boolean contains(final long index)
    {
        return (words.get(wordOf(index)) & BitmapDescriptor.maskOf(index)) != 0;
    }

    /**
     * Same as {@link #contains(long)}, under {@link java.util.BitSet}'s name.
     *
     * @param index the bit.
     * @return true if the bit is set.
     * @throws IndexOutOfBoundsException if {@code index} is outside 0 .. capacity - 1.
     */
    public boolean get(final long index)
    {
        return contains(index);
    }

    /**
     * Sets bit {@code index}. Linearizable.
     *
     * @param index the bit.
     * @throws IndexOutOfBoundsException if {@code index} is outside 0 .. capacity - 1.
     */
    public void set(final long index)
    {
        words.getAndOr(wordOf(index), BitmapDescriptor.maskOf(index));
    }

    /**
     * Sets bit {@code index} to {@code value}. Linearizable.
     *
     * @param index the bit.
     * @param value true to set it, false to clear it.
     * @throws IndexOutOfBoundsException if {@code index} is outside 0 .. capacity - 1.
     */
    public void set(final long index, final boolean value)
    {
        if (value)
        {
            set(index);
        }
        else
        {
            clear(index);
        }
    }

    /**
     * Clears bit {@code index}. Linearizable.
     *
     * @param index the bit.
     * @throws IndexOutOfBoundsException if {@code index} is outside 0 .. capacity - 1.
     */
    public void clear(final long index)
    {
        words.getAndAnd(wordOf(index), ~BitmapDescriptor.maskOf(index));
    }

    /**
     * Inverts bit {@code index}. Linearizable.
     *
     * @param index the bit.
     * @return the new value of the bit.
     * @throws IndexOutOfBoundsException if {@code index} is outside 0 .. capacity - 1.
     */
    public boolean flip(final long index)
    {
        final long mask = BitmapDescriptor.maskOf(index);
        return (words.getAndXor(wordOf(index), mask) & mask) == 0;
    }

    /**
     * Sets bit {@code index} to {@code value}. Linearizable.
     *
     * @param index the bit.
     * @param value the new value.
     * @return the previous value.
     * @throws IndexOutOfBoundsException if {@code index} is outside 0 .. capacity - 1.
     */
    public boolean getAndSet(final long index, final boolean value)
    {
        return value ? !add(index) : remove(index);
    }

    /**
     * Sets bit {@code index} to {@code update} if it is {@code expected}. Linearizable. Changes to other bits of the
     * same word never make it fail: only the bit itself decides.
     *
     * @param index    the bit.
     * @param expected the value the bit must have.
     * @param update   the new value.
     * @return true if the bit had the expected value (and now has {@code update}).
     * @throws IndexOutOfBoundsException if {@code index} is outside 0 .. capacity - 1.
     */
    public boolean compareAndSet(final long index, final boolean expected, final boolean update)
    {
        final int word = wordOf(index);
        final long mask = BitmapDescriptor.maskOf(index);
        final SharedLongArray words = this.words;
        long current = words.get(word);
        while (true)
        {
            if (((current & mask) != 0) != expected)
            {
                return false;
            }
            // expected == update still CASes the unchanged word, as AtomicLong does: a write that a read-only
            // attachment must refuse, and a linearization point on the word.
            final long next = update ? current | mask : current & ~mask;
            final long witness = words.compareAndExchange(word, current, next);
            if (witness == current)
            {
                return true;
            }
            // Another bit of the word changed under us: retry on the fresh word, whose own bit decides again.
            current = witness;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Claims.
    //
    // A claim finds a word with a clear bit (~word != 0), picks its lowest clear bit and CASes the whole word from
    // the value it read to that value plus the bit. The CAS is what hands the bit out: if another claimant took the
    // bit, or any other bit of the word changed, the word no longer equals what we read and the CAS fails, so no bit
    // is ever given to two claimants, in any thread or process. A failed CAS re-reads the same word (the witness it
    // returns) instead of moving on, since the word usually still has clear bits. The hint word only decides where
    // the whole-set search starts, so that a mostly-full set is not rescanned from word 0 each time; it is read and
    // written racily, and correctness never depends on it.
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Atomically finds a clear bit anywhere in the set and sets it. The search starts at the hint word and wraps
     * around, so the result is not always the lowest clear bit; it is the lowest as long as bits are cleared only
     * through {@link #release(long)} or {@link #clearAll()} and no other claim or release runs at the same time. A
     * successful claim is linearizable, and no bit is given to two claimants across threads and processes.
     *
     * @return the claimed bit, or -1 if every word was full when read (see the class comment).
     */
    public long claimFirstClear()
    {
        final int wordCount = this.wordCount;
        final int lastWord = this.lastWord;
        final int start = readHint();
        int word = start;
        for (int scanned = 0; scanned < wordCount; scanned++)
        {
            final long claim = claimInWord(word, -1L);
            if (claim >= 0)
            {
                // A word this claim filled is of no use to the next claimant: point the hint past it.
                final int hint = (claim & FILLED) == 0 ? word : word == lastWord ? 0 : word + 1;
                if (hint != start)
                {
                    // Release is enough: a stale hint only costs a longer scan.
                    words.setRelease(hintIndex, hint);
                }
                return claim & ~FILLED;
            }
            word = word == lastWord ? 0 : word + 1;
        }
        return -1;
    }

    /**
     * Atomically finds the lowest clear bit at or after {@code fromIndex} and sets it (the lowest when the scan read
     * its word; bits cleared behind the scan are not revisited). Linearizable when it succeeds; no bit is given to two
     * claimants. It neither reads nor moves the hint.
     *
     * @param fromIndex the first bit to consider.
     * @return the claimed bit, or -1 if every bit from {@code fromIndex} on was set when read, or
     *     {@code fromIndex >= capacity}.
     * @throws IndexOutOfBoundsException if {@code fromIndex} is negative.
     */
    public long claimFirstClear(final long fromIndex)
    {
        checkFrom(fromIndex);
        if (fromIndex >= capacity)
        {
            return -1;
        }
        final int wordCount = this.wordCount;
        // -1L << fromIndex drops the bits below fromIndex in its own word (the shift uses the low six bits only).
        long fromMask = -1L << fromIndex;
        for (int word = BitmapDescriptor.wordOf(fromIndex); word < wordCount; word++)
        {
            final long claim = claimInWord(word, fromMask);
            if (claim >= 0)
            {
                return claim & ~FILLED;
            }
            fromMask = -1L;
        }
        return -1;
    }

    /**
     * Clears bit {@code index}, as {@link #remove(long)}, and lowers the hint to its word so that the next
     * {@link #claimFirstClear()} finds it quickly. The clear is linearizable; the hint update is a racy heuristic
     * that correctness never depends on.
     *
     * @param index the bit to give back.
     * @return true if the bit was set.
     * @throws IndexOutOfBoundsException if {@code index} is outside 0 .. capacity - 1.
     */
    public boolean release(final long index)
    {
        if (!remove(index))
        {
            return false;
        }
        final int word = BitmapDescriptor.wordOf(index);
        if (word < readHint())
        {
            // A race with a claim that moves the hint up may lose this; the bit is then found after the wrap.
            words.setRelease(hintIndex, word);
        }
        return true;
    }

    /**
     * Claims the lowest clear bit of {@code word} within {@code allowed}: returns its index, plus {@code FILLED} if it
     * was the word's last clear bit, or -1 if the word has none.
     */
    private long claimInWord(final int word, final long allowed)
    {
        final SharedLongArray words = this.words;
        final long usable = word == lastWord ? allowed & lastWordMask : allowed;
        long current = words.get(word);
        while (true)
        {
            final long free = ~current & usable;
            if (free == 0)
            {
                return -1;
            }
            final long bit = free & -free;
            final long witness = words.compareAndExchange(word, current, current | bit);
            if (witness == current)
            {
                return BitmapDescriptor.firstBitOf(word) + Long.numberOfTrailingZeros(bit) + (free == bit ? FILLED : 0);
            }
            // Another claimant or writer changed this word first: look again at what it left, not at another word.
            current = witness;
        }
    }

    private int readHint()
    {
        final long hint = words.getAcquire(hintIndex);
        // The hint is shared memory any process can write: never trust it as an index.
        return Long.compareUnsigned(hint, wordCount) < 0 ? (int)hint : 0;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Scans: weakly consistent, one atomic read per word.
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Weakly consistent scan.
     *
     * @param fromIndex the first bit to consider; may be capacity or more.
     * @return the lowest set bit at or after {@code fromIndex}, or -1 if none.
     * @throws IndexOutOfBoundsException if {@code fromIndex} is negative.
     */
    public long nextSetBit(final long fromIndex)
    {
        checkFrom(fromIndex);
        if (fromIndex >= capacity)
        {
            return -1;
        }
        final int wordCount = this.wordCount;
        int word = BitmapDescriptor.wordOf(fromIndex);
        long bits = bitsOf(word) & (-1L << fromIndex);
        while (bits == 0)
        {
            if (++word == wordCount)
            {
                return -1;
            }
            bits = bitsOf(word);
        }
        return BitmapDescriptor.firstBitOf(word) + Long.numberOfTrailingZeros(bits);
    }

    /**
     * Weakly consistent scan. Unlike {@link java.util.BitSet#nextClearBit}, it never returns an index at or past
     * capacity.
     *
     * @param fromIndex the first bit to consider; may be capacity or more.
     * @return the lowest clear bit at or after {@code fromIndex}, or -1 if none below capacity.
     * @throws IndexOutOfBoundsException if {@code fromIndex} is negative.
     */
    public long nextClearBit(final long fromIndex)
    {
        checkFrom(fromIndex);
        if (fromIndex >= capacity)
        {
            return -1;
        }
        final int wordCount = this.wordCount;
        int word = BitmapDescriptor.wordOf(fromIndex);
        long free = clearBitsOf(word) & (-1L << fromIndex);
        while (free == 0)
        {
            if (++word == wordCount)
            {
                return -1;
            }
            free = clearBitsOf(word);
        }
        return BitmapDescriptor.firstBitOf(word) + Long.numberOfTrailingZeros(free);
    }

    /**
     * Weakly consistent scan, downwards.
     *
     * @param fromIndex the last bit to consider; -1 gives -1, and capacity or more starts at the last bit.
     * @return the highest set bit at or before {@code fromIndex}, or -1 if none.
     * @throws IndexOutOfBoundsException if {@code fromIndex} is less than -1.
     */
    public long previousSetBit(final long fromIndex)
    {
        if (fromIndex < -1)
        {
            throw new IndexOutOfBoundsException("fromIndex " + fromIndex + " is less than -1");
        }
        if (fromIndex == -1)
        {
            return -1;
        }
        final long from = Math.min(fromIndex, capacity - 1);
        int word = BitmapDescriptor.wordOf(from);
        // -1L >>> -(from + 1) keeps bits 0 .. from of the word.
        long bits = bitsOf(word) & (-1L >>> -(from + 1));
        while (bits == 0)
        {
            if (word-- == 0)
            {
                return -1;
            }
            bits = bitsOf(word);
        }
        return BitmapDescriptor.firstBitOf(word) + 63 - Long.numberOfLeadingZeros(bits);
    }

    /**
     * Weakly consistent scan.
     *
     * @return the number of set bits.
     */
    public long cardinality()
    {
        final int wordCount = this.wordCount;
        long count = 0;
        for (int word = 0; word < wordCount; word++)
        {
            count += Long.bitCount(bitsOf(word));
        }
        return count;
    }

    /**
     * Weakly consistent scan.
     *
     * @return true if no bit is set.
     */
    public boolean isEmpty()
    {
        return nextSetBit(0) < 0;
    }

    /**
     * Weakly consistent iteration over the set bits in ascending order: each index returned was set when its word was
     * read. {@code remove()} clears the last bit returned.
     *
     * @return an iterator over the set bits.
     */
    public PrimitiveIterator.OfLong iterator()
    {
        return new PrimitiveIterator.OfLong()
        {
            private long next = nextSetBit(0);
            private long last = -1;

            @Override
            public boolean hasNext()
            {
                return next >= 0;
            }

            @Override
            public long nextLong()
            {
                if (next < 0)
                {
                    throw new NoSuchElementException();
                }
                last = next;
                next = nextSetBit(last + 1);
                return last;
            }

            @Override
            public void remove()
            {
                if (last < 0)
                {
                    throw new IllegalStateException("next() has not returned a bit since the last remove()");
                }
                SharedBitSet.this.remove(last);
                last = -1;
            }
        };
    }

    /**
     * Weakly consistent, lazy stream of the set bits in ascending order, as {@link #iterator()}.
     *
     * @return the set bits.
     */
    public LongStream stream()
    {
        final int characteristics = Spliterator.ORDERED | Spliterator.SORTED | Spliterator.DISTINCT | Spliterator.NONNULL;
        return StreamSupport.longStream(Spliterators.spliteratorUnknownSize(iterator(), characteristics), false);
    }

    /**
     * Copies the bits into a new {@link BitSet}: a weakly consistent scan, each word copied atomically.
     *
     * @return the copy.
     * @throws UnsupportedOperationException if the capacity is more than {@link Integer#MAX_VALUE}.
     */
    public BitSet snapshot()
    {
        if (capacity > Integer.MAX_VALUE)
        {
            throw new UnsupportedOperationException("a java.util.BitSet cannot hold " + capacity + " bits of '" + name + "'");
        }
        final long[] copy = new long[wordCount];
        for (int word = 0; word < copy.length; word++)
        {
            copy[word] = bitsOf(word);
        }
        return BitSet.valueOf(copy);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Range updates: atomic per word only.
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Sets bits {@code fromIndex} .. {@code toIndex - 1}, each word atomically (one atomic OR on each partial word,
     * one store on each whole word); concurrent updates to bits outside the range are never lost.
     *
     * @param fromIndex first bit, inclusive.
     * @param toIndex   last bit, exclusive.
     * @throws IndexOutOfBoundsException unless {@code 0 <= fromIndex <= toIndex <= capacity}.
     */
    public void set(final long fromIndex, final long toIndex)
    {
        updateRange(fromIndex, toIndex, true);
    }

    /**
     * Clears bits {@code fromIndex} .. {@code toIndex - 1}, each word atomically (one atomic AND on each partial word,
     * one store on each whole word); concurrent updates to bits outside the range are never lost.
     *
     * @param fromIndex first bit, inclusive.
     * @param toIndex   last bit, exclusive.
     * @throws IndexOutOfBoundsException unless {@code 0 <= fromIndex <= toIndex <= capacity}.
     */
    public void clear(final long fromIndex, final long toIndex)
    {
        updateRange(fromIndex, toIndex, false);
    }

    /**
     * Clears every bit, word by word (atomic per word only), and resets the hint.
     */
    public void clearAll()
    {
        final SharedLongArray words = this.words;
        final int wordCount = this.wordCount;
        for (int word = 0; word < wordCount; word++)
        {
            words.set(word, 0L);
        }
        words.setRelease(hintIndex, 0L);
    }

    private void updateRange(final long fromIndex, final long toIndex, final boolean value)
    {
        if (fromIndex < 0 || fromIndex > toIndex || toIndex > capacity)
        {
            throw new IndexOutOfBoundsException("range " + fromIndex + ".." + toIndex + " is outside 0.." + capacity + " of '" + name + "'");
        }
        if (fromIndex == toIndex)
        {
            return;
        }
        final SharedLongArray words = this.words;
        final int firstWord = BitmapDescriptor.wordOf(fromIndex);
        final int endWord = BitmapDescriptor.wordOf(toIndex - 1);
        final long firstMask = -1L << fromIndex;
        final long endMask = -1L >>> -toIndex;
        for (int word = firstWord; word <= endWord; word++)
        {
            final long mask = (word == firstWord ? firstMask : -1L) & (word == endWord ? endMask : -1L);
            if (mask == -1L)
            {
                // The whole word is in the range: a store cannot lose a concurrent change to a bit outside it.
                words.set(word, value ? -1L : 0L);
            }
            else if (value)
            {
                words.getAndOr(word, mask);
            }
            else
            {
                words.getAndAnd(word, ~mask);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers.
    // ---------------------------------------------------------------------------------------------------------------

    private int wordOf(final long index)
    {
        // One unsigned compare covers negative indexes too.
        if (Long.compareUnsigned(index, capacity) >= 0)
        {
            throw outOfRange(index);
        }
        return BitmapDescriptor.wordOf(index);
    }

    private IndexOutOfBoundsException outOfRange(final long index)
    {
        return new IndexOutOfBoundsException("bit " + index + " is outside 0.." + (capacity - 1) + " of '" + name + "'");
    }

    private static void checkFrom(final long fromIndex)
    {
        if (fromIndex < 0)
        {
            throw new IndexOutOfBoundsException("fromIndex " + fromIndex + " is negative");
        }
    }

    /** The word's bits below capacity: bits past it are never set by this class, but another writer could. */
    private long bitsOf(final int word)
    {
        final long bits = words.get(word);
        return word == lastWord ? bits & lastWordMask : bits;
    }

    private long clearBitsOf(final int word)
    {
        final long free = ~words.get(word);
        return word == lastWord ? free & lastWordMask : free;
    }

    /**
     * @return the name, cardinality and capacity (not the bits), or "closed" once the region is closed.
     */
    @Override
    public String toString()
    {
        if (words.region().isClosed())
        {
            return "SharedBitSet[" + name + ", closed]";
        }
        return "SharedBitSet[" + name + ", cardinality=" + cardinality() + ", capacity=" + capacity + "]";
    }
}
