package io.sharedatomic.examples;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.sharedatomic.RegionEntry;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.ValueType;
import io.sharedatomic.collections.SharedBitSet;
import io.sharedatomic.layout.BitmapDescriptor;
import io.sharedatomic.layout.RegionFormatException;

/**
 * Lists every entry of a region file: name, type, shape, size and current value (for bitsets, the cardinality). It
 * attaches read-only, never writes, and works while other processes write.
 *
 * <pre>
 * Inspect REGION [--json] [--watch [SECONDS]] [--iterations N]
 * </pre>
 *
 * Exit status: 0 on success, 2 when the path is not a readable region or the arguments are wrong (one line on
 * stderr says why).
 */
public final class Inspect
{
    private Inspect()
    {
    }

    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * @return the exit status.
     */
    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        Path path = null;
        boolean json = false;
        double watchSeconds = 0;
        long iterations = Long.MAX_VALUE;
        try
        {
            for (int i = 0; i < args.length; i++)
            {
                switch (args[i])
                {
                    case "--json" -> json = true;
                    case "--watch" -> watchSeconds = i + 1 < args.length && !args[i + 1].startsWith("--") ? Double.parseDouble(args[++i]) : 1;
                    case "--iterations" -> iterations = Long.parseLong(args[++i]);
                    default ->
                    {
                        if (args[i].startsWith("--") || path != null)
                        {
                            throw new IllegalArgumentException("unexpected argument " + args[i]);
                        }
                        path = Path.of(args[i]);
                    }
                }
            }
            if (path == null)
            {
                throw new IllegalArgumentException("no region path given");
            }
        }
        catch (final RuntimeException ex)
        {
            err.println("usage: Inspect REGION [--json] [--watch [SECONDS]] [--iterations N] (" + ex.getMessage() + ")");
            return 2;
        }
        if (!Files.isRegularFile(path))
        {
            err.println("inspect: " + path + " is not a file");
            return 2;
        }
        try (SharedRegion region = SharedRegion.attachReadOnly(path))
        {
            final boolean clear = watchSeconds > 0 && System.console() != null;
            for (long i = 0; i < (watchSeconds > 0 ? iterations : 1); i++)
            {
                if (i > 0)
                {
                    Thread.sleep((long)(watchSeconds * 1000));
                }
                final List<Row> rows = rows(region);
                if (clear)
                {
                    out.print("\033[H\033[2J");
                }
                out.print(json ? json(path, rows) : table(path, rows));
                out.flush();
            }
            return 0;
        }
        catch (final RegionFormatException | UncheckedIOException ex)
        {
            err.println("inspect: " + ex.getMessage());
            return 2;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /**
     * One entry as shown.
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
            final long capacity = entry.type() == ValueType.LONG_ARRAY ? BitmapDescriptor.bitCapacityOf(entry.format()) : -1;
            if (capacity > 0)
            {
                final SharedBitSet bits = SharedBitSet.of(region, entry.name(), capacity);
                rows.add(new Row(entry.name(), "BITSET", "capacity " + capacity, entry.byteLength(), "cardinality " + bits.cardinality()));
            }
            else
            {
                rows.add(new Row(entry.name(), entry.type().name(), entry.detail(), entry.byteLength(), entry.value()));
            }
        }
        return rows;
    }

    static String table(final Path path, final List<Row> rows)
    {
        final String[] headers = {"NAME", "TYPE", "DETAIL", "BYTES", "VALUE"};
        final int[] widths = new int[headers.length];
        final List<String[]> cells = new ArrayList<>();
        cells.add(headers);
        for (final Row row : rows)
        {
            cells.add(new String[]{row.name(), row.type(), row.detail(), Long.toString(row.bytes()), row.value()});
        }
        for (final String[] line : cells)
        {
            for (int i = 0; i < line.length; i++)
            {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        final StringBuilder out = new StringBuilder();
        out.append(path).append(": ").append(rows.size()).append(rows.size() == 1 ? " entry" : " entries").append(" at ")
            .append(Instant.now()).append('\n');
        for (final String[] line : cells)
        {
            for (int i = 0; i < line.length; i++)
            {
                final boolean last = i == line.length - 1;
                // Right-align the numeric column, left-align the others.
                out.append(i == 3 ? " ".repeat(widths[i] - line[i].length()) + line[i] : last ? line[i] : line[i] +
                    " ".repeat(widths[i] - line[i].length()));
                out.append(last ? "\n" : "  ");
            }
        }
        return out.toString();
    }

    static String json(final Path path, final List<Row> rows)
    {
        final StringBuilder out = new StringBuilder("{\"region\":").append(quote(path.toString())).append(",\"entries\":[");
        for (int i = 0; i < rows.size(); i++)
        {
            final Row row = rows.get(i);
            out.append(i == 0 ? "" : ",").append("{\"name\":").append(quote(row.name())).append(",\"type\":").append(quote(row.type()))
                .append(",\"detail\":").append(quote(row.detail())).append(",\"bytes\":").append(row.bytes())
                .append(",\"value\":").append(quote(row.value())).append('}');
        }
        return out.append("]}\n").toString();
    }

    private static String quote(final String text)
    {
        final StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\')
            {
                out.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                out.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
