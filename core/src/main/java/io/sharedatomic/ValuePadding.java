package io.sharedatomic;

/**
 * How values are placed in a region's data area.
 */
public enum ValuePadding
{
    /** Values 8-byte aligned, next to each other: dense, but values on one cache line contend when written. */
    PACKED(8),
    /** Each value alone on its own 64-byte cache line(s): no false sharing between values; the default. */
    CACHE_LINE(64);

    private final int alignment;

    ValuePadding(final int alignment)
    {
        this.alignment = alignment;
    }

    /**
     * @return the alignment in bytes.
     */
    public int alignment()
    {
        return alignment;
    }

    static ValuePadding ofAlignment(final int alignment)
    {
        return alignment == CACHE_LINE.alignment ? CACHE_LINE : PACKED;
    }
}
