package io.sharedatomic.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Builds the class-data sharing archive the launcher uses ({@code lib/cds/java-<runtime version>.jsa}): a child JVM runs
 * {@link TrainCommand} with {@code -XX:ArchiveClassesAtExit}, and the archive is moved into place in one rename, so a
 * launcher never sees half of one. The build runs it for the JDK that builds; a user runs it after unpacking the
 * distribution elsewhere or when running it with another JDK (the JDK ignores an archive made for another one, or for
 * the distribution at another path on Java 17).
 */
@Command(name = "cds-archive", mixinStandardHelpOptions = true,
    description = {"Builds the class-data sharing archive that makes the commands start about twice as fast, for the JDK " +
        "that runs this command (lib/cds/java-VERSION.jsa; bin/shared-atomic uses it when it matches).",
        "The build made one for the JDK it ran on; run this once after unpacking the distribution, or for another JDK."})
final class CdsArchiveCommand implements Callable<Integer>
{
    private static final long TIMEOUT_SECONDS = 300;

    @Spec
    private CommandSpec spec;

    /**
     * @return the archive's file name for the running JDK; the launcher computes the same name from the JDK's
     *         {@code release} file.
     */
    static String archiveName()
    {
        return "java-" + System.getProperty("java.runtime.version").replace('/', '_') + ".jsa";
    }

    @Override
    public Integer call() throws IOException, InterruptedException
    {
        final Path jar = jar();
        final Path home = jar.getParent().getParent();
        final Path argsFile = home.resolve("shared-atomic.args");
        if (!Files.isRegularFile(argsFile))
        {
            throw new CliException(ExitCodes.FAILED, argsFile + " is missing: the distribution is incomplete");
        }
        final Path directory = jar.getParent().resolve("cds");
        try
        {
            Files.createDirectories(directory);
        }
        catch (final IOException ex)
        {
            throw new CliException(ExitCodes.FAILED, "cannot create " + directory + ": " + ex.getMessage());
        }
        if (!Files.isWritable(directory))
        {
            throw new CliException(ExitCodes.FAILED, "cannot write " + directory + ": permission denied (run this as the user who owns the distribution)");
        }
        final Path archive = directory.resolve(archiveName());
        final Path partial = directory.resolve(archiveName() + "." + ProcessHandle.current().pid() + ".tmp");
        final Path log = Files.createTempFile("shared-atomic-cds", ".log");
        try
        {
            // A dynamic archive, on top of the JDK's own: when it no longer fits (the jars changed, or on Java 17 the
            // distribution moved), the JVM still shares the JDK's classes instead of none. Picocli is compiled from source
            // (cli/pom.xml) because a dynamic archive cannot hold Java 5 class files such as its jar's.
            run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:ArchiveClassesAtExit=" + partial,
                "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "@" + argsFile, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
                "train"), log);
            if (!Files.isRegularFile(partial))
            {
                throw new CliException(ExitCodes.FAILED, "the JVM wrote no archive: " + lastLines(log));
            }
            Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        finally
        {
            Files.deleteIfExists(partial);
            Files.deleteIfExists(log);
        }
        spec.commandLine().getOut().printf("class-data archive for Java %s: %s (%.1f MiB)%n", System.getProperty("java.runtime.version"), archive,
            Files.size(archive) / 1048576.0);
        return ExitCodes.OK;
    }

    private static void run(final List<String> command, final Path log) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
        {
            process.destroyForcibly().waitFor();
            throw new CliException(ExitCodes.FAILED, "took more than " + TIMEOUT_SECONDS + " s; no archive written: " + String.join(" ", command));
        }
        if (process.exitValue() != 0)
        {
            throw new CliException(ExitCodes.FAILED, "the training JVM exited with " + process.exitValue() + ", no archive written: " +
                lastLines(log));
        }
    }

    /** The end of a child's output, on one line: the message must stay one line. */
    private static String lastLines(final Path log) throws IOException
    {
        final List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream().map(String::strip).filter(line -> !line.isEmpty()).toList();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }

    private static Path jar()
    {
        try
        {
            final Path location = Path.of(SharedAtomicCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(location) && location.getFileName().toString().endsWith(".jar") && location.getParent().getParent() != null)
            {
                return location;
            }
        }
        catch (final URISyntaxException | SecurityException ex)
        {
            // Reported below.
        }
        throw new CliException(ExitCodes.FAILED, "cds-archive runs from the distribution (bin/shared-atomic), not from a class path");
    }
}
