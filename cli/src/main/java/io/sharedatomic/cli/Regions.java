package io.sharedatomic.cli;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.sharedatomic.RegionEntry;
import io.sharedatomic.SharedBoolean;
import io.sharedatomic.SharedDouble;
import io.sharedatomic.SharedLong;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.SharedULong;
import io.sharedatomic.SharedValue;
import io.sharedatomic.collections.SharedBitSet;
import io.sharedatomic.layout.RegionFormatException;

/**
 * Opening a region for a command, with the exit status each failure maps to, and reading its entries as the commands
 * show them.
 */
final class Regions
{
    private Regions()
    {
    }

    /**
     * Attaches an existing region file; never creates one.
     *
     * @param path     the file.
     * @param readOnly attach read-only (inspect, get, serve) or read-write (set).
     * @return the region, the caller's to close.
     * @throws CliException {@link ExitCodes#NOT_A_REGION} if the path is missing, not a file or not a region;
     *                      {@link ExitCodes#FAILED} if it cannot be read or written.
     */
    static SharedRegion attach(final Path path, final boolean readOnly)
    {
        if (!Files.exists(path))
        {
            throw new CliException(ExitCodes.NOT_A_REGION, path + " does not exist");
        }
        if (!Files.isRegularFile(path))
        {
            throw new CliException(ExitCodes.NOT_A_REGION, path + " is not a file");
        }
        try
        {
            return readOnly ? SharedRegion.attachReadOnly(path) : SharedRegion.attach(path);
        }
        catch (final RegionFormatException ex)
        {
            throw new CliException(ExitCodes.NOT_A_REGION, ex.getMessage());
        }
        catch (final UncheckedIOException ex)
        {
            final String why = ex.getCause() instanceof AccessDeniedException ? "permission denied" : ex.getMessage();
            throw new CliException(ExitCodes.FAILED, "cannot open " + path + (readOnly ? " to read" : " to write") + ": " + why);
        }
    }

    /**
     * @return the entry, as the region holds it now.
     * @throws CliException {@link ExitCodes#NO_SUCH_ENTRY} if there is none of that name.
     */
    static RegionEntry entry(final SharedRegion region, final Path path, final String name)
    {
        try
        {
            return region.entry(name).orElseThrow(() -> noSuchEntry(path, name));
        }
        catch (final IllegalArgumentException ex)
        {
            // An invalid name (empty, too long, not UTF-8 encodable) cannot exist in any region.
            throw new CliException(ExitCodes.NO_SUCH_ENTRY, "no entry '" + name + "' in " + path + ": " + ex.getMessage());
        }
    }

    static CliException noSuchEntry(final Path path, final String name)
    {
        return new CliException(ExitCodes.NO_SUCH_ENTRY, "no entry '" + name + "' in " + path + " (inspect lists its entries)");
    }

    /**
     * One entry as the commands show it.
     *
     * @param name   entry name.
     * @param type   its type, or "BITSET".
     * @param detail its shape.
     * @param bytes  bytes it occupies.
     * @param value  its value, or a bitset's cardinality.
     */
    record Row(String name, String type, String detail, long bytes, String value)
    {
    }

    static List<Row> rows(final SharedRegion region)
    {
        final List<Row> rows = new ArrayList<>();
        for (final RegionEntry entry : region.entries())
        {
            rows.add(row(region, entry));
        }
        return rows;
    }

    static Row row(final SharedRegion region, final RegionEntry entry)
    {
        return SharedBitSet.existing(region, entry)
            .map(bits -> new Row(entry.name(), "BITSET", "capacity " + bits.capacity(), entry.byteLength(), "cardinality " + bits.cardinality()))
            .orElseGet(() -> new Row(entry.name(), entry.type().name(), entry.detail(), entry.byteLength(), entry.value()));
    }

    /**
     * @return a number, unsigned number or double as a double, a boolean as 0 or 1; NaN for any other value.
     */
    static double numericValue(final SharedValue value)
    {
        if (value instanceof SharedLong number)
        {
            return number.get();
        }
        if (value instanceof SharedULong number)
        {
            return number.getAsDouble();
        }
        if (value instanceof SharedDouble number)
        {
            return number.get();
        }
        if (value instanceof SharedBoolean flag)
        {
            return flag.get() ? 1 : 0;
        }
        return Double.NaN;
    }
}
