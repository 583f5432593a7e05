package io.sharedatomic.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.sharedatomic.SharedRegion;
import io.sharedatomic.collections.SharedBitSet;
import picocli.CommandLine.Command;

/**
 * The workload {@link CdsArchiveCommand} records: every command but serve, on a scratch region with one entry of each
 * kind, so that the classes they load go into the archive. Hidden: it is not a user's command.
 */
@Command(name = "train", hidden = true, description = "Runs the commands on a scratch region (for cds-archive).")
final class TrainCommand implements Callable<Integer>
{
    @Override
    public Integer call() throws IOException
    {
        final Path directory = Files.createTempDirectory("shared-atomic-train");
        final Path file = directory.resolve("train.region");
        try
        {
            try (SharedRegion region = SharedRegion.open(file))
            {
                region.sharedLong("long", 1);
                region.sharedULong("ulong", 2);
                region.sharedDouble("double", 3.5);
                region.sharedBoolean("boolean");
                region.sharedBytes("bytes", new byte[]{1, 2});
                region.sharedString("string", "abc");
                region.sharedWideString("wide", 64, StandardCharsets.UTF_8, "wide");
                SharedBitSet.of(region, "bits", 128).add(7);
            }
            final PrintWriter sink = new PrintWriter(Writer.nullWriter());
            final String region = file.toString();
            final String[][] commands = {
                {"inspect", region}, {"inspect", "--json", region}, {"get", region, "long"}, {"get", region, "bits"},
                {"set", region, "long", "5"}, {"set", region, "ulong", "6"}, {"set", region, "double", "7.5"},
                {"set", region, "boolean", "true"}, {"set", region, "bytes", "0304"}, {"set", region, "string", "xyz"},
                {"set", region, "wide", "text"}, {"set", "--expect", "5", region, "long", "8"}, {"get", region, "missing"},
                {"set", region, "long", "not-a-number"}, {"--help"}, {"inspect", "--help"},
            };
            for (final String[] command : commands)
            {
                SharedAtomicCli.run(command, sink, sink);
            }
            return ExitCodes.OK;
        }
        finally
        {
            Files.deleteIfExists(file);
            Files.deleteIfExists(directory);
        }
    }
}
