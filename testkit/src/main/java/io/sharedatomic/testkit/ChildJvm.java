package io.sharedatomic.testkit;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a main class from the current class path, with the JVM flags of the current JVM (so the one
 * flag property of the parent pom reaches every JVM that tests and demos start). Its output goes to files, so a
 * chatty child can never block on a full pipe.
 */
public final class ChildJvm
{
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final String description;

    private ChildJvm(final Process process, final Path stdout, final Path stderr, final String description)
    {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.description = description;
    }

    /**
     * What a finished child left behind.
     *
     * @param exitCode exit status; 128 + signal number when a signal killed it (137 for kill -9, 134 for SIGSEGV abort).
     * @param stdout   everything it printed to stdout.
     * @param stderr   everything it printed to stderr.
     */
    public record Result(int exitCode, String stdout, String stderr)
    {
        /**
         * @return this result.
         * @throws AssertionError with the child's output if it did not exit with 0.
         */
        public Result assertSuccess()
        {
            if (exitCode != 0)
            {
                throw new AssertionError("child JVM exited with " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr);
            }
            return this;
        }
    }

    /**
     * Starts {@code mainClass} in a new JVM.
     *
     * @param mainClass class with a {@code main} method, on the current class path.
     * @param args      its arguments.
     * @return the running child.
     * @throws IOException if the JVM cannot be started.
     */
    public static ChildJvm start(final Class<?> mainClass, final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(inheritedJvmArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(Arrays.asList(args));
        final Path stdout = Files.createTempFile("child-", ".out");
        final Path stderr = Files.createTempFile("child-", ".err");
        // A child that is killed rather than awaited would leave these behind.
        stdout.toFile().deleteOnExit();
        stderr.toFile().deleteOnExit();
        final Process process = new ProcessBuilder(command)
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
        return new ChildJvm(process, stdout, stderr, mainClass.getSimpleName() + " " + String.join(" ", args));
    }

    /**
     * The current JVM's flags, less debugger and agent options that cannot be shared, plus a small serial-GC heap so
     * that several children fit on a 2-core machine.
     *
     * @return the flags.
     */
    public static List<String> inheritedJvmArguments()
    {
        final List<String> arguments = new ArrayList<>();
        for (final String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (!argument.startsWith("-agentlib:") && !argument.startsWith("-javaagent:") && !argument.startsWith("-Xrunjdwp") &&
                !argument.startsWith("-Xmx") && !argument.startsWith("-XX:+Use") && !argument.startsWith("-XX:-Use"))
            {
                arguments.add(argument);
            }
        }
        arguments.add("-Xmx256m");
        arguments.add("-XX:+UseSerialGC");
        return arguments;
    }

    /**
     * @return the child's process, e.g. to send it {@code kill -9} with {@link Process#destroyForcibly()}.
     */
    public Process process()
    {
        return process;
    }

    /**
     * Kills the child with SIGKILL ({@code kill -9}), waits for it, and removes its output files.
     *
     * @return its exit status (137 when SIGKILL ended it).
     * @throws IOException          if its output files cannot be removed.
     * @throws InterruptedException if interrupted while waiting.
     */
    public int kill() throws IOException, InterruptedException
    {
        final int status = process.destroyForcibly().waitFor();
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
        return status;
    }

    /**
     * @return the child's stdout so far.
     * @throws IOException if it cannot be read.
     */
    public String stdoutSoFar() throws IOException
    {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    /**
     * Waits for the child to exit, killing it if it takes longer than {@code timeout}.
     *
     * @param timeout how long to wait.
     * @return its exit status and output.
     * @throws IOException          if its output cannot be read.
     * @throws InterruptedException if interrupted while waiting.
     * @throws AssertionError       if it did not exit in time.
     */
    public Result await(final Duration timeout) throws IOException, InterruptedException
    {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
        {
            process.destroyForcibly().waitFor();
            throw new AssertionError("child JVM '" + description + "' did not finish within " + timeout + "\n--- stdout ---\n" +
                Files.readString(stdout) + "\n--- stderr ---\n" + Files.readString(stderr));
        }
        try
        {
            return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
        }
        finally
        {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    /**
     * Starts several children and waits for all of them.
     *
     * @param timeout   for each.
     * @param mainClass their main class.
     * @param argsEach  the arguments of each child.
     * @return their results, in order, each checked for exit status 0.
     * @throws IOException          if one cannot be started.
     * @throws InterruptedException if interrupted.
     */
    public static List<Result> runAll(final Duration timeout, final Class<?> mainClass, final List<String[]> argsEach)
        throws IOException, InterruptedException
    {
        final List<ChildJvm> children = new ArrayList<>();
        for (final String[] args : argsEach)
        {
            children.add(start(mainClass, args));
        }
        final List<Result> results = new ArrayList<>();
        for (final ChildJvm child : children)
        {
            results.add(child.await(timeout).assertSuccess());
        }
        return results;
    }
}
