package io.sharedatomic.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Lists every entry of a region file: name, type, shape, size and current value (for bitsets, the cardinality). It
 * attaches read-only, never writes, and works while other processes write.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = "Lists every entry of a region: name, type, shape, bytes and current value (a bitset's cardinality). " +
        "Read-only; safe while other processes write.")
final class InspectCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REGION", description = "The region file.")
    private Path path;

    @Option(names = "--json", description = "One JSON object per snapshot instead of a table.")
    private boolean json;

    @Option(names = "--watch", arity = "0..1", fallbackValue = "1", paramLabel = "SECONDS",
        description = "Print a snapshot every SECONDS (default ${FALLBACK-VALUE}) until interrupted.")
    private Double watchSeconds;

    @Option(names = "--count", paramLabel = "N", description = "With --watch: stop after N snapshots.")
    private long count = Long.MAX_VALUE;

    @Override
    public Integer call() throws InterruptedException
    {
        if (watchSeconds != null && !(watchSeconds > 0 && watchSeconds < 1e6))
        {
            throw new CliException(ExitCodes.USAGE, "--watch takes a number of seconds above 0, not " + watchSeconds);
        }
        if (count < 1)
        {
            throw new CliException(ExitCodes.USAGE, "--count takes a number of snapshots above 0, not " + count);
        }
        final PrintWriter out = spec.commandLine().getOut();
        // Watching follows the path: a region deleted and created again by its service is attached again.
        try (FollowedRegion region = new FollowedRegion(path))
        {
            final long snapshots = watchSeconds == null ? 1 : count;
            // Clear the screen between snapshots only for a person at a terminal, never into a pipe or file.
            final boolean clear = watchSeconds != null && System.console() != null;
            for (long i = 0; i < snapshots; i++)
            {
                if (i > 0)
                {
                    Thread.sleep((long)(watchSeconds * 1000));
                }
                final List<Regions.Row> rows = Regions.rows(region.current());
                if (clear)
                {
                    out.print("\033[H\033[2J");
                }
                out.print(json ? json(path, rows) : table(path, rows));
                out.flush();
                if (out.checkError())
                {
                    // A closed pipe (inspect --watch | head) or a full disk: stop rather than watch for nobody.
                    throw new CliException(ExitCodes.FAILED, "cannot write to stdout any more (a closed pipe or a full disk)");
                }
            }
        }
        return ExitCodes.OK;
    }

    static String table(final Path path, final List<Regions.Row> rows)
    {
        final String[] headers = {"NAME", "TYPE", "DETAIL", "BYTES", "VALUE"};
        final int[] widths = new int[headers.length];
        final List<String[]> cells = new ArrayList<>();
        cells.add(headers);
        for (final Regions.Row row : rows)
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
                final String pad = " ".repeat(widths[i] - line[i].length());
                // Right-align the numeric column, left-align the others; no trailing blanks.
                out.append(i == 3 ? pad + line[i] : last ? line[i] : line[i] + pad).append(last ? "\n" : "  ");
            }
        }
        return out.toString();
    }

    static String json(final Path path, final List<Regions.Row> rows)
    {
        final StringBuilder out = new StringBuilder("{\"region\":").append(Json.quote(path.toString())).append(",\"entries\":[");
        for (int i = 0; i < rows.size(); i++)
        {
            final Regions.Row row = rows.get(i);
            out.append(i == 0 ? "" : ",").append("{\"name\":").append(Json.quote(row.name())).append(",\"type\":").append(Json.quote(row.type()))
                .append(",\"detail\":").append(Json.quote(row.detail())).append(",\"bytes\":").append(row.bytes())
                .append(",\"value\":").append(Json.quote(row.value())).append('}');
        }
        return out.append("]}\n").toString();
    }
}
