package io.sharedatomic.layout;

/**
 * A file is a shared-atomic region of a layout version this library does not read, typically one created by a newer
 * release.
 */
public final class UnsupportedLayoutException extends RegionFormatException
{
    private static final long serialVersionUID = 1L;

    private final int fileVersion;
    private final int supportedVersion;

    /**
     * @param message          what is wrong and with which file.
     * @param fileVersion      layout version found in the file.
     * @param supportedVersion layout version this library reads.
     */
    public UnsupportedLayoutException(final String message, final int fileVersion, final int supportedVersion)
    {
        super(message);
        this.fileVersion = fileVersion;
        this.supportedVersion = supportedVersion;
    }

    /**
     * @return layout version found in the file.
     */
    public int fileVersion()
    {
        return fileVersion;
    }

    /**
     * @return layout version this library reads.
     */
    public int supportedVersion()
    {
        return supportedVersion;
    }
}
