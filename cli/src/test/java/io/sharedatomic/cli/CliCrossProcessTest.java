package io.sharedatomic.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import io.sharedatomic.RegionSpec;
import io.sharedatomic.SharedBoolean;
import io.sharedatomic.SharedLong;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands in JVMs of their own against a region this JVM holds open, as an operator uses them against a running
 * service: a value set from the shell is what the service's handle reads next, and a get shows what the service wrote.
 */
class CliCrossProcessTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int NOBODY = 65534;

    @TempDir
    Path tempDir;

    @Test
    void shouldFlipAKillSwitchThatARunningServiceReads() throws Exception
    {
        final Path path = tempDir.resolve("desk.region");
        try (SharedRegion region = SharedRegion.open(path))
        {
            final SharedBoolean halt = region.sharedBoolean("risk.halt");
            final SharedLong sent = region.sharedLong("orders.sent");
            sent.set(12_345);

            final ChildJvm.Result get = ChildJvm.start(SharedAtomicCli.class, "get", path.toString(), "orders.sent").await(TIMEOUT);
            assertEquals(new ChildJvm.Result(0, "12345\n", ""), get);

            final ChildJvm.Result set = ChildJvm.start(SharedAtomicCli.class, "set", path.toString(), "risk.halt", "true").await(TIMEOUT);
            assertEquals(new ChildJvm.Result(0, "risk.halt: false -> true\n", ""), set);
            // The service's handle, attached before, reads the operator's write: no re-attach, no restart.
            assertTrue(halt.get());

            sent.incrementAndGet();
            final ChildJvm.Result refused = ChildJvm.start(SharedAtomicCli.class, "set", "--expect", "12345", path.toString(), "orders.sent", "0")
                .await(TIMEOUT);
            assertEquals(ExitCodes.NOT_EXPECTED, refused.exitCode(), refused.toString());
            assertEquals("shared-atomic set: 'orders.sent' holds 12346, not 12345; nothing written\n", refused.stderr());
            assertEquals(12_346, sent.get());
        }
    }

    @Test
    void shouldReadButNeverWriteAsAUserWithoutWritePermission() throws Exception
    {
        final Path directory = Files.createDirectories(tempDir.resolve("shared"));
        final Path path = directory.resolve("desk.region");
        try (SharedRegion region = SharedRegion.open(path, RegionSpec.defaults().withFilePermissions(PosixFilePermissions.fromString("rw-r--r--"))))
        {
            region.sharedBoolean("risk.halt");
        }
        final byte[] before = Files.readAllBytes(path);
        final ChildJvm.Result get;
        final ChildJvm.Result set;
        if (ChildJvm.runningAsRoot())
        {
            // Root passes every permission check: the operator runs as nobody, who may read the file but not write it.
            Files.setPosixFilePermissions(tempDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
            get = ChildJvm.launcher(SharedAtomicCli.class, "get", path.toString(), "risk.halt").asUser(NOBODY, NOBODY).start().await(TIMEOUT);
            set = ChildJvm.launcher(SharedAtomicCli.class, "set", path.toString(), "risk.halt", "true").asUser(NOBODY, NOBODY).start()
                .await(TIMEOUT);
        }
        else
        {
            // Not root: the file's own mode binds this user.
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("r--r--r--"));
            get = ChildJvm.start(SharedAtomicCli.class, "get", path.toString(), "risk.halt").await(TIMEOUT);
            set = ChildJvm.start(SharedAtomicCli.class, "set", path.toString(), "risk.halt", "true").await(TIMEOUT);
        }
        assertEquals(new ChildJvm.Result(0, "false\n", ""), get);
        assertEquals(new ChildJvm.Result(ExitCodes.FAILED, "", "shared-atomic set: cannot open " + path +
            " to write: permission denied\n"), set);
        assertArrayEquals(before, Files.readAllBytes(path), "nothing was written");

        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        if (ChildJvm.runningAsRoot())
        {
            final ChildJvm.Result unreadable = ChildJvm.launcher(SharedAtomicCli.class, "get", path.toString(), "risk.halt")
                .asUser(NOBODY, NOBODY).start().await(TIMEOUT);
            assertEquals(new ChildJvm.Result(ExitCodes.FAILED, "", "shared-atomic get: cannot open " + path + " to read: permission denied\n"),
                unreadable);
        }
        assertFalse(Files.readString(path, java.nio.charset.StandardCharsets.ISO_8859_1).isEmpty());
    }
}
