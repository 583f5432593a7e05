package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sharedatomic.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that first attached read-only without write permission (a read-only descriptor), then read-write once
 * permitted (a second descriptor), keeps its lease when the read-only region closes first, and gives it up when the
 * last one closes.
 */
class ReadOnlyUpgradeLeaseTest
{
    @TempDir
    Path tempDir;

    @Test
    void shouldKeepTheLeaseFromReadOnlyToReadWriteUntilTheLastClose() throws Exception
    {
        final Path dir = Files.createDirectory(tempDir.resolve("d"));
        Files.setPosixFilePermissions(tempDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        final Path path = dir.resolve("u.region");
        SharedRegion.open(path, RegionSpec.defaults().withFilePermissions(PosixFilePermissions.fromString("rw-r--r--"))).close();
        try (ChildJvm child = ChildJvm.launcher(LeaseProbeChildMain.class, "rorw", path.toString()).asUser(65534, 65534).start())
        {
            child.awaitOutput("ro true", Duration.ofMinutes(2));
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw-rw-"));
            Files.createFile(dir.resolve("go-rw"));
            final Matcher m = Pattern.compile("token (\\d+)").matcher(child.awaitOutput("token ", Duration.ofMinutes(2)));
            m.find();
            final long token = Long.parseLong(m.group(1));
            assertEquals(token + "=alive", LeaseProbe.seenByAnotherProcess(path, token));
            Files.createFile(dir.resolve("close-ro"));
            child.awaitOutput("closed-ro", Duration.ofMinutes(2));
            assertEquals(token + "=alive", LeaseProbe.seenByAnotherProcess(path, token),
                "closing the read-only region (its descriptor) must not drop the lease");
            Files.createFile(dir.resolve("close-rw"));
            child.awaitOutput("closed-rw", Duration.ofMinutes(2));
            assertEquals(token + "=dead", LeaseProbe.seenByAnotherProcess(path, token));
            Files.createFile(dir.resolve("exit"));
            child.await(Duration.ofMinutes(2)).assertSuccess();
        }
    }
}
