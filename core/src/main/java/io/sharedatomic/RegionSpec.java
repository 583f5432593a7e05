package io.sharedatomic;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

import io.sharedatomic.layout.RegionDescriptor;

/**
 * Immutable shape of a region to create: how many named entries it can hold, how many bytes of data, how values are
 * padded, and the permissions of a new file. It applies only when {@link SharedRegion#open(java.nio.file.Path,
 * RegionSpec)} creates the file; attaching uses what the file says.
 *
 * <pre>{@code
 * RegionSpec spec = RegionSpec.defaults().withEntryCapacity(4096).withPadding(ValuePadding.PACKED);
 * }</pre>
 */
public final class RegionSpec
{
    /** Most named entries a region can have. */
    public static final int MAX_ENTRY_CAPACITY = 1 << 24;
    /** Largest data area, bounded by the layout's 32 GiB region limit. */
    public static final long MAX_DATA_CAPACITY = (1L << 35) - (1L << 28);

    private static final RegionSpec DEFAULTS =
        new RegionSpec(1024, 1 << 20, ValuePadding.CACHE_LINE, PosixFilePermissions.fromString("rw-------"));

    private final int entryCapacity;
    private final long dataCapacity;
    private final ValuePadding padding;
    private final Set<PosixFilePermission> filePermissions;

    private RegionSpec(final int entryCapacity, final long dataCapacity, final ValuePadding padding,
        final Set<PosixFilePermission> filePermissions)
    {
        if (entryCapacity < 1 || entryCapacity > MAX_ENTRY_CAPACITY)
        {
            throw new IllegalArgumentException("entryCapacity " + entryCapacity + " is outside 1.." + MAX_ENTRY_CAPACITY);
        }
        if (dataCapacity < 64 || dataCapacity > MAX_DATA_CAPACITY)
        {
            throw new IllegalArgumentException("dataCapacity " + dataCapacity + " is outside 64.." + MAX_DATA_CAPACITY);
        }
        Objects.requireNonNull(padding, "padding");
        // The same rule attach applies to a file's header; page rounding cannot cross the limit, a multiple of any page.
        final RegionDescriptor.Shape shape = RegionDescriptor.Shape.of(entryCapacity, dataCapacity, padding.alignment(), 1);
        final String problem = RegionDescriptor.shapeProblem(shape);
        if (problem != null)
        {
            throw new IllegalArgumentException("entryCapacity " + entryCapacity + " with dataCapacity " + dataCapacity +
                " gives a region of " +
                shape.regionLength() + " bytes, above the limit of " + RegionDescriptor.MAX_REGION_LENGTH + " bytes (32 GiB) that " +
                "every region file must keep (" + problem + "); lower one of them");
        }
        this.entryCapacity = entryCapacity;
        this.dataCapacity = dataCapacity;
        this.padding = padding;
        this.filePermissions = Set.copyOf(Objects.requireNonNull(filePermissions, "filePermissions"));
    }

    /**
     * @return 1024 entries, 1 MiB of data, {@link ValuePadding#CACHE_LINE}, file mode 0600.
     */
    public static RegionSpec defaults()
    {
        return DEFAULTS;
    }

    /**
     * @param entryCapacity most named entries (the directory gets twice as many slots, so lookups stay short).
     * @return a spec with that capacity.
     */
    public RegionSpec withEntryCapacity(final int entryCapacity)
    {
        return new RegionSpec(entryCapacity, dataCapacity, padding, filePermissions);
    }

    /**
     * @param dataCapacity bytes for entry records and values (with {@link ValuePadding#CACHE_LINE} a numeric value
     *                     takes 64 to 128 bytes with its record, depending on the name's length).
     * @return a spec with that capacity.
     */
    public RegionSpec withDataCapacity(final long dataCapacity)
    {
        return new RegionSpec(entryCapacity, dataCapacity, padding, filePermissions);
    }

    /**
     * @param padding how values are placed.
     * @return a spec with that padding.
     */
    public RegionSpec withPadding(final ValuePadding padding)
    {
        return new RegionSpec(entryCapacity, dataCapacity, padding, filePermissions);
    }

    /**
     * @param filePermissions POSIX permissions of a new file, applied exactly (not masked by the umask); ignored on
     *                        file systems without POSIX permissions.
     * @return a spec with those permissions.
     */
    public RegionSpec withFilePermissions(final Set<PosixFilePermission> filePermissions)
    {
        return new RegionSpec(entryCapacity, dataCapacity, padding, filePermissions);
    }

    /**
     * @return most named entries.
     */
    public int entryCapacity()
    {
        return entryCapacity;
    }

    /**
     * @return bytes for entry records and values.
     */
    public long dataCapacity()
    {
        return dataCapacity;
    }

    /**
     * @return how values are placed.
     */
    public ValuePadding padding()
    {
        return padding;
    }

    /**
     * @return permissions of a new file.
     */
    public Set<PosixFilePermission> filePermissions()
    {
        return filePermissions;
    }

    @Override
    public String toString()
    {
        return "RegionSpec[entryCapacity=" + entryCapacity + ", dataCapacity=" + dataCapacity + ", padding=" + padding +
            ", filePermissions=" + PosixFilePermissions.toString(filePermissions) + "]";
    }
}
