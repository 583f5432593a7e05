package io.sharedatomic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.sharedatomic.SharedBoolean;
import io.sharedatomic.SharedRegion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution the build made (run after {@code package}): the launcher, {@code java -jar} without flags, the
 * class-data archive, and the tar.gz unpacked somewhere else, each run as a user runs them, by the JDK that runs this
 * test.
 */
class DistributionTest
{
    private static final Path HOME = Path.of(System.getProperty("distribution.home"));
    private static final Path LAUNCHER = HOME.resolve("bin").resolve("shared-atomic");
    private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));

    @TempDir
    Path tempDir;

    private Path region;

    /**
     * What a process did.
     */
    record Run(int status, String out, String err)
    {
    }

    @BeforeEach
    void createRegion()
    {
        region = tempDir.resolve("desk.region");
        try (SharedRegion shared = SharedRegion.open(region))
        {
            shared.sharedLong("orders.sent", 42);
            shared.sharedBoolean("risk.halt");
        }
    }

    static Run run(final Map<String, String> environment, final String... command) throws IOException, InterruptedException
    {
        final ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("JAVA_OPTS");
        builder.environment().put("JAVA_HOME", JAVA_HOME.toString());
        builder.environment().putAll(environment);
        final Path out = Files.createTempFile("distribution", ".out");
        final Path err = Files.createTempFile("distribution", ".err");
        try
        {
            final Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        }
        finally
        {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static Path cliJar(final Path home) throws IOException
    {
        try (Stream<Path> files = Files.list(home.resolve("lib")))
        {
            return files.filter(file -> file.getFileName().toString().matches("shared-atomic-cli-.*\\.jar")).findFirst().orElseThrow();
        }
    }

    @Test
    void shouldRunQuietlyFromTheLauncherWithTheArchiveMadeAtBuildTime() throws Exception
    {
        assertEquals(new Run(0, "42\n", ""), run(Map.of(), LAUNCHER.toString(), "get", region.toString(), "orders.sent"));

        // -Xshare:on makes the JVM fail rather than run without the archive; the class log says where classes came from.
        final Path classLog = tempDir.resolve("classes.log");
        final Run shared = run(Map.of("JAVA_OPTS", "-Xshare:on -Xlog:class+load=info:file=" + classLog), LAUNCHER.toString(), "get",
            region.toString(), "orders.sent");
        assertEquals(new Run(0, "42\n", ""), shared);
        final String classes = Files.readString(classLog, StandardCharsets.UTF_8);
        for (final String loaded : List.of("picocli.CommandLine", "io.sharedatomic.cli.GetCommand", "io.sharedatomic.SharedRegion",
            "net.openhft.chronicle.core.Jvm"))
        {
            assertTrue(classes.contains(" " + loaded + " source: shared objects file"), loaded + " comes from the archive");
        }

        try (SharedRegion service = SharedRegion.attach(region))
        {
            final SharedBoolean halt = service.sharedBoolean("risk.halt");
            assertEquals(new Run(0, "risk.halt: false -> true\n", ""), run(Map.of(), LAUNCHER.toString(), "set", region.toString(), "risk.halt", "true"));
            assertTrue(halt.get());
        }
    }

    @Test
    void shouldPassTheExitStatusThroughTheLauncherAndWorkThroughASymlink() throws Exception
    {
        final Path foreign = Files.writeString(tempDir.resolve("notes.txt"), "not a region\n".repeat(100));
        final Run notARegion = run(Map.of(), LAUNCHER.toString(), "inspect", foreign.toString());
        assertEquals(ExitCodes.NOT_A_REGION, notARegion.status());
        assertEquals("", notARegion.out());
        assertEquals(1, notARegion.err().lines().count(), notARegion.err());
        assertEquals(ExitCodes.NO_SUCH_ENTRY, run(Map.of(), LAUNCHER.toString(), "get", region.toString(), "absent").status());
        assertEquals(ExitCodes.USAGE, run(Map.of(), LAUNCHER.toString(), "get").status());

        final Path bin = Files.createDirectories(tempDir.resolve("usr-local-bin"));
        final Path link = Files.createSymbolicLink(bin.resolve("shared-atomic"), LAUNCHER);
        assertEquals(new Run(0, "42\n", ""), run(Map.of(), link.toString(), "get", region.toString(), "orders.sent"));
        // A relative link, run by its bare name from its own directory (sh resolves it, not the PATH).
        final Path relative = Files.createSymbolicLink(bin.resolve("sa"), bin.relativize(LAUNCHER));
        final ProcessBuilder fromBin = new ProcessBuilder("sh", relative.getFileName().toString(), "get", region.toString(), "orders.sent")
            .directory(bin.toFile());
        fromBin.environment().put("JAVA_HOME", JAVA_HOME.toString());
        final Process process = fromBin.start();
        assertEquals("42\n", new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(0, process.waitFor());

        final Run noJava = run(Map.of("JAVA_HOME", tempDir.toString()), LAUNCHER.toString(), "get", region.toString(), "orders.sent");
        assertEquals(new Run(1, "", "shared-atomic: JAVA_HOME is " + tempDir + ", which has no bin/java\n"), noJava);
        // Links out of the temporary directory: removed here, so that JUnit's clean-up has nothing to warn about.
        Files.delete(link);
        Files.delete(relative);
    }

    @Test
    void shouldWorkFromADirectoryWithSpacesWithItsArchive() throws Exception
    {
        final Path spaced = Files.createDirectories(tempDir.resolve("my tools"));
        assertEquals(0, run(Map.of(), "cp", "-a", HOME.toString(), spaced.resolve("shared atomic").toString()).status());
        final Path launcher = spaced.resolve("shared atomic/bin/shared-atomic");
        // cp -a keeps the times, but on Java 17 the archive fits only the path it was made for: make one here.
        final Run made = run(Map.of(), launcher.toString(), "cds-archive");
        assertEquals(0, made.status(), made.err());
        assertEquals(new Run(0, "42\n", ""), run(Map.of("JAVA_OPTS", "-Xshare:on"), launcher.toString(), "get", region.toString(), "orders.sent"));
    }

    @Test
    void shouldRunWithJavaDashJarAndNoFlags() throws Exception
    {
        final Run run = run(Map.of(), JAVA_HOME.resolve("bin/java").toString(), "-jar", cliJar(HOME).toString(), "get", region.toString(),
            "orders.sent");
        assertEquals(0, run.status(), run.err());
        assertEquals("42\n", run.out());
        if (Runtime.version().feature() < 24)
        {
            assertEquals("", run.err());
        }
        else
        {
            // Java 24 and later warn on Chronicle's first sun.misc.Unsafe memory access unless the JVM is started with
            // --sun-misc-unsafe-memory-access=allow, which a manifest cannot carry (the launcher passes it).
            final List<String> lines = run.err().lines().toList();
            assertEquals(4, lines.size(), run.err());
            assertTrue(lines.stream().allMatch(line -> line.startsWith("WARNING: ")), run.err());
            assertTrue(lines.get(0).contains("sun.misc.Unsafe"), run.err());
        }
    }

    @Test
    void shouldCarryTheOpensAndExportsOfTheArgsFileInTheManifest() throws Exception
    {
        final List<String> argsFile = Files.readAllLines(HOME.resolve("shared-atomic.args"), StandardCharsets.UTF_8);
        assertEquals(Files.readAllLines(Path.of("..", "shared-atomic.args"), StandardCharsets.UTF_8), argsFile,
            "the distribution ships the repository's args file");
        try (JarFile jar = new JarFile(cliJar(HOME).toFile()))
        {
            final Attributes manifest = jar.getManifest().getMainAttributes();
            assertEquals(modules(argsFile, "--add-opens="), Arrays.asList(manifest.getValue("Add-Opens").split(" ")));
            assertEquals(modules(argsFile, "--add-exports="), Arrays.asList(manifest.getValue("Add-Exports").split(" ")));
            assertEquals(SharedAtomicCli.class.getName(), manifest.getValue("Main-Class"));
        }
    }

    /** The module/package parts of the args file's lines with this option: --add-opens=java.base/x=ALL-UNNAMED gives java.base/x. */
    private static List<String> modules(final List<String> argsFile, final String option)
    {
        return argsFile.stream().filter(line -> line.startsWith(option)).map(line -> line.substring(option.length(), line.indexOf('=', option.length())))
            .collect(Collectors.toList());
    }

    @Test
    void shouldWorkUnpackedAnywhereOnceItsArchiveIsMadeThere() throws Exception
    {
        final Path archive = Path.of(System.getProperty("distribution.archive"));
        final Path unpacked = Files.createDirectories(tempDir.resolve("opt"));
        assertEquals(0, run(Map.of(), "tar", "-xzf", archive.toString(), "-C", unpacked.toString()).status());
        final Path home;
        try (Stream<Path> top = Files.list(unpacked))
        {
            final List<Path> entries = top.toList();
            assertEquals(1, entries.size(), "one top directory: " + entries);
            home = entries.get(0);
        }
        assertEquals(HOME.getFileName(), home.getFileName());
        final Path launcher = home.resolve("bin/shared-atomic");
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(launcher)));
        final List<String> libraries = new ArrayList<>();
        try (Stream<Path> files = Files.list(home.resolve("lib")))
        {
            files.map(file -> file.getFileName().toString()).sorted().forEach(libraries::add);
        }
        try (Stream<Path> files = Files.list(HOME.resolve("lib")))
        {
            assertEquals(files.map(file -> file.getFileName().toString()).filter(name -> !name.equals("cds")).sorted().toList(), libraries,
                "the same jars as the build's copy, and no archive: one only works at the path it was made for");
        }

        assertEquals(new Run(0, "42\n", ""), run(Map.of(), launcher.toString(), "get", region.toString(), "orders.sent"));
        final Run made = run(Map.of(), launcher.toString(), "cds-archive");
        assertEquals(0, made.status(), made.err());
        assertEquals("", made.err());
        final Path jsa = home.resolve("lib/cds/java-" + System.getProperty("java.runtime.version") + ".jsa");
        assertTrue(made.out().startsWith("class-data archive for Java " + System.getProperty("java.runtime.version") + ": " + jsa + " ("), made.out());
        assertTrue(Files.size(jsa) > 1 << 20, "an archive of some megabytes");
        try (Stream<Path> files = Files.list(home.resolve("lib/cds")))
        {
            assertEquals(List.of(jsa), files.toList(), "no partial file is left behind");
        }
        assertEquals(new Run(0, "42\n", ""), run(Map.of("JAVA_OPTS", "-Xshare:on"), launcher.toString(), "get", region.toString(), "orders.sent"));
    }
}
