package io.sharedatomic.layout;

/**
 * A region has no room for a new entry: its directory or its data area is full. Regions never grow (a mapping that
 * changed size under another process could crash it), so the remedy is a region created with a larger
 * {@link io.sharedatomic.RegionSpec}.
 */
public final class RegionFullException extends IllegalStateException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is full, in which file, and what to do.
     */
    public RegionFullException(final String message)
    {
        super(message);
    }
}
