package io.sharedatomic.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import io.sharedatomic.layout.RegionFormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code shared-atomic} command: inspect, read, write and export the values of a region file from a shell. Every
 * failure is one line on stderr and an exit status from {@link ExitCodes}; nothing else is ever printed.
 */
@Command(name = "shared-atomic", mixinStandardHelpOptions = true, versionProvider = SharedAtomicCli.Version.class,
    description = "Inspects, reads, writes and exports the values of a shared-atomic region file.")
public final class SharedAtomicCli implements Callable<Integer>
{
    /**
     * The subcommands, in the order --help lists them. Picocli builds a command's model by reflection when it is added,
     * which costs a cold JVM a few milliseconds each: a run adds only the one it was asked for (all of them for help).
     */
    private static final Map<String, Supplier<Object>> COMMANDS = commands();

    @Spec
    private CommandSpec spec;

    /**
     * Runs one command and exits with its status.
     *
     * @param args the command line.
     */
    public static void main(final String[] args)
    {
        // UTF-8 whatever the locale: values are text in a region's charset, and a C locale's ASCII would turn them into '?'.
        System.exit(run(args, new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
            new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true)));
    }

    /**
     * Runs one command.
     *
     * @param args the command line.
     * @param out  where the command's output goes.
     * @param err  where its one-line failure goes.
     * @return the exit status.
     */
    static int run(final String[] args, final PrintWriter out, final PrintWriter err)
    {
        // Before any Chronicle class loads: no banner, no analytics (also set by shared-atomic.args; java -jar has no flags).
        quietChronicle("chronicle.analytics.disable");
        quietChronicle("disable.perf.info");
        for (final String arg : args)
        {
            if (arg.indexOf('\uFFFD') >= 0)
            {
                // The JVM decodes arguments in the locale's charset and replaces what does not decode: refuse rather than
                // look up, or write, a name or value nobody typed.
                err.println("shared-atomic: an argument has bytes this locale (" + System.getProperty("sun.jnu.encoding") +
                    ") cannot decode, or a U+FFFD replacement character; run with a UTF-8 locale, such as LC_ALL=C.UTF-8");
                return ExitCodes.USAGE;
            }
        }
        final CommandLine commandLine = new CommandLine(new SharedAtomicCli());
        final Supplier<Object> asked = args.length == 0 ? null : COMMANDS.get(args[0]);
        if (asked != null)
        {
            commandLine.addSubcommand(args[0], asked.get());
        }
        else
        {
            COMMANDS.forEach((name, command) -> commandLine.addSubcommand(name, command.get()));
            commandLine.addSubcommand("help", new CommandLine.HelpCommand());
        }
        commandLine.setOut(out).setErr(err)
            .setExecutionExceptionHandler((ex, failed, parseResult) ->
            {
                err.println(failed.getCommandSpec().qualifiedName() + ": " + message(ex));
                return exitCode(ex);
            })
            .setParameterExceptionHandler((ex, arguments) ->
            {
                final String command = ex.getCommandLine().getCommandSpec().qualifiedName();
                err.println(command + ": " + ex.getMessage().replace('\n', ' ').strip() + " (see '" + command + " --help')");
                return ExitCodes.USAGE;
            });
        commandLine.getCommandSpec().usageMessage().exitCodeListHeading("%nExit status:%n").exitCodeList(ExitCodes.descriptions());
        for (final CommandLine subcommand : commandLine.getSubcommands().values())
        {
            subcommand.getCommandSpec().usageMessage().exitCodeListHeading("%nExit status:%n").exitCodeList(ExitCodes.descriptions());
            subcommand.getCommandSpec().versionProvider(new Version());
        }
        try
        {
            return commandLine.execute(args);
        }
        catch (final InternalError ex)
        {
            // Picocli hands only Exceptions to the handler above; this Error is a read of a truncated file.
            err.println("shared-atomic" + (asked != null ? " " + args[0] : "") + ": " + message(ex));
            return exitCode(ex);
        }
    }

    private static Map<String, Supplier<Object>> commands()
    {
        final Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("inspect", InspectCommand::new);
        commands.put("get", GetCommand::new);
        commands.put("set", SetCommand::new);
        commands.put("serve", ServeCommand::new);
        commands.put("cds-archive", CdsArchiveCommand::new);
        commands.put("train", TrainCommand::new);
        return commands;
    }

    private static void quietChronicle(final String property)
    {
        if (System.getProperty(property) == null)
        {
            System.setProperty(property, "true");
        }
    }

    /**
     * @return the exit status for what a command threw.
     */
    static int exitCode(final Throwable ex)
    {
        if (ex instanceof CliException cli)
        {
            return cli.exitCode();
        }
        // A directory or entry found corrupt after the header passed, or a file truncated under the mapping (the JVM
        // turns the fault of an access past its end into an InternalError), is as much "not a region" as a foreign file.
        return ex instanceof RegionFormatException || ex instanceof InternalError ? ExitCodes.NOT_A_REGION : ExitCodes.FAILED;
    }

    /**
     * @return what a command threw, as the one line after "shared-atomic COMMAND: ".
     */
    static String message(final Throwable ex)
    {
        if (ex instanceof InternalError)
        {
            return "the region file was truncated or damaged while it was mapped (" + ex.getMessage() + ")";
        }
        final boolean explained = ex instanceof CliException || ex instanceof RegionFormatException || ex instanceof IllegalStateException;
        return (explained ? ex.getMessage() : ex.toString()).replace('\n', ' ');
    }

    @Override
    public Integer call()
    {
        spec.commandLine().getErr().println("shared-atomic: which command? inspect, get, set, serve or cds-archive ('shared-atomic --help' " +
            "says what each does)");
        return ExitCodes.USAGE;
    }

    /**
     * The version in the jar's manifest.
     */
    static final class Version implements IVersionProvider
    {
        @Override
        public String[] getVersion()
        {
            final String version = SharedAtomicCli.class.getPackage().getImplementationVersion();
            return new String[]{"shared-atomic " + (version == null ? "(not from a jar)" : version) + " on Java " + Runtime.version()};
        }
    }
}
