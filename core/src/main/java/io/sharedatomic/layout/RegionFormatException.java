package io.sharedatomic.layout;

/**
 * A file is not a usable shared-atomic region: foreign, truncated, corrupt or never completely written. The message
 * names the file and what is wrong with it. Nothing was mapped beyond what validation needed, and nothing was written.
 */
public class RegionFormatException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong and with which file.
     */
    public RegionFormatException(final String message)
    {
        super(message);
    }
}
