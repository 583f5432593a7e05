package io.sharedatomic;

import java.math.BigInteger;

/**
 * An unsigned 64-bit atomic value in a {@link SharedRegion}: the original's atomic_uint. The API takes and returns
 * the 64 bits as a {@code long}; read them as unsigned with {@link Long#toUnsignedString(long)},
 * {@link Long#compareUnsigned(long, long)} and {@link #getAsBigInteger()}, or create the value from a
 * {@link BigInteger} or a decimal string, which reject anything outside 0..2^64-1. Arithmetic wraps at 64 bits:
 * {@code 0 - 1} is 18446744073709551615.
 *
 * <p>Safety, ordering and cost are those of {@link SharedLong}.
 */
public final class SharedULong extends AbstractSharedLong<SharedULong>
{
    private static final long serialVersionUID = 1L;
    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    SharedULong(final SharedRegion region, final String name, final long address)
    {
        super(region, name, address);
    }

    @Override
    ValueType type()
    {
        return ValueType.ULONG;
    }

    /**
     * @return the current value (volatile read) as a non-negative {@link BigInteger}.
     */
    public BigInteger getAsBigInteger()
    {
        final long bits = get();
        final BigInteger value = BigInteger.valueOf(bits);
        return bits >= 0 ? value : value.add(TWO_TO_64);
    }

    /**
     * @return the current value as an unsigned decimal, or "closed" once the region is closed.
     */
    /**
     * The value as a double, rounded to the nearest (as gauges and exporters need it): exact below 2^53.
     *
     * @return the unsigned value as a double.
     */
    public double getAsDouble()
    {
        final long bits = get();
        if (bits >= 0)
        {
            return bits;
        }
        // Halve (keeping the lowest bit, so that rounding stays right), convert, double again.
        return (double)((bits >>> 1) | (bits & 1)) * 2.0;
    }

    @Override
    public String toString()
    {
        return region().isClosed() ? "closed" : Long.toUnsignedString(get());
    }
}
