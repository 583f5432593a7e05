package io.sharedatomic.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

import io.sharedatomic.SharedRegion;

/**
 * A region attached read-only by path that follows the path, for the commands that keep reading ({@code inspect
 * --watch}, {@code serve}): a mapping stays on the file it mapped, so when a service deletes and recreates its region,
 * a plain attachment would go on showing the old file. Each {@link #current()} compares the file at the path with the
 * one mapped (device and inode) and attaches the new one when they differ.
 */
final class FollowedRegion implements AutoCloseable
{
    private final Path path;
    private SharedRegion region;
    private Object fileKey;

    FollowedRegion(final Path path)
    {
        this.path = path;
    }

    /**
     * @return the region at the path now, attached again if the file was replaced.
     * @throws CliException {@link ExitCodes#NOT_A_REGION} if the file is gone or is no region.
     */
    synchronized SharedRegion current()
    {
        final Object key = fileKey();
        if (region == null || !key.equals(fileKey))
        {
            invalidate();
            region = Regions.attach(path, true);
            // Read before attaching, so a file replaced in between is attached again at the next call, never missed.
            fileKey = key;
        }
        return region;
    }

    /**
     * Drops the mapping (after a failure to read it), so that the next {@link #current()} attaches afresh.
     */
    synchronized void invalidate()
    {
        if (region != null)
        {
            region.close();
            region = null;
        }
    }

    private Object fileKey()
    {
        try
        {
            final Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            return key != null ? key : path;
        }
        catch (final NoSuchFileException ex)
        {
            throw new CliException(ExitCodes.NOT_A_REGION, path + (region == null ? " does not exist" : " was deleted"));
        }
        catch (final IOException ex)
        {
            throw new CliException(ExitCodes.FAILED, "cannot read " + path + ": " + ex.getMessage());
        }
    }

    @Override
    public synchronized void close()
    {
        invalidate();
    }
}
