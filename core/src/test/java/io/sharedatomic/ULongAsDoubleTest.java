package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;

import org.junit.jupiter.api.Test;

/**
 * {@link SharedULong#getAsDouble()} is the unsigned value rounded to the nearest double, as {@code BigInteger} rounds it.
 */
class ULongAsDoubleTest
{
    @Test
    void shouldRoundTheUnsignedValueToTheNearestDouble()
    {
        try (SharedRegion region = SharedRegion.inMemory())
        {
            final SharedULong value = region.sharedULong("u");
            for (final long bits : new long[]{0, 1, 7, Long.MAX_VALUE, Long.MIN_VALUE, -1, -2, 0x8000_0000_0000_0401L, 0x8000_0000_0000_0C01L,
                0xFFFF_FFFF_FFFF_F800L, 0xFFFF_FFFF_FFFF_FBFFL, 0xFFFF_FFFF_FFFF_FC00L})
            {
                value.set(bits);
                assertEquals(new BigInteger(Long.toUnsignedString(bits)).doubleValue(), value.getAsDouble(), Long.toUnsignedString(bits));
            }
        }
    }
}
