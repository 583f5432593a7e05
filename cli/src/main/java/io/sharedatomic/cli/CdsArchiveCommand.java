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
 * {@link TrainCommand} and lists the classes it loads, a second dumps them into a static archive, and the archive is
 * moved into place in one rename, so a launcher never sees half of one. The build runs it for the JDK that builds; a user runs it after unpacking the
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
        final Path directory = Files.createDirectories(jar.getParent().resolve("cds"));
        final Path archive = directory.resolve(archiveName());
        final Path partial = directory.resolve(archiveName() + "." + ProcessHandle.current().pid() + ".tmp");
        final Path classList = Files.createTempFile("shared-atomic-cds", ".classlist");
        final Path log = Files.createTempFile("shared-atomic-cds", ".log");
        try
        {
            final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // 1. Record the classes the commands load; 2. dump them into a static archive. A static archive, not a
            // dynamic one (-XX:ArchiveClassesAtExit): only a static one holds picocli, whose classes are Java 5 class files.
            run(List.of(java, "-XX:DumpLoadedClassList=" + classList, "@" + argsFile, "-jar", jar.toString(), "train"), log);
            run(List.of(java, "-Xshare:dump", "-XX:SharedClassListFile=" + classList, "-XX:SharedArchiveFile=" + partial,
                "@" + argsFile, "-jar", jar.toString()), log);
            if (!Files.isRegularFile(partial))
            {
                throw new CliException(ExitCodes.FAILED, "the JVM wrote no archive: " + Files.readString(log, StandardCharsets.UTF_8).strip());
            }
            Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        finally
        {
            Files.deleteIfExists(partial);
            Files.deleteIfExists(classList);
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
            throw new CliException(ExitCodes.FAILED, "exit status " + process.exitValue() + ", no archive written: " + String.join(" ", command) +
                ": " + Files.readString(log, StandardCharsets.UTF_8).strip());
        }
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
