package io.sharedatomic.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@link BitmapDescriptor} against literal numbers and tags: what bitmaps and id pools already wrote to files, so a
 * change of the descriptor that the collections would follow consistently still fails here.
 */
class BitmapDescriptorTest
{
    @Test
    void shouldCountWordsPaddingAndHintOfABitmap()
    {
        // {capacity, bit words, hint index, array length}
        final long[][] cases = {
            {1, 1, 8, 9},
            {63, 1, 8, 9},
            {64, 1, 8, 9},
            {65, 2, 9, 10},
            {200, 4, 11, 12},
            {1000, 16, 23, 24},
            {1L << 31, 1 << 25, (1 << 25) + 7, (1 << 25) + 8}};
        for (final long[] c : cases)
        {
            final String what = "capacity " + c[0];
            assertEquals(c[1], BitmapDescriptor.wordsFor(c[0]), what);
            assertEquals(c[2], BitmapDescriptor.hintIndex(c[0]), what);
            assertEquals(c[3], BitmapDescriptor.arrayLength(c[0]), what);
        }
        assertEquals(7, BitmapDescriptor.PADDING_WORDS);
        assertEquals(8, BitmapDescriptor.TRAILER_WORDS);
    }

    @Test
    void shouldFitTheLargestBitmapAndOwnerTableInTheLargestArray()
    {
        final int maxArrayLength = 1 << 28;
        assertEquals(64L * ((1 << 28) - 8), BitmapDescriptor.maxBitCapacity(maxArrayLength));
        assertEquals(maxArrayLength, BitmapDescriptor.arrayLength(BitmapDescriptor.maxBitCapacity(maxArrayLength)));
        assertEquals((1 << 28) - 8, BitmapDescriptor.maxIdCapacity(maxArrayLength));
        assertEquals(maxArrayLength, BitmapDescriptor.ownersArrayLength(BitmapDescriptor.maxIdCapacity(maxArrayLength)));
    }

    @Test
    void shouldMaskTheBitsOfTheLastWordBelowTheCapacity()
    {
        assertEquals(1L, BitmapDescriptor.lastWordMask(1));
        assertEquals(0x7FFF_FFFF_FFFF_FFFFL, BitmapDescriptor.lastWordMask(63));
        assertEquals(-1L, BitmapDescriptor.lastWordMask(64));
        assertEquals(1L, BitmapDescriptor.lastWordMask(65));
        assertEquals(0xFFL, BitmapDescriptor.lastWordMask(200));
        assertEquals(-1L, BitmapDescriptor.lastWordMask(1L << 31));
    }

    @Test
    void shouldMapAnIndexToItsWordAndBit()
    {
        assertEquals(0, BitmapDescriptor.wordOf(0));
        assertEquals(1L, BitmapDescriptor.maskOf(0));
        assertEquals(0, BitmapDescriptor.wordOf(63));
        assertEquals(1L << 63, BitmapDescriptor.maskOf(63));
        assertEquals(1, BitmapDescriptor.wordOf(64));
        assertEquals(1L, BitmapDescriptor.maskOf(64));
        assertEquals(3, BitmapDescriptor.wordOf(199));
        assertEquals(1L << 7, BitmapDescriptor.maskOf(199));
        assertEquals((1 << 25) - 1, BitmapDescriptor.wordOf((1L << 31) - 1));
        for (final long index : new long[]{0, 1, 63, 64, 199, (1L << 31) - 1})
        {
            final int word = BitmapDescriptor.wordOf(index);
            assertEquals(index, BitmapDescriptor.firstBitOf(word) + Long.numberOfTrailingZeros(BitmapDescriptor.maskOf(index)));
        }
        assertEquals(192L, BitmapDescriptor.firstBitOf(3));
        assertEquals(1L << 31, BitmapDescriptor.firstBitOf(1 << 25));
    }

    @Test
    void shouldWriteAndReadTheBitmapFormatTag()
    {
        assertEquals("bitset:200", BitmapDescriptor.formatOf(200));
        assertEquals("bitset:1", BitmapDescriptor.formatOf(1));
        for (final long capacity : new long[]{1, 63, 64, 200, 1L << 31, 64L * ((1 << 28) - 8)})
        {
            assertEquals(capacity, BitmapDescriptor.bitCapacityOf(BitmapDescriptor.formatOf(capacity)));
        }
        assertEquals(200, BitmapDescriptor.bitCapacityOf("bitset:200"));
    }

    @Test
    void shouldReadEveryOtherFormatAsNotABitmap()
    {
        for (final String format : new String[]{"", "bitset:", "bitset", "bitset:0", "bitset:-5", "bitset:+5", "bitset:05",
            "bitset: 5", "bitset:5 ", "bitset:5x", "bitset:99999999999999999999", "BITSET:5", "mybitset:5", "idpool:5", "UTF-8"})
        {
            assertEquals(-1, BitmapDescriptor.bitCapacityOf(format), format);
        }
    }

    @Test
    void shouldNameAndTagTheOwnerTableOfAnIdPool()
    {
        assertEquals("pids.owners", BitmapDescriptor.ownersNameOf("pids"));
        assertEquals("idpool:5", BitmapDescriptor.ownersFormatOf(5));
        // One owner word per id, 7 padding words, the hint.
        assertEquals(12, BitmapDescriptor.ownersHintIndex(5));
        assertEquals(13, BitmapDescriptor.ownersArrayLength(5));
        assertEquals(7, BitmapDescriptor.ownersHintIndex(0));
    }
}
