package io.sharedatomic;

/**
 * A name exists in the region with another type or size than the one asked for. The message names both.
 */
public final class IncompatibleEntryException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message the name, what it is, and what was asked for.
     */
    public IncompatibleEntryException(final String message)
    {
        super(message);
    }
}
