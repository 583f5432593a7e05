package io.sharedatomic;

import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import io.sharedatomic.layout.RegionFormatException;

/**
 * Serialized form of a handle: the region file's path, the entry name and its type. Reading it back attaches the
 * file that is at the path at that moment, as a {@link SharedRegion} of the handle's own: closing it closes no other
 * handle's region, and it is released like any region that is never closed, once unreachable. Attaching a file
 * this JVM already has open reuses its mapping, so this costs a {@code stat} and a lookup.
 */
final class SerializedValue implements Serializable
{
    private static final long serialVersionUID = 1L;

    private final String path;
    private final String name;
    private final ValueType type;

    SerializedValue(final String path, final String name, final ValueType type)
    {
        this.path = path;
        this.name = name;
        this.type = type;
    }

    private Object readResolve() throws ObjectStreamException
    {
        try
        {
            final SharedRegion region = SharedRegion.attach(Path.of(path));
            try
            {
                return region.existing(name, type);
            }
            catch (final RuntimeException ex)
            {
                region.close();
                throw ex;
            }
        }
        catch (final UncheckedIOException | RegionFormatException | IllegalStateException | IncompatibleEntryException ex)
        {
            final InvalidObjectException invalid = new InvalidObjectException("cannot attach '" + name + "' in " + path + ": " +
                ex.getMessage());
            invalid.initCause(ex);
            throw invalid;
        }
    }
}
