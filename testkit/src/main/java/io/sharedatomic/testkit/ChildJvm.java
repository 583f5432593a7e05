package io.sharedatomic.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A child JVM running a main class from the current class path, with the JVM flags of the current JVM (so the one
 * flag property of the parent pom reaches every JVM that tests and demos start). Its output goes to files, so a
 * chatty child can never block on a full pipe.
 *
 * <p>{@link #start} runs {@code java} directly. {@link #launcher} can also run it behind a command prefix
 * ({@code unshare}, {@code sh -c}, ...), in the deployments a process-liveness protocol must survive (its own PID
 * namespace, a {@code /proc} that hides other users' processes, another boot time), and as another user. Behind a
 * prefix the process started is the wrapper and the JVM is one of its descendants: {@link #jvm()} finds it, and
 * signals ({@link #stop()}, {@link #resume()}, {@link #kill()}) go to the JVM itself, then to the wrappers, so
 * that nothing is left running.
 */
public final class ChildJvm implements AutoCloseable
{
    /** The {@code java} of this JVM; its real path is what {@code /proc/PID/exe} of a child JVM names. */
    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
    private static final Path JAVA_REAL_PATH = realPath(JAVA);
    private static final Duration FIND_JVM_TIMEOUT = Duration.ofSeconds(60);
    /** How long a killed JVM's wrapper may take to notice and exit before it is killed as well. */
    private static final Duration WRAPPER_EXIT_TIMEOUT = Duration.ofSeconds(10);
    /** The class path copy that other users can read, made once per JVM by {@link #readableClassPath()}. */
    private static String readableClassPath;
    private static Path readableClassPathDirectory;

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final String description;
    private final boolean wrapped;
    private final List<Path> scratch;
    private volatile ProcessHandle jvm;

    private ChildJvm(final Process process, final Path stdout, final Path stderr, final String description, final boolean wrapped,
        final List<Path> scratch)
    {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.description = description;
        this.wrapped = wrapped;
        this.scratch = scratch;
        this.jvm = wrapped ? null : process.toHandle();
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
        return launcher(mainClass, args).start();
    }

    /**
     * A launch to configure, for a child behind a command prefix or running as another user; {@code
     * launcher(c, a).start()} is {@code start(c, a)}.
     *
     * @param mainClass class with a {@code main} method, on the current class path.
     * @param args      its arguments.
     * @return the launch, not yet started.
     */
    public static Launcher launcher(final Class<?> mainClass, final String... args)
    {
        return new Launcher(mainClass, args);
    }

    /**
     * How one child JVM is started. Prefixes nest in the order they are added: the first is the outermost command,
     * each later one runs inside the earlier ones, and the {@code java} command line comes last (after the
     * {@code setpriv} of {@link #asUser}, which is always innermost, since mounting needs root).
     */
    public static final class Launcher
    {
        private final Class<?> mainClass;
        private final List<String> args;
        private final List<String> prefix = new ArrayList<>();
        private final List<String> jvmArguments = new ArrayList<>();
        private final List<Path> scratch = new ArrayList<>();
        private final List<String> wrappers = new ArrayList<>();
        private String user;

        private Launcher(final Class<?> mainClass, final String... args)
        {
            this.mainClass = mainClass;
            this.args = List.of(args);
        }

        /**
         * Runs the JVM behind a command that ends by running its remaining arguments as a command, such as
         * {@code unshare --fork} or {@code setpriv}.
         *
         * @param words the command and its options.
         * @return this launch.
         */
        public Launcher wrappedIn(final String... words)
        {
            if (words.length == 0)
            {
                throw new IllegalArgumentException("a wrapper needs at least a command");
            }
            prefix.addAll(Arrays.asList(words));
            wrappers.add(words[0]);
            return this;
        }

        /**
         * Runs {@code script} in {@code sh -e}, which then replaces itself with the rest of the command line; a
         * failing step fails the child before its JVM starts. The script must not {@code exec} or {@code exit}.
         *
         * @param script shell commands, run as the user of the launch so far.
         * @return this launch.
         */
        public Launcher inShell(final String script)
        {
            return wrappedIn("sh", "-c", "set -e\n" + script + "\nexec \"$@\"", "sh");
        }

        /**
         * Runs the JVM as process 1 of a PID namespace of its own, with a {@code /proc} of that namespace: it sees
         * no other process, and its pid means nothing outside (the case of two containers sharing {@code /dev/shm}).
         * Needs root and {@code unshare}.
         *
         * @return this launch.
         */
        public Launcher inOwnPidNamespace()
        {
            // Every such JVM is pid 1 and would share /tmp/hsperfdata_USER/1 with the others.
            jvmArguments("-XX:-UsePerfData");
            return wrappedIn("unshare", "--pid", "--fork", "--kill-child", "--mount-proc");
        }

        /**
         * Runs the JVM in a mount namespace whose {@code /proc} is mounted with {@code hidepid=2}: a process sees
         * only the processes of its own user (combine with {@link #asUser}). Needs root, {@code unshare} and
         * {@code mount}.
         *
         * @return this launch.
         */
        public Launcher withProcHiddenFromOtherUsers()
        {
            wrappedIn("unshare", "--mount", "--fork", "--kill-child");
            return inShell("mount -t proc -o hidepid=2 proc /proc");
        }

        /**
         * Runs the JVM in a mount namespace where {@code /proc/stat} says the host booted at {@code epochSeconds}:
         * the JDK derives process start times from it, so this JVM sees every start time shifted, as after a step
         * of the host clock between two JVMs' starts. Needs root, {@code unshare}, {@code mount} and {@code sed}.
         *
         * @param epochSeconds the boot time to report.
         * @return this launch.
         * @throws IOException if the scratch file for the edited copy cannot be made.
         */
        public Launcher withBootTime(final long epochSeconds) throws IOException
        {
            final Path copy = Files.createTempFile("proc-stat-", ".txt");
            scratch.add(copy);
            wrappedIn("unshare", "--mount", "--fork", "--kill-child");
            return inShell("sed 's/^btime .*/btime " + epochSeconds + "/' /proc/stat > " + quote(copy) + "\n" +
                "mount --bind " + quote(copy) + " /proc/stat");
        }

        /**
         * Runs the JVM as another user and group, through {@code setpriv} with no supplementary groups, from a copy
         * of the class path that every user may read (made once per JVM; the build's may lie under root's home).
         * Files the child uses must be accessible to that user.
         *
         * @param uid user id.
         * @param gid group id.
         * @return this launch.
         */
        public Launcher asUser(final int uid, final int gid)
        {
            user = uid + ":" + gid;
            return this;
        }

        /**
         * @param extra JVM options for this child, after the inherited ones.
         * @return this launch.
         */
        public Launcher jvmArguments(final String... extra)
        {
            jvmArguments.addAll(Arrays.asList(extra));
            return this;
        }

        /**
         * Starts the child.
         *
         * @return the running child.
         * @throws IOException if it cannot be started or the class path cannot be copied.
         */
        public ChildJvm start() throws IOException
        {
            final List<String> command = new ArrayList<>(prefix);
            String classPath = System.getProperty("java.class.path");
            Path directory = null;
            if (user != null)
            {
                final String[] ids = user.split(":");
                command.addAll(List.of("setpriv", "--reuid=" + ids[0], "--regid=" + ids[1], "--clear-groups"));
                classPath = readableClassPath();
                directory = readableClassPathDirectory;
            }
            command.add(JAVA.toString());
            command.addAll(inheritedJvmArguments());
            if (user != null)
            {
                // Its hsperfdata directory would be another user's file in /tmp.
                command.add("-XX:-UsePerfData");
            }
            command.addAll(jvmArguments);
            command.add("-cp");
            command.add(classPath);
            command.add(mainClass.getName());
            command.addAll(args);
            final Path out = Files.createTempFile("child-", ".out");
            final Path err = Files.createTempFile("child-", ".err");
            // A child that is killed rather than awaited would leave these behind.
            out.toFile().deleteOnExit();
            err.toFile().deleteOnExit();
            final ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            if (directory != null)
            {
                builder.directory(directory.toFile());
            }
            final Process process;
            try
            {
                process = builder.start();
            }
            catch (final IOException ex)
            {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
                for (final Path file : scratch)
                {
                    Files.deleteIfExists(file);
                }
                throw ex;
            }
            final String label = (wrappers.isEmpty() ? "" : String.join(" > ", wrappers) + " > ") + (user == null ? "" : "uid " + user + " ") +
                mainClass.getSimpleName() + " " + String.join(" ", args);
            return new ChildJvm(process, out, err, label, !prefix.isEmpty() || user != null, List.copyOf(scratch));
        }
    }

    private static String quote(final Path path)
    {
        return "'" + path.toString().replace("'", "'\\''") + "'";
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
     * @return whether this JVM runs as root (uid 0), which the deployments of {@link Launcher} need.
     */
    public static boolean runningAsRoot()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII))
            {
                if (line.startsWith("Uid:"))
                {
                    return "0".equals(line.substring(4).strip().split("\\s+")[1]);
                }
            }
            return false;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /**
     * @param tool a command name, such as {@code unshare}.
     * @return whether an executable of that name is on the {@code PATH}.
     */
    public static boolean hasTool(final String tool)
    {
        final String path = System.getenv("PATH");
        if (path == null)
        {
            return false;
        }
        for (final String directory : path.split(File.pathSeparator))
        {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, tool)))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * A copy of this JVM's class path that every user may read, in a new directory under {@code java.io.tmpdir},
     * removed when this JVM exits. Made once per JVM.
     *
     * @return the class path of the copy.
     * @throws IOException if it cannot be made, or the temporary directory is not reachable by other users.
     */
    public static synchronized String readableClassPath() throws IOException
    {
        if (readableClassPath != null)
        {
            return readableClassPath;
        }
        final Path root = Files.createTempDirectory("child-jvm-classpath-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ScratchDirectory.delete(root)));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (Path ancestor = root.toAbsolutePath().getParent(); ancestor != null; ancestor = ancestor.getParent())
        {
            if (!Files.getPosixFilePermissions(ancestor).contains(PosixFilePermission.OTHERS_EXECUTE))
            {
                throw new IOException(ancestor + " is not searchable by other users, so they cannot reach " + root);
            }
        }
        final List<String> classPath = new ArrayList<>();
        int index = 0;
        for (final String entry : System.getProperty("java.class.path").split(File.pathSeparator))
        {
            final Path source = Path.of(entry);
            if (entry.isEmpty() || !Files.exists(source))
            {
                continue;
            }
            final Path target = root.resolve(index++ + "-" + source.getFileName());
            try (Stream<Path> files = Files.walk(source))
            {
                for (final Path file : (Iterable<Path>)files::iterator)
                {
                    final Path copy = target.resolve(source.relativize(file).toString());
                    if (Files.isDirectory(file))
                    {
                        Files.createDirectories(copy);
                        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                    else
                    {
                        Files.copy(file, copy);
                        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                    }
                }
            }
            classPath.add(target.toString());
        }
        readableClassPathDirectory = root;
        readableClassPath = String.join(File.pathSeparator, classPath);
        return readableClassPath;
    }

    /**
     * @return the process that was started: the JVM itself, or its outermost wrapper; e.g. for {@code isAlive()}.
     */
    public Process process()
    {
        return process;
    }

    /**
     * The JVM's process, as the host sees it: the process started, or behind a prefix the descendant that runs
     * {@code java} (waiting up to a minute for the wrappers to get there).
     *
     * @return its handle.
     * @throws IllegalStateException if the child exited or no JVM appeared in time.
     */
    public ProcessHandle jvm()
    {
        ProcessHandle found = jvm;
        if (found != null)
        {
            return found;
        }
        final long deadline = System.nanoTime() + FIND_JVM_TIMEOUT.toNanos();
        while (true)
        {
            final Optional<ProcessHandle> candidate = processTree().filter(ChildJvm::runsJava).findFirst();
            if (candidate.isPresent())
            {
                found = candidate.get();
                jvm = found;
                return found;
            }
            if (!process.isAlive() || System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("no JVM found under '" + description + "' (" + (process.isAlive() ? "still running" :
                    "exited with " + process.exitValue()) + ")\n--- stderr ---\n" + readQuietly(stderr));
            }
            sleepBriefly();
        }
    }

    /** A wrapper that ends with exec, such as setpriv, becomes the JVM itself; others fork it. */
    private Stream<ProcessHandle> processTree()
    {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants());
    }

    private static boolean runsJava(final ProcessHandle handle)
    {
        final Optional<String> command = handle.info().command();
        if (command.isEmpty())
        {
            return false;
        }
        return Path.of(command.get()).equals(JAVA_REAL_PATH);
    }

    private static Path realPath(final Path path)
    {
        try
        {
            return path.toRealPath();
        }
        catch (final IOException ex)
        {
            return path.toAbsolutePath();
        }
    }

    /**
     * Sends a signal to the JVM (not to its wrappers) with {@code kill}.
     *
     * @param signal its name without {@code SIG}, e.g. {@code STOP}.
     * @throws IOException          if {@code kill} cannot run or fails.
     * @throws InterruptedException if interrupted while waiting for it.
     */
    public void signal(final String signal) throws IOException, InterruptedException
    {
        final long pid = jvm().pid();
        final Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).redirectErrorStream(true).start();
        final String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0)
        {
            kill.destroyForcibly();
            throw new IOException("kill -s " + signal + " " + pid + " failed: " + output);
        }
    }

    /**
     * Stops the JVM with SIGSTOP, as {@code kill -STOP} does, and waits until it is stopped; every thread stays where
     * it is until {@link #resume()}.
     *
     * @throws IOException           if the signal cannot be sent.
     * @throws InterruptedException  if interrupted.
     * @throws IllegalStateException if the JVM is not stopped within 10 s.
     */
    public void stop() throws IOException, InterruptedException
    {
        signal("STOP");
        // Delivery is asynchronous: the signal is only queued when kill returns.
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (jvmState() != 'T')
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("'" + description + "' is in state " + jvmState() + ", not stopped, after SIGSTOP");
            }
            Thread.sleep(1);
        }
    }

    /**
     * Lets a stopped JVM go on, with SIGCONT.
     *
     * @throws IOException          if the signal cannot be sent.
     * @throws InterruptedException if interrupted.
     */
    public void resume() throws IOException, InterruptedException
    {
        signal("CONT");
    }

    /**
     * @return the JVM's state letter in {@code /proc/PID/stat} ({@code T} when stopped, {@code S} sleeping, ...), or
     *         {@code ?} if it is gone.
     */
    public char jvmState()
    {
        try
        {
            final String stat = Files.readString(Path.of("/proc", Long.toString(jvm().pid()), "stat"), StandardCharsets.US_ASCII);
            final int commandEnd = stat.lastIndexOf(')');
            return commandEnd > 0 && commandEnd + 2 < stat.length() ? stat.charAt(commandEnd + 2) : '?';
        }
        catch (final IOException ex)
        {
            return '?';
        }
    }

    /**
     * Kills the JVM with SIGKILL ({@code kill -9}), then anything left of its wrappers, waits for the process
     * started, and removes its output files.
     *
     * @return the exit status of the process started: 137 when SIGKILL ended it, but behind a wrapper whatever the
     *         wrapper makes of its child's death ({@code unshare} of util-linux 2.38 exits with 1); ask
     *         {@link #jvm()} whether the JVM is gone.
     * @throws IOException          if its output files cannot be removed.
     * @throws InterruptedException if interrupted while waiting.
     */
    public int kill() throws IOException, InterruptedException
    {
        killTree();
        final int status = process.exitValue();
        deleteFiles();
        return status;
    }

    private void killTree() throws InterruptedException
    {
        if (wrapped && process.isAlive())
        {
            // The JVM first, so that a wrapper waiting for it exits and reaps it; a JVM that has not started yet
            // is caught as a descendant below.
            final ProcessHandle found = jvm != null ? jvm : processTree().filter(ChildJvm::runsJava).findFirst().orElse(null);
            if (found != null)
            {
                // Kept, so that jvm() can still tell afterwards that it is gone.
                jvm = found;
                found.destroyForcibly();
            }
            process.waitFor(WRAPPER_EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            // Whatever is still there, deepest first, then the wrapper itself.
            final List<ProcessHandle> left = process.descendants().collect(Collectors.toList());
            for (int i = left.size() - 1; i >= 0; i--)
            {
                left.get(i).destroyForcibly();
            }
        }
        process.destroyForcibly().waitFor();
    }

    private void deleteFiles() throws IOException
    {
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
        for (final Path file : scratch)
        {
            Files.deleteIfExists(file);
        }
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
     * @return the child's stderr so far, for failure messages.
     */
    public String stderrSoFar()
    {
        return readQuietly(stderr);
    }

    private static String readQuietly(final Path file)
    {
        try
        {
            return Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (final IOException | UncheckedIOException ex)
        {
            return "(unreadable: " + ex + ")";
        }
    }

    private static void sleepBriefly()
    {
        try
        {
            Thread.sleep(5);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }

    /**
     * Waits until the child's stdout contains {@code text}.
     *
     * @param text    what to wait for.
     * @param timeout how long to wait.
     * @return the child's stdout so far.
     * @throws IOException          if it cannot be read.
     * @throws AssertionError       if the child exited or the time is up first, with its output.
     */
    public String awaitOutput(final String text, final Duration timeout) throws IOException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true)
        {
            final String output = stdoutSoFar();
            if (output.contains(text))
            {
                return output;
            }
            if (!process.isAlive() && stdoutSoFar().contains(text))
            {
                // It printed the text, then exited, after the read above.
                return stdoutSoFar();
            }
            if (!process.isAlive() || System.nanoTime() - deadline > 0)
            {
                final String why = process.isAlive() ? "did not print it within " + timeout : "exited with " + process.exitValue();
                throw new AssertionError("child JVM '" + description + "' was to print '" + text + "' but " + why +
                    "\n--- stdout ---\n" + stdoutSoFar() + "\n--- stderr ---\n" + stderrSoFar());
            }
            sleepBriefly();
        }
    }

    /**
     * Waits for the child to exit, killing it (and behind a prefix everything it started) if it takes longer than
     * {@code timeout}.
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
            killTree();
            final String message = "child JVM '" + description + "' did not finish within " + timeout + "\n--- stdout ---\n" +
                Files.readString(stdout) + "\n--- stderr ---\n" + Files.readString(stderr);
            deleteFiles();
            throw new AssertionError(message);
        }
        try
        {
            return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
        }
        finally
        {
            deleteFiles();
        }
    }

    /**
     * Kills the child and everything it started if it still runs, and removes its files; for {@code finally}
     * blocks and try-with-resources, so that a failing test leaves no process behind. Does nothing more after
     * {@link #await} or {@link #kill}.
     *
     * @throws IOException if its files cannot be removed.
     */
    @Override
    public void close() throws IOException
    {
        if (process.isAlive())
        {
            try
            {
                killTree();
            }
            catch (final InterruptedException ex)
            {
                // Still kill what we can without waiting, and let the caller see the interrupt.
                Thread.currentThread().interrupt();
                processTree().forEach(ProcessHandle::destroyForcibly);
            }
        }
        deleteFiles();
    }

    @Override
    public String toString()
    {
        return "ChildJvm[" + description + "]";
    }

    /**
     * Starts several children and waits for all of them; the first one to fail ends the wait, and every other child
     * is killed rather than awaited.
     *
     * @param timeout   for all of them together.
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
        try
        {
            for (final String[] args : argsEach)
            {
                children.add(start(mainClass, args));
            }
            // Fail fast: the first child to fail ends the run, and the others are killed, not awaited.
            final long deadline = System.nanoTime() + timeout.toNanos();
            while (children.stream().anyMatch(child -> child.process.isAlive()))
            {
                for (final ChildJvm child : children)
                {
                    if (!child.process.isAlive() && child.process.exitValue() != 0)
                    {
                        child.await(Duration.ZERO).assertSuccess();
                    }
                }
                if (System.nanoTime() - deadline > 0)
                {
                    break;
                }
                Thread.sleep(10);
            }
            final List<Result> results = new ArrayList<>();
            for (final ChildJvm child : children)
            {
                results.add(child.await(Duration.ofMillis(Math.max(1, (deadline - System.nanoTime()) / 1_000_000))).assertSuccess());
            }
            return results;
        }
        finally
        {
            for (final ChildJvm child : children)
            {
                child.close();
            }
        }
    }
}
