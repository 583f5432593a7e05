package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.sharedatomic.internal.NativeMemory;
import io.sharedatomic.layout.RegionFormatException;
import io.sharedatomic.testkit.ChildJvm;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File safety: new region files are owner-only unless the spec says otherwise; a process without write permission
 * attaches read-only and reads, while every write throws; a symlink planted at a region's path never lets
 * shared-atomic write to, truncate or re-mode the file it points at; and no other user can open a new region's file,
 * not even its temporary file in the moment it is created, and so read secrets written into it later.
 */
class PermissionTest
{
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    /** The user and group "nobody". */
    private static final String UNPRIVILEGED = "65534";

    @TempDir
    Path tempDir;

    @Test
    void shouldCreateOwnerOnlyFilesByDefaultAndAnyModeAsConfigured() throws Exception
    {
        for (final String mode : List.of("rw-------", "rw-r--r--", "rw-rw-rw-"))
        {
            final Path path = tempDir.resolve(mode + ".region");
            final RegionSpec spec = mode.equals("rw-------") ? RegionSpec.defaults() :
                RegionSpec.defaults().withFilePermissions(PosixFilePermissions.fromString(mode));
            try (SharedRegion region = SharedRegion.open(path, spec))
            {
                region.sharedLong("x", 1);
                // The mode is set exactly, not filtered through the umask.
                assertEquals(mode, PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
            }
        }
    }

    @Test
    void shouldLetAProcessWithoutWritePermissionReadButNeverWrite() throws Exception
    {
        final Path directory = Files.createDirectories(tempDir.resolve("shared"));
        final Path path = directory.resolve("values.region");
        final RegionSpec readableByAll = RegionSpec.defaults().withFilePermissions(PosixFilePermissions.fromString("rw-r--r--"));
        try (SharedRegion region = SharedRegion.open(path, readableByAll))
        {
            PermissionChildMain.populate(region);
        }
        final byte[] before = Files.readAllBytes(path);
        final boolean root = isRoot();

        if (root && Files.isExecutable(SETPRIV))
        {
            // Root passes every permission check, so the reader runs as nobody, which may only read the file.
            Files.setPosixFilePermissions(tempDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
            final String output = runUnprivileged(PermissionChildMain.class, path.toString(), "denied");
            assertTrue(output.contains("PASS the file cannot be opened for writing at all"), output);
            assertTrue(output.contains("PASS attach read-write points to attachReadOnly"), output);
            assertTrue(output.contains("PASS read wide string") && output.contains("PASS refused create an array"), output);
        }
        else if (!root)
        {
            // Not root: file permissions bind this process, so a file without write permission tests it in-process.
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("r--r--r--"));
            final PermissionChildMain checks = PermissionChildMain.check(path, true);
            assertTrue(checks.failures().isEmpty(), String.join("\n", checks.failures()));
            assertTrue(checks.passes().contains("attach read-write points to attachReadOnly"), checks.passes().toString());
        }
        else
        {
            // Root without setpriv: nothing can take write permission away from this process, so only the read-only
            // attachment itself is checked: reads work, every write and every new entry throws.
            final PermissionChildMain checks = PermissionChildMain.check(path, false);
            assertTrue(checks.failures().isEmpty(), String.join("\n", checks.failures()));
            assertTrue(checks.passes().contains("refused create an array"), checks.passes().toString());
        }
        assertArrayEquals(before, Files.readAllBytes(path), "a read-only attachment never writes");
    }

    @Test
    void shouldNeverLetAnotherUserOpenANewRegionFileBeforeItIsOwnerOnly() throws Exception
    {
        Assumptions.assumeTrue(isRoot(), "only root can run the creator and a snooper of another user");
        Assumptions.assumeTrue(Files.isExecutable(SETPRIV), "setpriv runs the snooper as nobody");
        final int regions = 200;
        final byte[] marker = new byte[16];
        new SecureRandom().nextBytes(marker);
        final String markerHex = HexFormat.of().formatHex(marker);
        // A directory everyone may list and create in, as /dev/shm: the snooper may open whatever appears there and
        // its mode lets it, but only that.
        final Path shm = Path.of("/dev/shm");
        final Path watched = Files.createDirectory((Files.isDirectory(shm) ? shm : tempDir).resolve("shared-atomic-snoop-" + UUID.randomUUID()));
        Process snooper = null;
        try
        {
            Files.setPosixFilePermissions(watched, PosixFilePermissions.fromString("rwxrwxrwx"));
            Files.setPosixFilePermissions(tempDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            final List<String> snoop = unprivilegedCommand(SnooperChildMain.class, "snoop", watched.toString(), markerHex);
            final Path snooperOut = tempDir.resolve("snooper.out");
            final Path snooperErr = tempDir.resolve("snooper.err");
            snooper = new ProcessBuilder(snoop).directory(tempDir.toFile()).redirectOutput(snooperOut.toFile())
                .redirectError(snooperErr.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            final long ready = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(snooperOut).contains("READY"))
            {
                assertTrue(snooper.isAlive() && System.nanoTime() < ready, "the snooper did not start: " + Files.readString(snooperOut) +
                    Files.readString(snooperErr));
                Thread.sleep(10);
            }

            // The creator, as root, with the usual umask (under which a file created without a mode is 0644), in a JVM
            // of its own so that the umask is that one whatever this JVM's is. Niced, so that on a busy machine the
            // snooper gets the CPU as soon as a file appears: the gap is microseconds wide, and a patient attacker
            // gets the same odds from many tries. Without it the snooper caught 2% to 20% of the gaps here, with it 15% to 45%.
            final List<String> create = new ArrayList<>(List.of("/bin/sh", "-c", "umask 022; exec nice -n 10 \"$0\" \"$@\"",
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            create.addAll(ChildJvm.inheritedJvmArguments());
            create.addAll(List.of("-cp", System.getProperty("java.class.path"), SnooperChildMain.class.getName(), "create",
                watched.toString(), String.valueOf(regions), markerHex));
            final Path creatorOut = tempDir.resolve("creator.out");
            final Path creatorErr = tempDir.resolve("creator.err");
            final Process creator = new ProcessBuilder(create).redirectOutput(creatorOut.toFile()).redirectError(creatorErr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!creator.waitFor(2, TimeUnit.MINUTES))
            {
                creator.destroyForcibly().waitFor();
            }
            assertEquals(0, creator.exitValue(), "the creator: " + Files.readString(creatorOut) + Files.readString(creatorErr));
            assertEquals("CREATED " + regions, Files.readString(creatorOut).strip());

            Files.createFile(watched.resolve(SnooperChildMain.STOP));
            if (!snooper.waitFor(2, TimeUnit.MINUTES))
            {
                snooper.destroyForcibly().waitFor();
            }
            final String report = Files.readString(snooperOut);
            assertEquals(0, snooper.exitValue(), "the snooper: " + report + Files.readString(snooperErr));
            final List<String> lines = report.lines().toList();
            final String summary = lines.get(lines.size() - 1);
            final List<String> secretsRead = lines.stream().filter(line -> line.startsWith("FOUND ") && !line.contains("canary"))
                .map(line -> line.substring("FOUND ".length())).toList();
            final List<String> opened = lines.stream().filter(line -> line.startsWith("OPENED ") && !line.contains("canary"))
                .map(line -> line.substring("OPENED ".length())).toList();
            assertAll(
                () -> assertTrue(summary.contains(" REGIONS " + regions + " "), "the snooper saw every region appear: " + summary),
                () -> assertTrue(lines.contains("FOUND " + SnooperChildMain.CANARY),
                    "the snooper finds the secret in a region file it may read (so it works): " + summary),
                () -> assertEquals(0, secretsRead.size(), "the snooper, uid " + UNPRIVILEGED + ", read the secret of " + secretsRead.size() +
                    " of " + regions + " new owner-only regions through descriptors it opened while they were being created (" +
                    summary + "); it opened " + opened.size() + " files of them, such as " + opened.stream().limit(3).toList()));
        }
        finally
        {
            if (snooper != null && snooper.isAlive())
            {
                snooper.destroyForcibly().waitFor();
            }
            try (Stream<Path> files = Files.walk(watched))
            {
                for (final Path file : files.sorted(Comparator.reverseOrder()).toList())
                {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static boolean isRoot() throws Exception
    {
        final Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
        final String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertTrue(id.waitFor(30, TimeUnit.SECONDS), "id -u finished");
        return "0".equals(uid);
    }

    /**
     * Runs {@code mainClass} in a JVM as user and group nobody, with the flags ChildJvm gives its children. The class
     * path is copied to a directory nobody may read, since the build's may lie under root's home.
     *
     * @return its stdout.
     */
    private String runUnprivileged(final Class<?> mainClass, final String... args) throws Exception
    {
        final List<String> command = unprivilegedCommand(mainClass, args);
        final Path stdout = tempDir.resolve("unprivileged.out");
        final Path stderr = tempDir.resolve("unprivileged.err");
        final Process process = new ProcessBuilder(command).directory(tempDir.toFile()).redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!process.waitFor(2, TimeUnit.MINUTES))
        {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the unprivileged JVM did not finish: " + Files.readString(stdout));
        }
        final String output = Files.readString(stdout);
        assertEquals(0, process.exitValue(), "the unprivileged JVM: " + String.join(" ", command) + "\n--- stdout ---\n" + output +
            "\n--- stderr ---\n" + Files.readString(stderr));
        return output;
    }

    /**
     * @return the command that runs {@code mainClass} in a JVM as user and group nobody, with the flags ChildJvm gives
     *         its children and a copy of the class path that nobody may read (the build's may lie under root's home).
     */
    private List<String> unprivilegedCommand(final Class<?> mainClass, final String... args) throws Exception
    {
        final List<String> command = new ArrayList<>(List.of(SETPRIV.toString(), "--reuid=" + UNPRIVILEGED, "--regid=" + UNPRIVILEGED,
            "--clear-groups", Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ChildJvm.inheritedJvmArguments());
        command.add("-XX:-UsePerfData");
        command.add("-cp");
        command.add(ChildJvm.readableClassPath());
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return command;
    }

    @Test
    void shouldNeverWriteThroughASymlinkToAnExistingFile() throws Exception
    {
        final byte[] random = new byte[3 * NativeMemory.pageSize()];
        new Random(11).nextBytes(random);
        final List<byte[]> victims = List.of("precious text\n".getBytes(StandardCharsets.US_ASCII), random,
            new byte[2 * NativeMemory.pageSize()], new byte[0]);
        for (int i = 0; i < victims.size(); i++)
        {
            final Path victim = Files.write(tempDir.resolve("victim-" + i), victims.get(i));
            Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-r-----"));
            final FileTime modified = FileTime.fromMillis(1_000_000_000_000L);
            Files.setLastModifiedTime(victim, modified);
            final Path link = Files.createSymbolicLink(tempDir.resolve("planted-" + i + ".region"), victim);

            final List<Runnable> attempts = List.of(() -> SharedRegion.open(link), () -> SharedRegion.open(link, RegionSpec.defaults()),
                () -> SharedRegion.attach(link), () -> SharedRegion.attachReadOnly(link));
            for (final Runnable attempt : attempts)
            {
                final RegionFormatException ex = assertThrows(RegionFormatException.class, attempt::run);
                assertTrue(ex.getMessage().contains(link.toString()), ex.getMessage());
            }

            assertArrayEquals(victims.get(i), Files.readAllBytes(victim), "the file behind the link is unchanged");
            assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(victim)));
            assertEquals(modified, Files.getLastModifiedTime(victim), "nothing wrote to the file behind the link");
            assertTrue(Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(victim), "the link is left alone");
        }
        try (Stream<Path> files = Files.list(tempDir))
        {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".creating")), "no temporary file is left behind");
        }
    }
}
