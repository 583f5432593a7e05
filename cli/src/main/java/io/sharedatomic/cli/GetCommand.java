package io.sharedatomic.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.sharedatomic.SharedRegion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Prints one entry's value, in the form {@code set} accepts, for scripts.
 */
@Command(name = "get", mixinStandardHelpOptions = true,
    description = {"Prints the current value of one entry: a number, true or false, text, or bytes in hex (the forms set " +
        "accepts); for a bitset its cardinality, for an array its first words. Read-only."})
final class GetCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REGION", description = "The region file.")
    private Path path;

    @Parameters(index = "1", paramLabel = "NAME", description = "The entry name.")
    private String name;

    @Override
    public Integer call()
    {
        try (SharedRegion region = Regions.attach(path, true))
        {
            final var out = spec.commandLine().getOut();
            out.println(Regions.row(region, Regions.entry(region, path, name)).value());
            out.flush();
            if (out.checkError())
            {
                throw new CliException(ExitCodes.FAILED, "cannot write to stdout (a closed pipe or a full disk)");
            }
        }
        return ExitCodes.OK;
    }
}
