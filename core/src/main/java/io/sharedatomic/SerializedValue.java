package io.sharedatomic;

import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serialized form of a handle: the region file's path, the entry name and its type. Reading it back attaches the
 * region (once per JVM and path, shared by every handle deserialized from it) and looks the name up.
 */
final class SerializedValue implements Serializable
{
    private static final long serialVersionUID = 1L;
    private static final Map<String, SharedRegion> ATTACHED = new ConcurrentHashMap<>();

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
            final SharedRegion region = ATTACHED.compute(path, (key, current) ->
                current != null && !current.isClosed() ? current : SharedRegion.attach(Path.of(key)));
            return region.existing(name, type);
        }
        catch (final UncheckedIOException | RegionFormatException | IllegalStateException ex)
        {
            final InvalidObjectException invalid = new InvalidObjectException("cannot attach '" + name + "' in " + path + ": " +
                ex.getMessage());
            invalid.initCause(ex);
            throw invalid;
        }
    }
}
