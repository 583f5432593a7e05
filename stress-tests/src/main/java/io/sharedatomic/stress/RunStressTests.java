package io.sharedatomic.stress;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.openjdk.jcstress.JCStress;
import org.openjdk.jcstress.Options;
import org.openjdk.jcstress.infra.Status;
import org.openjdk.jcstress.infra.collectors.DiskReadCollector;
import org.openjdk.jcstress.infra.collectors.InProcessCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.openjdk.jcstress.infra.runners.TestConfig;
import org.openjdk.jcstress.infra.runners.TestList;
import org.openjdk.jcstress.vm.CompileMode;

/**
 * Runs jcstress as its own {@code Main} does, with two additions, and then judges the results itself.
 *
 * <ul>
 *   <li>Every forked JVM gets the JVM flags of the parent pom's {@code test.jvm.args} (filtered into
 *       {@code jvm-args.properties} at build time) through {@code -jvmArgsPrepend}, merged with any
 *       {@code -jvmArgsPrepend} given here. jcstress passes a fork only the flags of its own JVM and those options.</li>
 *   <li>Without {@code -r}, the reports go to {@code jcstress-results/} next to the jar (so
 *       {@code stress-tests/target/jcstress-results/}), and the binary result file, which jcstress always writes to
 *       the working directory, is moved there after the run.</li>
 * </ul>
 *
 * <p>Why a verdict of our own: jcstress 0.16 exits with 1 when a test saw a forbidden outcome or erred (its report
 * ends with an {@code AssertionError}), but with 0 when no test matched {@code -t}, when a test was skipped because it
 * has more actors than there are CPUs, and when a test was skipped as an API mismatch. Here every selected test (the
 * {@code -t} regexp, matched as jcstress does) must have results, all from forks that ended normally, with samples
 * and no forbidden outcome. It prints one line per test and a closing "N passed, N failed" line, and exits with 1 if
 * anything failed, erred or did not run. {@code -l} lists the selected tests; {@code -p file} judges an earlier result
 * file without running anything.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp stress-tests/target/jcstress.jar io.sharedatomic.stress.RunStressTests \
 *     -m quick -sc false -jvmArgs -XX:TieredStopAtLevel=4 -t io.sharedatomic.stress
 * </pre>
 * ({@code --enable-native-access} only silences JDK 24+'s warning about the JNA calls jcstress makes to pin threads.)
 */
public final class RunStressTests
{
    private static final String PREPEND = "-jvmArgsPrepend";
    private static final String RESULTS = "-r";

    private RunStressTests()
    {
    }

    /**
     * @param args jcstress options.
     * @throws Exception when jcstress cannot run or its results cannot be read.
     */
    public static void main(final String[] args) throws Exception
    {
        final Options options = new Options(withDefaults(args));
        if (!options.parse())
        {
            // Bad options, or -h: jcstress has printed the help.
            System.exit(1);
        }
        final JCStress jcstress = new JCStress(options);
        if (options.shouldList())
        {
            for (final String test : jcstress.getTests())
            {
                System.out.println(test);
            }
            System.exit(0);
        }
        Path resultFile = Path.of(options.getResultFile());
        try
        {
            if (options.shouldParse())
            {
                jcstress.parseResults();
            }
            else
            {
                jcstress.run();
            }
        }
        catch (final AssertionError failures)
        {
            // jcstress ends a run with failures this way; the verdict below lists them again, one line per test.
            System.out.println(failures.getMessage());
        }
        finally
        {
            if (!options.shouldParse() && Files.exists(resultFile))
            {
                final Path resultDirectory = Files.createDirectories(Path.of(options.getResultDest()));
                resultFile = Files.move(resultFile, resultDirectory.resolve(resultFile.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        System.exit(judge(resultFile, jcstress.getTests()) ? 0 : 1);
    }

    /**
     * Adds our fork flags to {@code -jvmArgsPrepend} and, if {@code -r} is absent, a results directory next to the jar.
     */
    static String[] withDefaults(final String[] args)
    {
        final List<String> result = new ArrayList<>();
        final StringBuilder prepend = new StringBuilder(forkFlags());
        boolean hasResults = false;
        for (int i = 0; i < args.length; i++)
        {
            if (PREPEND.equals(args[i]) && i + 1 < args.length)
            {
                // jcstress splits one value at spaces but takes several values as one flag each: pass exactly one.
                prepend.append(' ').append(args[++i]);
                continue;
            }
            hasResults |= RESULTS.equals(args[i]);
            result.add(args[i]);
        }
        result.add(PREPEND);
        result.add(prepend.toString());
        if (!hasResults)
        {
            result.add(RESULTS);
            result.add(codeHome().resolve("jcstress-results").toString());
        }
        return result.toArray(new String[0]);
    }

    private static String forkFlags()
    {
        final Properties properties = new Properties();
        try (InputStream in = RunStressTests.class.getResourceAsStream("jvm-args.properties"))
        {
            if (in == null)
            {
                throw new IllegalStateException("jvm-args.properties is missing: build the module with Maven");
            }
            properties.load(in);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final String flags = properties.getProperty("jvm.args", "").trim();
        if (flags.isEmpty() || flags.contains("${"))
        {
            throw new IllegalStateException("jvm-args.properties holds no JVM flags (" + flags + "): build the module with Maven, " +
                "which fills in the parent pom's test.jvm.args");
        }
        return flags;
    }

    /**
     * @return the directory holding this jar (or the classes directory when run from an IDE).
     */
    private static Path codeHome()
    {
        try
        {
            final Path code = Path.of(RunStressTests.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return code.toAbsolutePath().getParent();
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Prints a verdict per selected test and a closing count.
     *
     * @param resultFile jcstress's binary result file.
     * @param selected   the tests that had to run.
     * @return true if every selected test ran, ended normally in every fork and saw no forbidden outcome.
     */
    static boolean judge(final Path resultFile, final SortedSet<String> selected) throws IOException, ClassNotFoundException
    {
        System.out.println();
        System.out.println("VERDICT (" + resultFile + "):");
        if (selected.isEmpty())
        {
            System.out.println("  no test matches the selection");
            System.out.println("0 passed, 1 failed");
            return false;
        }
        final Map<String, List<TestResult>> byTest = new TreeMap<>();
        if (Files.exists(resultFile))
        {
            final InProcessCollector collector = new InProcessCollector();
            final DiskReadCollector reader = new DiskReadCollector(resultFile.toString(), collector);
            try
            {
                reader.dump();
            }
            finally
            {
                reader.close();
            }
            for (final TestResult result : collector.getTestResults())
            {
                byTest.computeIfAbsent(result.getName(), name -> new ArrayList<>()).add(result);
            }
        }
        else
        {
            System.out.println("  no result file: jcstress ran nothing");
        }
        int passed = 0;
        int failed = 0;
        final SortedSet<String> all = new TreeSet<>(selected);
        all.addAll(byTest.keySet());
        for (final String test : all)
        {
            final String problem = problem(test, byTest.getOrDefault(test, List.of()), selected.contains(test));
            if (problem == null)
            {
                passed++;
                System.out.println("  PASSED  " + describe(test, byTest.get(test)));
            }
            else
            {
                failed++;
                System.out.println("  FAILED  " + test + ": " + problem);
            }
        }
        printForkStderr(byTest);
        System.out.println(passed + " passed, " + failed + " failed");
        return failed == 0;
    }

    private static String problem(final String test, final List<TestResult> results, final boolean selected)
    {
        if (!selected)
        {
            return "ran although the selection does not match it";
        }
        if (results.isEmpty())
        {
            // jcstress skips a test it cannot schedule (more actors than CPUs) without a word.
            return "did not run (" + TestList.getInfo(test).threads() + " actors; are there that many CPUs?)";
        }
        final List<String> problems = new ArrayList<>();
        long samples = 0;
        for (final TestResult result : results)
        {
            samples += result.getTotalCount();
            if (result.status() != Status.NORMAL)
            {
                // The first lines say what happened (e.g. the exception and where it was thrown).
                final List<String> messages = result.getMessages();
                problems.add(result.status() + " in fork " + fork(result) + ": " +
                    String.join(" | ", messages.subList(0, Math.min(3, messages.size())).stream().map(String::trim).toList()));
            }
            else if (!result.grading().isPassed)
            {
                for (final String message : result.grading().failureMessages)
                {
                    problems.add(message + " in fork " + fork(result));
                }
            }
        }
        if (problems.isEmpty() && samples == 0)
        {
            problems.add("no samples");
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    /**
     * @return the fork's own JVM flags (without ours) and compilation modes.
     */
    private static String fork(final TestResult result)
    {
        final TestConfig config = result.getConfig();
        final List<String> flags = new ArrayList<>(config.jvmArgs);
        flags.removeAll(Arrays.asList(forkFlags().split(" ")));
        return flags + (config.getCompileMode() == CompileMode.UNIFIED ? "" :
            " " + CompileMode.description(config.getCompileMode(), config.actorNames));
    }

    private static String describe(final String test, final List<TestResult> results)
    {
        final Map<String, Long> counts = new TreeMap<>();
        long samples = 0;
        for (final TestResult result : results)
        {
            for (final String state : result.getStateKeys())
            {
                counts.merge(state, result.getCount(state), Long::sum);
            }
            samples += result.getTotalCount();
        }
        final StringBuilder line = new StringBuilder(test.substring(test.lastIndexOf('.') + 1))
            .append(": ").append(String.format("%,d", samples)).append(" samples in ").append(results.size()).append(" forks [");
        String separator = "";
        for (final Map.Entry<String, Long> count : counts.entrySet())
        {
            line.append(separator).append('(').append(count.getKey()).append(") ").append(String.format("%,d", count.getValue()));
            separator = ", ";
        }
        return line.append(']').toString();
    }

    /**
     * Forks should print nothing to stderr: a warning there usually means a JVM flag is missing on some JDK.
     */
    private static void printForkStderr(final Map<String, List<TestResult>> byTest)
    {
        final SortedSet<String> lines = new TreeSet<>();
        for (final List<TestResult> results : byTest.values())
        {
            for (final TestResult result : results)
            {
                lines.addAll(result.getVmErr());
            }
        }
        if (!lines.isEmpty())
        {
            System.out.println("  forks wrote to stderr (" + lines.size() + " distinct lines):");
            lines.stream().limit(20).forEach(line -> System.out.println("    " + line));
        }
    }
}
