package io.sharedatomic.benchmarks;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Baseline for {@code SharedBitSet}: the same algorithm on the heap, over an {@link AtomicLongArray}. Bit i is bit
 * {@code i & 63} of word {@code i >>> 6}; updates read the word and CAS it, claims scan from a racy hint word that a
 * claim that fills a word moves past and a release moves back, as {@code SharedBitSet} does. Safe across threads.
 */
final class AtomicLongArrayBitSet
{
    private final AtomicLongArray words;
    private final long capacity;
    private final int wordCount;
    /** Racy scan start: a stale value only makes a claim scan further. */
    private int hint;

    AtomicLongArrayBitSet(final long capacity)
    {
        this.capacity = capacity;
        this.wordCount = (int)((capacity + 63) >>> 6);
        this.words = new AtomicLongArray(wordCount);
    }

    private int wordOf(final long index)
    {
        if (Long.compareUnsigned(index, capacity) >= 0)
        {
            throw new IndexOutOfBoundsException("bit " + index + " is outside 0.." + (capacity - 1));
        }
        return (int)(index >>> 6);
    }

    boolean add(final long index)
    {
        final int word = wordOf(index);
        final long mask = 1L << index;
        long current = words.get(word);
        while ((current & mask) == 0)
        {
            final long witness = words.compareAndExchange(word, current, current | mask);
            if (witness == current)
            {
                return true;
            }
            current = witness;
        }
        return false;
    }

    boolean remove(final long index)
    {
        final int word = wordOf(index);
        final long mask = 1L << index;
        long current = words.get(word);
        while ((current & mask) != 0)
        {
            final long witness = words.compareAndExchange(word, current, current & ~mask);
            if (witness == current)
            {
                return true;
            }
            current = witness;
        }
        return false;
    }

    boolean contains(final long index)
    {
        return (words.get(wordOf(index)) & (1L << index)) != 0;
    }

    /** Sets bits 0 .. toIndex - 1 (set-up only). */
    void setPrefix(final long toIndex)
    {
        for (long i = 0; i < toIndex; i++)
        {
            add(i);
        }
    }

    long claimFirstClear()
    {
        final int start = hint;
        int word = start;
        for (int scanned = 0; scanned < wordCount; scanned++)
        {
            final long usable = word == wordCount - 1 ? -1L >>> -capacity : -1L;
            long current = words.get(word);
            long free = ~current & usable;
            while (free != 0)
            {
                final long bit = free & -free;
                final long witness = words.compareAndExchange(word, current, current | bit);
                if (witness == current)
                {
                    hint = free == bit ? (word == wordCount - 1 ? 0 : word + 1) : word;
                    return ((long)word << 6) + Long.numberOfTrailingZeros(bit);
                }
                current = witness;
                free = ~current & usable;
            }
            word = word == wordCount - 1 ? 0 : word + 1;
        }
        return -1;
    }

    boolean release(final long index)
    {
        if (!remove(index))
        {
            return false;
        }
        final int word = (int)(index >>> 6);
        if (word < hint)
        {
            hint = word;
        }
        return true;
    }
}
